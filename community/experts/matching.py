"""Word and stem matching for the expert directory, in the visitor's language.

Tags, headlines and publications are free text in whatever language the expert wrote them,
so a visitor's ``invasive`` must find "Invasive alien species" and ``restauración`` must find
"restaurar". On PostgreSQL the directory uses full-text search (``to_tsvector`` /
``plainto_tsquery``: every word must match and nothing is an operator, as on SQLite) in the
visitor's language's text search configuration; elsewhere (the embedded SQLite default) it
matches stems made by the same Snowball algorithms in Python (``snowballstemmer``).

Both read two columns the expert profile keeps on every save and tag change
(``ExpertProfile.refresh_search_text``): ``search_text``, the plain text of what the visitor may
read on the profile (headline, areas of expertise, publications if shown), with an accent-free
copy so ``restauracion`` and ``restauración`` meet; and ``search_stems``, that text's stems in
every supported language as `` lang:stem `` tokens (areas of expertise once more as
`` lang~stem `` so the "area of expertise" filter can match them alone). The unified site
search lives above this app (``search/``) and cannot be used from here.
"""

import re
import unicodedata

import snowballstemmer

from django.db import connections
from django.db.models import Q

# Languages with a Snowball stemmer and a PostgreSQL text search configuration; others (Chinese)
# match whole words ("simple").
STEMMERS = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}
SIMPLE = "simple"
MAX_WORDS = 12  # of a query
MAX_TEXT = 20_000  # characters of an expert's text kept for matching
_WORD = re.compile(r"\w+", re.UNICODE)
_stemmers = {}


def language_key(language):
    """``en``, ``es``… for a Django language code; ``simple`` where no stemmer exists."""
    code = (language or "").split("-")[0].lower()
    return code if code in STEMMERS else SIMPLE


def postgres_config(language):
    key = language_key(language)
    return STEMMERS.get(key, SIMPLE)


def unaccent(text):
    """``restauración`` -> ``restauracion``; Arabic short vowels go too."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def words(text):
    return [word.casefold() for word in _WORD.findall(text or "")]


def _stem(key, word):
    if key == SIMPLE:
        return word
    stemmer = _stemmers.get(key)
    if stemmer is None:
        stemmer = _stemmers[key] = snowballstemmer.stemmer(STEMMERS[key])
    return stemmer.stemWord(word)


def forms(key, word):
    """The stems a word may be found by in one language: of the word and of its accent-free
    spelling, each also without accents."""
    variants = {word, unaccent(word)}
    stems = {_stem(key, variant) for variant in variants}
    return {form for stem in stems for form in (stem, unaccent(stem)) if form}


def stem_tokens(text, tags=()):
    """The `` lang:stem `` (and, for tags, `` lang~stem ``) tokens stored for an expert."""
    text_words = set(words(text))
    tag_words = {word for tag in tags for word in words(tag)}
    tokens = set()
    for key in [*STEMMERS, SIMPLE]:
        for word in text_words | tag_words:
            tokens.update(f"{key}:{form}" for form in forms(key, word))
        for word in tag_words:
            tokens.update(f"{key}~{form}" for form in forms(key, word))
    return f" {' '.join(sorted(tokens))} " if tokens else ""


def plain_text(*parts):
    """What ``search_text`` stores: the parts, and their accent-free spelling if different."""
    text = " ".join(part for part in parts if part)[:MAX_TEXT]
    bare = unaccent(text)
    return text if bare == text else f"{text} {bare}"


def _stem_q(query, language, separator, field="search_stems"):
    """Every query word (any of its forms) among the stored tokens."""
    key = language_key(language)
    condition = Q()
    terms = words(query)[:MAX_WORDS]
    if not terms:
        return None
    for word in terms:
        any_form = Q()
        for form in forms(key, word):
            any_form |= Q(**{f"{field}__contains": f" {key}{separator}{form} "})
        condition &= any_form
    return condition


def text_matches(queryset, query, language):
    """``queryset`` narrowed to experts whose text matches the query's words (all of them),
    by stem in ``language``, or whose name or headline contains the query as typed."""
    typed = Q(headline__icontains=query) | Q(profile__display_name__icontains=query)
    if connections[queryset.db].vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        config = postgres_config(language)
        text = query[:1000]
        tsquery = SearchQuery(text, config=config, search_type="plain")
        bare = unaccent(text)
        if bare != text:
            tsquery |= SearchQuery(bare, config=config, search_type="plain")
        matched = queryset.annotate(_words=SearchVector("search_text", config=config)).filter(
            _words=tsquery
        )
        return queryset.filter(typed | Q(pk__in=matched.values("pk")))
    stems = _stem_q(query, language, ":")
    return queryset.filter(typed | stems) if stems is not None else queryset.filter(typed)


def expertise_matches(queryset, term, language):
    """Experts with an area of expertise named ``term`` (its slug or name) or whose areas of
    expertise hold all its words, by stem in ``language``."""
    exact = Q(expertise__slug=term) | Q(expertise__name__iexact=term)
    stems = _stem_q(term, language, "~")
    exact_pks = queryset.filter(exact).values("pk")
    if stems is None:
        return queryset.filter(pk__in=exact_pks)
    return queryset.filter(Q(pk__in=exact_pks) | stems)
