"""@mentions: ``@handle`` (the account's username) or ``@[Display Name]``.

A mention becomes a link to the member's profile (whose own visibility rule still applies
when followed) and notifies the member if they can see the thread.
"""

import re
from functools import reduce
from operator import or_

from django.db.models import Q

MENTION_RE = re.compile(
    r"(?<![\w@/.\[])@(?:\[([^\]\n]{1,80})\]|([A-Za-z0-9_][A-Za-z0-9_.+-]{1,149}))"
)


def _parse(text):
    handles, names = set(), set()
    for match in MENTION_RE.finditer(text or ""):
        if match.group(1):
            names.add(match.group(1).strip())
        else:
            handles.add(match.group(2).rstrip(".-+"))
    return handles, names


def resolve_mentions(text):
    """``{mention text: Profile}`` for the mentions in ``text`` that name exactly one member."""
    from community.members.models import Profile

    handles, names = _parse(text)
    if not handles and not names:
        return {}
    found = {}
    if handles:
        for profile in Profile.objects.filter(user__username__in=handles).select_related("user"):
            found[profile.user.username] = profile
    if names:
        query = reduce(or_, (Q(display_name__iexact=name) for name in names))
        by_name = {}
        for profile in Profile.objects.filter(query).select_related("user"):
            by_name.setdefault(profile.display_name.casefold(), []).append(profile)
        for name in names:
            matches = by_name.get(name.casefold(), [])
            if len(matches) == 1:  # an ambiguous name mentions nobody
                found[f"[{name}]"] = matches[0]
    return found


def mentioned_users(text):
    return {profile.user for profile in resolve_mentions(text).values()}


def link_mentions(text):
    """Markdown with each resolvable mention turned into a link to the member's profile."""
    found = resolve_mentions(text)
    if not found:
        return text or ""

    def replace(match):
        key = f"[{match.group(1).strip()}]" if match.group(1) else match.group(2).rstrip(".-+")
        profile = found.get(key)
        if profile is None:
            return match.group(0)
        trailing = "" if match.group(1) else match.group(2)[len(key) :]
        label = profile.display_name.replace("[", "").replace("]", "")
        return f"[@{label}]({profile.get_absolute_url()}){trailing}"

    return MENTION_RE.sub(replace, text)


def mentions_as_text(text):
    """Markdown with each mention's ``@`` syntax replaced by what any visitor may read: the
    display name of a public profile, "a member" for any other (never a private name, even
    one the author typed as ``@[Name]``), the bare words for a mention of nobody.

    For text shared by every viewer (the search document, feeds, summaries); pages link
    mentions per viewer through ``link_mentions``.
    """
    from django.utils.translation import gettext

    from community.members.permissions import can_view_profile

    found = resolve_mentions(text)

    def replace(match):
        key = f"[{match.group(1).strip()}]" if match.group(1) else match.group(2).rstrip(".-+")
        trailing = "" if match.group(1) else match.group(2)[len(key) :]
        profile = found.get(key)
        if profile is None:
            label = match.group(1).strip() if match.group(1) else key
        elif can_view_profile(None, profile):
            label = profile.display_name
        else:
            label = gettext("a member")
        # Markdown characters in a name are the name's, not formatting.
        return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~])", r"\\\1", label) + trailing

    return MENTION_RE.sub(replace, text or "")
