"""Who may see, edit and contact experts: the single place these rules live.

The visibility vocabulary and its rule are shared with member profiles (``chm.visibility``);
what is particular to experts is the roster: a private expert profile is off it, seen by
nobody but its owner (not even in search or the API).
"""

from chm import visibility

from .models import ExpertProfile


def _is_owner(user, expert):
    return user is not None and user.is_authenticated and expert.profile.user_id == user.pk


def visible_experts(user, queryset=None):
    """Expert profiles ``user`` (None: an anonymous visitor) may open, their own included."""
    queryset = ExpertProfile.objects.all() if queryset is None else queryset
    return queryset.filter(visibility.visible_q(user, owner_field="profile__user_id"))


def is_listed(expert):
    """On the roster: found in the directory, search and the API by whoever may see it."""
    return expert.visibility != ExpertProfile.Visibility.PRIVATE


def listed_experts(user, queryset=None):
    """The roster as ``user`` sees it: visible and not private (one's own private profile is
    reached from the dashboard, never listed)."""
    return visible_experts(user, queryset).exclude(visibility=ExpertProfile.Visibility.PRIVATE)


def expert_audiences(expert):
    """Audience tokens of an expert profile in the search index; agree with
    ``listed_experts``."""
    return visibility.audiences(expert.visibility, expert.profile.user_id)


def can_view_expert(user, expert):
    return visibility.can_see(user, expert.visibility, expert.profile.user_id)


def can_edit_expert(user, expert):
    return _is_owner(user, expert)


def shown_fields(user, expert):
    """The optional fields this visitor sees: the expert's choices, or all of them for the
    expert themself."""
    fields = {"organization", "orcid", "publications", "languages"}
    if _is_owner(user, expert):
        return fields
    return {name for name in fields if getattr(expert, f"show_{name}")}


def can_contact_expert(user, expert):
    """Signed-in members (never anonymous visitors, to keep spam out) may write to an expert
    who accepts messages and whose profile they can see; not to themselves."""
    return (
        user.is_authenticated
        and not _is_owner(user, expert)
        and expert.accepts_contact
        and is_listed(expert)
        and can_view_expert(user, expert)
    )
