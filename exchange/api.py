"""The public read API, ``/api/v1/`` (django-ninja).

Every public record type of the registry, in the one shape of ``RecordSerializer.to_api``
(the JSON-LD in a record's page and the search document come from the same serializer, so the
three never disagree), seen with the reader's permissions (``serializer.queryset(user)``); the
record types; the taxonomy's vocabularies; and a record as a CBD document where a CBD format
exists. HTTP concerns shared by every endpoint (caching, CORS, rate limits, methods) are in
``api_http``; filters in ``api_filters``; cursors in ``pagination``.
"""

import json
from uuid import UUID

from ninja import NinjaAPI, Query, Router
from ninja.errors import HttpError

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.http import http_date, urlencode
from django.utils.translation import gettext as _

from . import pagination
from .api_filters import UPDATED, FilterError, build_filters, filter_queryset
from .api_schemas import (
    RECORD_FILTERS_DOC,
    Error,
    RecordFilterQuery,
    RecordPage,
    RecordSchema,
    RecordType,
    Vocabulary,
)
from .api_taxonomy import VOCABULARIES, vocabulary_document
from .groups import m2m_field
from .harvesting import CBD, cbd_exporter_for, importers
from .models import Provenance, record_content_type
from .serializers import all_serializers, get_serializer

ERRORS = {400: Error, 404: Error, 406: Error, 422: Error, 429: Error}

api = NinjaAPI(
    urls_namespace="api-v1",
    version="1",
    title="Clearing-house mechanism: public read API",
    description=(
        "Read-only access to every public record of this clearing-house and to its taxonomy. "
        "See the documentation page at /api/v1/docs for pagination, caching, rate limits and "
        "CORS."
    ),
    docs_url=None,
    openapi_url="/openapi.json",
)
records = Router(tags=["records"])
reference = Router(tags=["reference"])


def json_response(data, status=200, last_modified=None):
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False),
        status=status,
        content_type="application/json",
    )
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response


def _serializer(record_type):
    try:
        return get_serializer(record_type)
    except KeyError:
        message = _("There is no record type %(type)s.") % {"type": record_type}
        raise HttpError(404, message) from None


def _prepared(serializer, queryset):
    """The queryset with what ``to_api`` reads of every record fetched together."""
    model = serializer.model
    names = {f.name: f for f in model._meta.get_fields()}
    for name in ("language", "locale"):
        if name in names and names[name].many_to_one:
            queryset = queryset.select_related(name)
    prefetch = [name for name in ("targets", "thematic_areas") if m2m_field(model, name)]
    if m2m_field(model, "countries") is not None:
        countries = m2m_field(model, "countries").related_model.objects.select_related(
            "region", "subregion"
        )
        prefetch.append(Prefetch("countries", queryset=countries))
    return queryset.prefetch_related(*prefetch, *serializer.api_prefetch)


def _attach_provenance(entries):
    """Every record's provenance (or None) in one query, remembered where ``provenance_of``
    looks for it."""
    by_key = {(record_content_type(record).pk, str(record.pk)): record for _s, record in entries}
    for record in by_key.values():
        record.__dict__["_provenance"] = None
    if not by_key:
        return
    found = Provenance.objects.select_related("source").filter(
        content_type__in={key[0] for key in by_key},
        object_id__in={key[1] for key in by_key},
    )
    for provenance in found:
        record = by_key.get((provenance.content_type_id, provenance.object_id))
        if record is not None:
            record.__dict__["_provenance"] = provenance


def _filters(params, types=()):
    try:
        return build_filters(
            types=types,
            target=params.target,
            country=params.country,
            region=params.region,
            theme=params.theme,
            language=params.language,
            published_after=params.published_after,
            published_before=params.published_before,
            updated_since=params.updated_since,
            q=params.q,
        )
    except FilterError as error:
        raise HttpError(400, str(error)) from None


def _record_page(request, serializers, params, filters):
    try:
        position = pagination.decode(params.cursor) if params.cursor else None
    except pagination.CursorError as error:
        raise HttpError(400, str(error)) from None
    querysets = []
    for serializer in serializers:
        queryset = filter_queryset(serializer, serializer.queryset(request.user), filters)
        if queryset is not None:
            querysets.append((serializer, _prepared(serializer, queryset)))
    entries, next_position = pagination.page(querysets, params.limit, position)
    _attach_provenance(entries)
    items = [serializer.to_api(record, request) for serializer, record in entries]
    next_url = None
    if next_position is not None:
        query = filters.query_items()
        query += [("limit", params.limit), ("cursor", pagination.encode(next_position))]
        next_url = request.build_absolute_uri(f"{request.path}?{urlencode(query)}")
    newest = max((getattr(record, UPDATED) for _s, record in entries), default=None)
    response = json_response({"items": items, "next": next_url}, last_modified=newest)
    if next_url is not None:
        response["Link"] = f'<{next_url}>; rel="next"'
    return response


