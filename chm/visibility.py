"""Who may see what a member publishes about themself: one vocabulary, one rule.

A member's profile and their expert profile each carry a ``visibility``: ``public`` (anyone),
``members`` (signed-in members) or ``private`` (nobody but the member). Models keep their own
labels, which say what the choice means for that record, but take the values from
``Visibility`` so the rule below (and the audience tokens the search index stores) means the
same for both. Staff exceptions (e.g. superusers see every member profile) stay in each app's
``permissions.py``.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from exchange.serializers import MEMBERS, PUBLIC, user_audience


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    PRIVATE = "private", _("Private")


def _signed_in(user):
    return user is not None and user.is_authenticated


def can_see(user, visibility, owner_id):
    """Whether ``user`` (None: an anonymous visitor) may see a record with this visibility
    owned by the member ``owner_id``."""
    if _signed_in(user) and user.pk == owner_id:
        return True
    if visibility == Visibility.PUBLIC:
        return True
    return visibility == Visibility.MEMBERS and _signed_in(user)


def visible_q(user, owner_field, field="visibility"):
    """The ``Q`` filter of ``can_see``: ``owner_field`` names the owner's user id (e.g.
    ``"user_id"``, ``"profile__user_id"``), ``field`` the visibility."""
    allowed = Q(**{field: Visibility.PUBLIC})
    if _signed_in(user):
        allowed |= Q(**{field: Visibility.MEMBERS}) | Q(**{owner_field: user.pk})
    return allowed


def audiences(visibility, owner_id):
    """The audience tokens (``exchange.serializers``) that agree with ``can_see``."""
    if visibility == Visibility.PUBLIC:
        return [PUBLIC]
    if visibility == Visibility.MEMBERS:
        return [MEMBERS, user_audience(owner_id)]
    return [user_audience(owner_id)]
