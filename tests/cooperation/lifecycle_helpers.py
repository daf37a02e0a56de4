"""Helpers of the lifecycle, email and helpdesk-admin tests (part A)."""

from django.contrib.auth.models import Permission

from wagtail.users.models import UserProfile

from community.members.factories import ProfileFactory
from community.members.models import FocalPoint
from taxonomy.models import Country


def make_helpdesk(name="Helga Desk", email="helpdesk@example.org", language=""):
    """A member of the cooperation helpdesk: the helpdesk permission and admin access."""
    user = ProfileFactory(display_name=name).user
    user.email = email
    user.save()
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="cooperation", codename="act_as_helpdesk"),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    if language:
        set_language(user, language)
    return user


def make_focal_point(country_code, name=None, language=""):
    user = ProfileFactory(display_name=name or f"Focal point {country_code}").user
    FocalPoint.objects.create(user=user, country=Country.objects.get(code=country_code))
    if language:
        set_language(user, language)
    return user


def set_language(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
