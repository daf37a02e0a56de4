"""Who may see and change member profiles: the single place these rules live."""

from django.db.models import Q

from .models import Profile


def can_view_profile(user, profile):
    if user.is_authenticated and (user.pk == profile.user_id or user.is_superuser):
        return True
    if profile.visibility == Profile.Visibility.PUBLIC:
        return True
    if profile.visibility == Profile.Visibility.MEMBERS:
        return user.is_authenticated
    return False


def can_edit_profile(user, profile):
    """Only the member edits their own profile; staff act through the Wagtail admin."""
    return user.is_authenticated and user.pk == profile.user_id


def visible_profiles(queryset, user):
    if user.is_authenticated and user.is_superuser:
        return queryset
    allowed = Q(visibility=Profile.Visibility.PUBLIC)
    if user.is_authenticated:
        allowed |= Q(visibility=Profile.Visibility.MEMBERS) | Q(user_id=user.pk)
    return queryset.filter(allowed)