@records.get(
    "/",
    response={200: RecordPage, **ERRORS},
    summary="Records of every public type",
    description=RECORD_FILTERS_DOC,
)
def list_records(request, params: Query[RecordFilterQuery]):
    wanted = params.type or []
    known = {serializer.record_type: serializer for serializer in all_serializers()}
    unknown = [value for value in wanted if value not in known]
    if unknown:
        raise HttpError(
            400,
            _("Unknown record type %(types)s; the types are: %(known)s.")
            % {"types": ", ".join(unknown), "known": ", ".join(sorted(known))},
        )
    serializers = [known[name] for name in sorted(set(wanted))] if wanted else list(known.values())
    return _record_page(request, serializers, params, _filters(params, sorted(set(wanted))))


@records.get(
    "/{record_type}/",
    response={200: RecordPage, **ERRORS},
    summary="Records of one type",
    description=RECORD_FILTERS_DOC,
)
def list_records_of_type(request, record_type: str, params: Query[RecordFilterQuery]):
    serializer = _serializer(record_type)
    return _record_page(request, [serializer], params, _filters(params))


def cbd_types():
    """Record types with a CBD format to export to."""
    exported = [importer.model for importer in importers(CBD) if importer.exports]
    return sorted(
        serializer.record_type
        for serializer in all_serializers()
        if any(issubclass(serializer.model, model) for model in exported)
    )


@records.get(
    "/{record_type}/{uuid}",
    response={200: RecordSchema, **ERRORS},
    summary="One record",
    description=(
        "One record in the API's shape, or with `format=cbd` as a document of the CBD "
        "clearing-house (for the record types that have a CBD counterpart: see /api/v1/types/)."
    ),
)
def get_record(request, record_type: str, uuid: str, format: str = "json"):  # noqa: A002
    serializer = _serializer(record_type)
    missing = _("There is no %(type)s record %(uuid)s.") % {"type": record_type, "uuid": uuid}
    if format not in ("json", "cbd"):
        raise HttpError(400, _("Unknown format %(format)s: use json or cbd.") % {"format": format})
    try:
        wanted = UUID(uuid)
    except ValueError:
        raise HttpError(404, missing) from None
    queryset = serializer.queryset(request.user).filter(uuid=wanted)
    record = filter_queryset(serializer, queryset, build_filters()).first()
    if record is None:
        raise HttpError(404, missing)
    if format == "cbd":
        exporter = cbd_exporter_for(record)
        if exporter is None:
            raise HttpError(
                406,
                _("%(type)s records have no CBD format; the types that have one: %(types)s.")
                % {"type": record_type, "types": ", ".join(cbd_types()) or _("none")},
            )
        return json_response(exporter.export(record), last_modified=getattr(record, UPDATED))
    _attach_provenance([(serializer, record)])
    return json_response(serializer.to_api(record, request), last_modified=getattr(record, UPDATED))


@reference.get("/types/", response={200: list[RecordType], **ERRORS}, summary="Record types")
def record_types(request):
    exported = set(cbd_types())
    return json_response(
        [
            {
                "record_type": serializer.record_type,
                "label": str(serializer.label or serializer.record_type),
                "schema_type": serializer.schema_type,
                "cbd_export": serializer.record_type in exported,
            }
            for serializer in sorted(all_serializers(), key=lambda s: s.record_type)
        ]
    )


@reference.get(
    "/taxonomy/{vocabulary}/",
    response={200: Vocabulary, **ERRORS},
    summary="A taxonomy vocabulary",
    description="The vocabularies: " + ", ".join(VOCABULARIES) + ".",
)
def taxonomy_vocabulary(request, vocabulary: str):
    if vocabulary not in VOCABULARIES:
        raise HttpError(
            404,
            _("There is no vocabulary %(name)s; the vocabularies are: %(names)s.")
            % {"name": vocabulary, "names": ", ".join(VOCABULARIES)},
        )
    return json_response(vocabulary_document(vocabulary))


api.add_router("/records/", records)
api.add_router("/", reference)
