"""@mentions: who a mention names, how it reads to each viewer, and what is wrong with one.

The syntax, as the reply box explains it:

- ``@[Mei Lin]``: a member's display name, exactly (letter case aside);
- ``@Mei Lin``: the same without brackets; the longest run of up to four words after the ``@``
  that is exactly one member's display name is taken, so "@Mei Lin said" names Mei Lin;
- ``@Mei``: one word that is the first name of exactly one member;
- ``@handle``: the account's username (it wins over a first name).

Names are looked up, when posting, among the members whose profile the poster may see (so a
hidden member cannot be found by guessing a name); a name that matches several members, or
none, names nobody and the form says so before anything is posted. Because "the only Mei"
may not stay the only one, a name mention is written out as ``@[Display Name]`` when the post
is saved (``canonical_text``); stored posts are read with only the bracket and handle forms.

Each viewer reads a mention as ``community.members.permissions.shown_member`` lets them: the
display name linked to the profile, or the member's neutral name, unlinked.
"""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.translation import gettext

MAX_NAME_WORDS = 4  # the {0,3} below
MAX_MENTIONS = 30  # per text: a wall of @s is not a conversation
_TRAILING = ".,+-'’"

# A bracketed name, or a run of up to MAX_NAME_WORDS words (a handle, or a name's words).
MENTION_RE = re.compile(
    r"(?<![\w@/.\[])@(?:\[(?P<bracket>[^\]\n]{1,80})\]"
    r"|(?P<run>[^\W\d][\w.+'’-]{0,149}(?: [^\W\d_][\w'’-]{0,39}){0,3}))"
)
# Characters Python-Markdown lets a backslash escape; "<" is written as an entity instead.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()>#+!|-])")


@dataclass
class Mention:
    start: int  # where the "@" is
    end: int  # where the mention's text ends (what follows stays as written)
    text: str  # as written: "@Mei", "@[Mei Lin]"
    profile: object = None  # the member's Profile, when the mention names exactly one
    ambiguous: bool = False
    by_name: bool = False  # resolved from a bare name ("@Mei", "@Mei Lin")
    candidates: list = field(default_factory=list)


def _profiles():
    from community.members.models import Profile

    return Profile.objects.filter(user__is_active=True).select_related("user")


def _runs(match):
    """(candidate text, its end) for a bare mention, the longest first."""
    words = match.group("run").split(" ")
    start = match.start("run")
    for count in range(len(words), 0, -1):
        text = " ".join(words[:count]).rstrip(_TRAILING)
        if text:
            yield text, start + len(text)


def _wanted(matches, names):
    """The handles, full names and first words ``matches`` may name."""
    handles, full_names, first_words = set(), set(), set()
    for match in matches:
        if match.group("bracket"):
            full_names.add(match.group("bracket").strip())
            continue
        runs = list(_runs(match))
        handles.add(runs[-1][0])
        if names:
            full_names.update(run for run, _end in runs)
            first_words.add(runs[-1][0])
    return handles, full_names, first_words


@dataclass
class Directory:
    """The members some mentions may name, looked up once: by handle, by display name and
    by a display name's first word (each key casefolded, but handles)."""

    by_handle: dict = field(default_factory=dict)
    by_name: dict = field(default_factory=dict)
    by_first_word: dict = field(default_factory=dict)


def _look_up(handles, full_names, first_words, among=None):
    directory = Directory()
    if handles:
        directory.by_handle = {
            profile.user.get_username(): profile
            for profile in _profiles().filter(user__username__in=handles)
        }
    queries = [Q(display_name__iexact=name) for name in full_names if name]
    queries += [Q(display_name__istartswith=f"{word} ") for word in first_words]
    if queries:
        found = (_profiles() if among is None else among).filter(reduce(or_, queries))
        for profile in found.select_related("user"):
            name = profile.display_name.strip()
            directory.by_name.setdefault(name.casefold(), []).append(profile)
            first = name.split(" ", 1)[0]
            if first != name:
                directory.by_first_word.setdefault(first.casefold(), []).append(profile)
    return directory


def _matches(text):
    return list(MENTION_RE.finditer(text or ""))[:MAX_MENTIONS]


def directory_for(texts):
    """One look-up for every member the stored ``texts`` mention (a page of posts), to hand
    to ``link_mentions`` for each: a thread page costs the same queries whatever its length."""
    handles, full_names, first_words = set(), set(), set()
    for text in texts:
        wanted = _wanted(_matches(text), names=False)
        handles |= wanted[0]
        full_names |= wanted[1]
        first_words |= wanted[2]
    return _look_up(handles, full_names, first_words)


def find_mentions(text, among=None, names=False, directory=None):
    """The mentions in ``text`` with the member each names (``profile``, or None).

    ``among``: the profiles a display name may name (default: every active member's);
    ``names``: whether bare names (``@Mei``, ``@Mei Lin``) count, as they do while posting.
    Without ``names`` only mentions that name someone are returned. ``directory``: the
    members already looked up (``directory_for``), for stored texts only (no ``names``).
    """
    matches = _matches(text)
    if not matches:
        return []
    if directory is None:
        directory = _look_up(*_wanted(matches, names), among=among)
    by_handle, by_name = directory.by_handle, directory.by_name
    by_first_word = directory.by_first_word

    mentions = []
    for match in matches:
        if match.group("bracket"):
            found = by_name.get(match.group("bracket").strip().casefold(), [])
            mentions.append(_mention(match.start(), match.end(), text, found))
            continue
        runs = list(_runs(match))
        handle, handle_end = runs[-1]
        mention = None
        for run, end in runs:
            if end == handle_end and handle in by_handle:
                mention = _mention(match.start(), end, text, [by_handle[handle]])
                break
            found = by_name.get(run.casefold(), []) if names else []
            if found:
                mention = _mention(match.start(), end, text, found, by_name=True)
                break
        if mention is None and names:
            found = by_first_word.get(handle.casefold(), [])
            mention = _mention(match.start(), handle_end, text, found, by_name=True)
        if mention is not None:
            mentions.append(mention)
    return [m for m in mentions if names or m.profile is not None]


