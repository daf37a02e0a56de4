"""Sign-up with the site's policies: a member joins by accepting the terms of use and the code
of conduct, and the acceptance is recorded with its time and the version of each text.

allauth builds its sign-up form from ``ACCOUNT_FORMS["signup"]`` (this class), which itself
extends ``ACCOUNT_SIGNUP_FORM_CLASS`` (the members app's profile fields), so the profile fields
and this checkbox are one form. allauth loads the class by name, at run time.
https://docs.allauth.org/en/latest/account/forms.html#signup
"""

from allauth.account.forms import SignupForm as AllauthSignupForm

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from .models import Acceptance, SiteSettings


def policy_pages(request):
    """``{policy: page}`` for the policies the request's site names (terms, conduct)."""
    site = Site.find_for_request(request)
    if site is None:
        return {}
    site_settings = SiteSettings.for_site(site)
    pages = {
        Acceptance.Policy.TERMS: site_settings.terms_page,
        Acceptance.Policy.CONDUCT: site_settings.conduct_page,
    }
    return {policy: page for policy, page in pages.items() if page is not None}


def record_acceptance(request, user):
    """One Acceptance per policy, pointing at the text as published now."""
    for policy in Acceptance.Policy:
        page = policy_pages(request).get(policy)
        revision = page.specific.live_revision if page is not None else None
        Acceptance.objects.create(user=user, policy=policy, page=page, revision=revision)


class SignupForm(AllauthSignupForm):
    accept_policies = forms.BooleanField(
        label=_("I accept the terms of use and the code of conduct"),
        required=True,
        error_messages={
            "required": _("To join, please accept the terms of use and the code of conduct.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Last, just above the button, after the sentence that links the texts.
        self.fields["accept_policies"] = self.fields.pop("accept_policies")

    @transaction.atomic
    def save(self, request):
        user = super().save(request)
        record_acceptance(request, user)
        return user
