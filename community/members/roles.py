"""Roles members hold for a country: the national focal point.

The helpers later features use to let a focal point act for their own country only. Every
function takes the ``user`` first. Editors act for every country: active superusers and users
with the ``members.act_for_all_countries`` permission (given to the Editors and Moderators
groups). A focal point acts for the countries of their current assignments; revoked
assignments, inactive accounts and anonymous visitors grant nothing.
"""

from taxonomy.models import Country

from .models import FocalPoint


def acts_for_all_countries(user):
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("members.act_for_all_countries"))
    )


def focal_point_countries(user):
    """The countries ``user`` is national focal point for now."""
    if not (user.is_authenticated and user.is_active):
        return Country.objects.none()
    return Country.objects.filter(
        pk__in=FocalPoint.objects.active().filter(user_id=user.pk).values("country_id")
    )


def is_focal_point_for(user, country):
    return focal_point_countries(user).filter(pk=country.pk).exists()


def can_act_for_country(user, country):
    """May ``user`` act on behalf of ``country`` (e.g. publish or approve its records)?"""
    if country is None:
        return False
    return acts_for_all_countries(user) or is_focal_point_for(user, country)


def limit_to_user_countries(user, queryset, field="countries"):
    """The records of ``queryset`` classified under a country ``user`` may act for.

    ``field`` names the country field to follow (``countries`` on every classified record,
    ``country`` on e.g. a partner's headquarters); editors get the queryset unchanged.
    """
    if acts_for_all_countries(user):
        return queryset
    lookup = {f"{field}__in": focal_point_countries(user)}
    return queryset.filter(**lookup).distinct()
