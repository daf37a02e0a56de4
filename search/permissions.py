"""Who sees what in search: the one place the rule lives.

A record is indexed with the audience tokens its serializer gives it
(``RecordSerializer.audiences``); a searcher holds the tokens of
``exchange.serializers.audiences_for_user``. Backends only return, and only count in facets,
records that share a token with the searcher, so a restricted record never shows up, not even
as a number.
"""

from exchange.serializers import audiences_for_user


def searcher_audiences(user):
    """The audience tokens a search runs with for ``user`` (anonymous: public only)."""
    return frozenset(audiences_for_user(user))


def is_searchable(document):
    """A record with no audience (e.g. a password-protected page) is never indexed."""
    return bool(document.get("audiences"))
