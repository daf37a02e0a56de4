"""Who may see and change member profiles: the single place these rules live."""

from django.db.models import Q

from wagtail.permission_policies import ModelPermissionPolicy

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


class FocalPointPermissionPolicy(ModelPermissionPolicy):
    """Assigning and revoking national focal points (the admin's every action) needs one
    dedicated permission, ``members.manage_focal_points``; nobody deletes an assignment, since
    the revoked ones are the audit of who held the role."""

    def _get_permission_codenames(self, actions):
        return {"manage_focal_points"} if set(actions) - {"delete"} else set()

    def _get_permission_name(self, action):
        return "members.manage_focal_points"

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
