"""Who may see and change member profiles: the single place these rules live.

The visibility vocabulary and its rule are shared with expert profiles (``chm.visibility``);
what is particular to profiles is that superusers see them all.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from chm import visibility

from .models import Profile


def _is_superuser(user):
    return user is not None and user.is_authenticated and user.is_superuser


def can_view_profile(user, profile):
    """``user`` None: an anonymous visitor."""
    return _is_superuser(user) or visibility.can_see(user, profile.visibility, profile.user_id)


def can_edit_profile(user, profile):
    """Only the member edits their own profile; staff act through the Wagtail admin."""
    return user.is_authenticated and user.pk == profile.user_id


def visible_profiles(user, queryset=None):
    queryset = Profile.objects.all() if queryset is None else queryset
    if _is_superuser(user):
        return queryset
    return queryset.filter(visibility.visible_q(user, owner_field="user_id"))


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
