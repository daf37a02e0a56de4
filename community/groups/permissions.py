"""Who may see groups and join or manage them: the single place these rules live.

Listed groups are public: anyone may learn that a group exists, what it is for and how to
join, never who its members are nor anything restricted to it. Unlisted groups are seen only
by their members, their managers and editors. Managers (named by editors in the Wagtail admin)
and superusers decide requests to join.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import GroupProfile, JoinPolicy, JoinRequest

MANAGE_ALL_PERMISSION = "groups.change_groupprofile"


def _authenticated(user):
    return user is not None and user.is_authenticated and user.is_active


def is_editor(user):
    """Editors manage every group's profile in the admin and may decide any request."""
    return _authenticated(user) and (user.is_superuser or user.has_perm(MANAGE_ALL_PERMISSION))


def grants_permissions(group):
    """A group that carries permissions (editors, moderators) must never be joined by request."""
    return group.permissions.exists()


# --- seeing ---------------------------------------------------------------------------------


def visible_groups(user, queryset=None):
    queryset = GroupProfile.objects.all() if queryset is None else queryset
    if is_editor(user):
        return queryset
    if _authenticated(user):
        return queryset.filter(
            Q(is_listed=True) | Q(group__in=user.groups.all()) | Q(managers=user)
        ).distinct()
    return queryset.filter(is_listed=True)


def can_view_group(user, profile):
    return visible_groups(user).filter(pk=profile.pk).exists()


def is_member(user, profile):
    return _authenticated(user) and user.groups.filter(pk=profile.group_id).exists()


def is_manager(user, profile):
    if not _authenticated(user):
        return False
    return is_editor(user) or profile.managers.filter(pk=user.pk).exists()


def managed_groups(user):
    """The groups whose requests ``user`` decides."""
    if is_editor(user):
        return GroupProfile.objects.all()
    if not _authenticated(user):
        return GroupProfile.objects.none()
    return GroupProfile.objects.filter(managers=user)


# --- joining --------------------------------------------------------------------------------


def join_refusal(user, profile):
    """Why ``user`` may not ask to join ``profile``'s group, in words for them; ``None`` when
    they may. The page shows it instead of the form, and the service refuses with it."""
    if not _authenticated(user):
        return _("Sign in to ask to join this group.")
    if is_member(user, profile):
        return _("You are a member of this group.")
    if JoinRequest.objects.pending().filter(group_profile=profile, user=user).exists():
        return _("Your request to join is waiting for a manager.")
    if profile.join_policy == JoinPolicy.INVITATION:
        return _("This group is by invitation only: its managers invite members.")
    if grants_permissions(profile.group):
        return _("This group cannot be joined by request.")
    if profile.join_policy == JoinPolicy.CONSTITUENCY and not _in_constituency(user, profile):
        return _(
            "This group is for members of the %(constituency)s constituency: add it to your "
            "profile if you belong to it, then ask to join."
        ) % {"constituency": profile.constituency.label if profile.constituency else ""}
    return None


def _in_constituency(user, profile):
    """Whether the member's own profile names the group's constituency."""
    if profile.constituency_id is None:
        return False
    return profile.constituency.members.filter(user=user).exists()


def can_request_to_join(user, profile):
    return join_refusal(user, profile) is None


def can_decide(user, join_request):
    """Approve or decline: a manager of the group (or an editor), while the request waits.
    Nobody decides their own request."""
    return (
        join_request.is_pending
        and join_request.user_id != getattr(user, "pk", None)
        and is_manager(user, join_request.group_profile)
    )


def can_withdraw(user, join_request):
    return join_request.is_pending and _authenticated(user) and join_request.user_id == user.pk


def pending_requests_for(user):
    """Requests waiting for ``user`` to decide."""
    return JoinRequest.objects.pending().filter(group_profile__in=managed_groups(user))
