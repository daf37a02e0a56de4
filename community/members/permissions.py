"""Who may see and change member profiles: the single place these rules live.

The visibility vocabulary and its rule are shared with expert profiles (``chm.visibility``);
what is particular to profiles is that superusers see them all.
"""

from dataclasses import dataclass

from django.utils.translation import gettext

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


@dataclass(frozen=True)
class ShownMember:
    """What a viewer sees of a member: a name, and the profile's address or None."""

    name: str
    url: str | None = None
    profile: Profile | None = None  # set only when the viewer may see the profile


def shown_member(user, member):
    """What ``user`` (the viewer; None: an anonymous visitor) sees of ``member`` (a user, a
    profile, or None for a deleted account): every face that names a member (author lines,
    mentions, quotes, notifications, feeds, search documents, filter options) asks this.

    Whoever may see the profile sees the display name linked to it; anyone else sees the
    neutral name the member chose (``public_name``) or "a member", unlinked, so a hidden
    profile is neither named nor pointed to.
    """
    if member is None:
        return ShownMember(gettext("Deleted member"))
    profile = member if isinstance(member, Profile) else _profile_of(member)
    if profile is not None and can_view_profile(user, profile):
        return ShownMember(profile.display_name, profile.get_absolute_url(), profile)
    public_name = profile.public_name.strip() if profile is not None else ""
    return ShownMember(public_name or gettext("a member"))


def _profile_of(user):
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


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