def _mention(start, end, text, found, by_name=False):
    return Mention(
        start=start,
        end=end,
        text=text[start:end],
        profile=found[0] if len(found) == 1 else None,
        ambiguous=len(found) > 1,
        by_name=by_name,
        candidates=found,
    )


def _rewrite(text, mentions, replacement):
    pieces, position = [], 0
    for mention in mentions:
        pieces += [text[position : mention.start], replacement(mention)]
        position = mention.end
    pieces.append(text[position:])
    return "".join(pieces)


def _bracketed(profile):
    return f"@[{profile.display_name.replace('[', '(').replace(']', ')')}]"


def _markdown_text(value):
    """``value`` as literal text in Markdown (a name is never markup)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", value).replace("<", "&lt;")


# --- posting ---------------------------------------------------------------------------------


def postable_among(author):
    """The profiles ``author`` may name: the ones whose profile they may see."""
    from community.members.permissions import visible_profiles

    return visible_profiles(author, _profiles())


def canonical_text(text, author):
    """The text to save: each bare name mention written out as ``@[Display Name]``, so it
    keeps naming the same member when another with the same first name joins."""
    mentions = [
        m
        for m in find_mentions(text, among=postable_among(author), names=True)
        if m.profile is not None and m.by_name
    ]
    return _rewrite(text, mentions, lambda m: _bracketed(m.profile)) if mentions else text


def mention_problems(text, author, can_see=None):
    """Sentences that point out each mention that will notify nobody: it names no member,
    several, or someone who cannot see the discussion (``can_see(user)`` says who can)."""
    problems = []
    for mention in find_mentions(text, among=postable_among(author), names=True):
        if mention.ambiguous:
            names = ", ".join(sorted({p.display_name for p in mention.candidates})[:5])
            problems.append(
                gettext(
                    "%(mention)s could be several members (%(names)s): write the full name "
                    "in brackets, e.g. @[%(example)s]."
                )
                % {
                    "mention": mention.text,
                    "names": names,
                    "example": mention.candidates[0].display_name,
                }
            )
        elif mention.profile is None:
            problems.append(
                gettext(
                    "%(mention)s does not name any member you can see: nobody will be notified."
                )
                % {"mention": mention.text}
            )
        elif can_see is not None and not can_see(mention.profile.user):
            problems.append(
                gettext("%(name)s cannot see this discussion, so %(mention)s will not notify them.")
                % {"name": mention.profile.display_name, "mention": mention.text}
            )
    return list(dict.fromkeys(problems))


def suggestions(author, prefix, can_see=None, limit=8):
    """Members ``author`` may name whose display name (or one of its words) starts with
    ``prefix``, and who can see the discussion: what the reply box offers as they type."""
    prefix = " ".join(prefix.split())[:80]
    if not prefix:
        return []
    candidates = (
        postable_among(author)
        .exclude(user=author)
        .filter(Q(display_name__istartswith=prefix) | Q(display_name__icontains=f" {prefix}"))
        .order_by("display_name")[: limit * 4]
    )
    found = [p for p in candidates if can_see is None or can_see(p.user)]
    return [{"name": p.display_name, "mention": _bracketed(p)} for p in found[:limit]]


# --- reading ---------------------------------------------------------------------------------


def mentioned_users(text):
    return {m.profile.user for m in find_mentions(text)}


def link_mentions(text, viewer=None, directory=None):
    """Markdown with each mention as ``viewer`` (None: a visitor) may see the member: the
    display name linked to the profile, or the member's neutral name without a link.
    ``directory``: the members looked up for a whole page (``directory_for``)."""
    from community.members.permissions import shown_member

    def replace(mention):
        shown = shown_member(viewer, mention.profile)
        if shown.url:
            return f"[@{_markdown_text(shown.name)}]({shown.url})"
        return f"@{_markdown_text(shown.name)}"

    mentions = find_mentions(text, directory=directory)
    return _rewrite(text, mentions, replace) if mentions else text or ""


_BRACKETS = re.compile(r"@\[([^\]\n]{1,80})\]")


def without_mention_syntax(text):
    """Plain text with what is left of the ``@[…]`` syntax (a mention of nobody, which
    ``link_mentions`` keeps as typed) as its bare words."""
    return _BRACKETS.sub(r"\1", text or "")


def quotable_text(text, viewer):
    """``text`` for a quote by ``viewer``: mentions of members they may see stay mentions,
    others become the neutral name, so quoting discloses nothing the page does not."""
    from community.members.permissions import shown_member

    def replace(mention):
        shown = shown_member(viewer, mention.profile)
        return _bracketed(shown.profile) if shown.profile else shown.name

    mentions = find_mentions(text)
    return _rewrite(text, mentions, replace) if mentions else text or ""
