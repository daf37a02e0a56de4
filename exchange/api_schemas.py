"""The public API's schemas, for its OpenAPI document (and the docs page built from it).

A record's common keys are typed; the keys a type adds (``extra_fields``) are allowed as
additional properties: the shape itself is ``RecordSerializer.to_api``'s.
"""

import datetime

from ninja import Schema
from pydantic import ConfigDict, Field

from .pagination import DEFAULT_LIMIT, MAX_LIMIT

RECORD_FILTERS_DOC = (
    "Filters, the same as the listings': `target` (a number from 1 to 23 or GBF-TARGET-07), "
    "`country` (ISO 3166-1 alpha-2), `region` (UN M49), `theme` (thematic area identifier), "
    "`language` (ISO 639-1), `published_after` / `published_before` (dates), `updated_since` "
    "(a date and time, ISO 8601, with Z or an encoded %2B offset: what changed since), "
    "`q` (text found in the title or summary, "
    "case-insensitive). A record type without a taxonomy field has no record for that "
    "filter. Newest update first; `next` is the next page's address (null on the last page)."
)


class Error(Schema):
    detail: str | list[dict] = Field(description="What was wrong with the request.")


class ProvenanceSchema(Schema):
    source: str
    identifier: str
    revision: str | None = None
    url: str | None = None
    fetched_at: str | None = None


class RecordSchema(Schema):
    model_config = ConfigDict(extra="allow")

    uuid: str
    type: str
    title: str
    summary: str | None = None
    url: str | None = None
    published: str | None = None
    updated: str | None = None
    language: str | None = None
    targets: list[str]
    countries: list[str]
    regions: list[str]
    thematic_areas: list[str]
    constituencies: list[str]
    body: str | None = None
    provenance: ProvenanceSchema | None = None


class RecordPage(Schema):
    items: list[RecordSchema]
    next: str | None = Field(description="The next page's address; null on the last page.")


class RecordFilterQuery(Schema):
    type: list[str] | None = Field(
        None, description="Record types (repeatable); default: every type."
    )
    target: str | None = Field(None, description="A KMGBF target: 7 or GBF-TARGET-07.")
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code, e.g. KE.")
    region: str | None = Field(None, description="UN M49 region code, e.g. 002.")
    theme: str | None = Field(None, description="Thematic area identifier.")
    language: str | None = Field(None, description="The record's language, e.g. fr.")
    published_after: datetime.date | None = Field(None, description="Published on or after.")
    published_before: datetime.date | None = Field(None, description="Published on or before.")
    updated_since: datetime.datetime | None = Field(
        None, description="Updated at or after this time (ISO 8601)."
    )
    q: str | None = Field(None, description="Text in the title or summary.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Records per page.")
    cursor: str | None = Field(None, description="From the `next` link of the previous page.")


class RecordType(Schema):
    record_type: str
    label: str
    schema_type: str
    cbd_export: bool


class Term(Schema):
    model_config = ConfigDict(extra="allow")

    identifier: str
    labels: dict[str, str]
    texts: dict[str, str] | None = None
    relations: dict[str, str | list[str] | None]


class Vocabulary(Schema):
    vocabulary: str
    terms: list[Term]
