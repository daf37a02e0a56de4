"""Who may see, edit and contact experts: the single place these rules live."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from .models import ExpertProfile


def _is_owner(user, expert):
    return user.is_authenticated and expert.profile.user_id == user.pk


def visible_experts(queryset, user):
    """Expert profiles on the roster that ``user`` may see. Off-roster (hidden) profiles are
    only ever seen by their owner."""
    allowed = Q(visibility=ExpertProfile.Visibility.PUBLIC)
    if user.is_authenticated:
        allowed |= Q(visibility=ExpertProfile.Visibility.MEMBERS) | Q(profile__user_id=user.pk)
    return queryset.filter(allowed)


def can_view_expert(user, expert):
    if _is_owner(user, expert):
        return True
    if expert.visibility == ExpertProfile.Visibility.PUBLIC:
        return True
    return expert.visibility == ExpertProfile.Visibility.MEMBERS and user.is_authenticated


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
        and expert.visibility != ExpertProfile.Visibility.HIDDEN
        and can_view_expert(user, expert)
    )


def _hit(key, limit, window):
    """Count one attempt in a fixed window; False once ``limit`` is exceeded."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def contact_rate_allowed(user, ip_address):
    """At most EXPERT_CONTACT_LIMITS["sender"] messages per sender and ["ip"] per IP address
    in each window (seconds). Kept in the cache so every web process shares it (Redis)."""
    limits = settings.EXPERT_CONTACT_LIMITS
    window = limits["window"]
    sender_ok = _hit(f"experts:contact:user:{user.pk}", limits["sender"], window)
    ip_ok = _hit(f"experts:contact:ip:{ip_address}", limits["ip"], window)
    return sender_ok and ip_ok
