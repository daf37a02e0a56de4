"""How django-allauth talks to members: sign-up policy, names and the site in its emails.

https://docs.allauth.org/en/latest/account/advanced.html
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context

from django.conf import settings

from chm.mail import send_message


def user_display(user):
    """The name allauth greets a member by ("Successfully signed in as …", its emails): the
    display name the member chose, not the generated username (``ACCOUNT_USER_DISPLAY``).
    Only the member themselves reads these."""
    profile = getattr(user, "profile", None)
    name = getattr(profile, "display_name", "") or user.get_full_name()
    return name or user.email or user.get_username()


@dataclass(frozen=True)
class PortalSite:
    """What allauth's email templates call ``current_site``: the portal's name and host.

    Without ``django.contrib.sites`` allauth falls back to the request's host for both, so its
    emails said "Hello from 127.0.0.1:8000!"."""

    name: str
    domain: str

    @classmethod
    def for_request(cls, request=None):
        name = settings.WAGTAIL_SITE_NAME
        if request is not None:
            from wagtail.models import Site

            site = Site.find_for_request(request)
            if site is not None and site.site_name and not site.is_default_site:
                name = site.site_name  # a national site keeps its own name
            return cls(name=name, domain=request.get_host())
        return cls(name=name, domain=urlsplit(settings.BASE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up can be closed on a deployment with ACCOUNT_ALLOW_SIGNUPS=False."""

    def is_open_for_signup(self, request):
        return getattr(settings, "ACCOUNT_ALLOW_SIGNUPS", True)

    def send_mail(self, template_prefix, email, context):
        """Render allauth's email here (it needs the request) and send it through the retrying
        mail task (``chm.mail``): a mail server that is down never fails sign-up, password
        reset or an email change; the message goes out when the server is back."""
        request = context.get("request") or allauth_context.request
        context = {"current_site": PortalSite.for_request(request), **context}
        send_message(self.render_mail(template_prefix, email, context))
