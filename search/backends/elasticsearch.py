"""Elasticsearch backend (elasticsearch-dsl), used when ``ELASTICSEARCH_URL`` is set.

One index, ``<prefix>-records``, created from a composable index template, so its settings
and mappings live in code: text fields are analysed once with the standard analyzer and once
per UN language (arabic, cjk for Chinese, english, french, russian, spanish sub-fields),
facets are keyword fields, and a completion field with an audience context serves
autocomplete without leaking restricted titles. ``build_search`` and ``build_suggest`` return
plain elasticsearch-dsl objects so their bodies can be checked as data without a server.
"""

from datetime import timedelta

from elasticsearch_dsl import (
    A,
    Completion,
    Date,
    Document,
    Index,
    Keyword,
    Object,
    Q,
    Search,
    Text,
    connections,
)

from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from exchange.serializers import SUPERUSER, sees_everything

from ..facets import FACETS, values_by_facet
from .base import (
    MARK_END,
    MARK_START,
    Hit,
    Results,
    SearchBackend,
    SearchUnavailable,
    index_document,
    safe_highlight,
)

CONNECTION = "chm-search"
LANGUAGE_ANALYZERS = {
    "ar": "arabic",
    "zh": "cjk",
    "en": "english",
    "fr": "french",
    "ru": "russian",
    "es": "spanish",
}
FACET_SIZE = 30


def multilingual_text(**kwargs):
    return Text(
        analyzer="standard",
        fields={code: Text(analyzer=name) for code, name in LANGUAGE_ANALYZERS.items()},
        **kwargs,
    )


def _record_document():
    """The mapping of one record: its text in six analyzers, an audience field, title
    suggestions, and one keyword field per facet (``search.facets.FACETS``), so a facet added
    there is mapped, filtered and counted here with no other change."""
    fields = {facet.key: Keyword() for facet in FACETS.values()}
    fields.update(
        uuid=Keyword(),
        content_type=Keyword(),
        object_id=Keyword(),
        title=multilingual_text(),
        summary=multilingual_text(),
        text=multilingual_text(),
        url=Keyword(index=False),
        published=Date(),
        # An event's dates, shown on its result; stored, not searched.
        when=Object(enabled=False),
        audiences=Keyword(),
        suggest=Completion(
            analyzer="simple", contexts=[{"name": "audience", "type": "category", "path": None}]
        ),
    )
    return type("RecordDocument", (Document,), fields)


RecordDocument = _record_document()


def facet_field(facet):
    return FACETS[facet].key


def record_index(name):
    index = Index(name)
    # One shard suits a catalogue of this size; replicas follow the cluster's defaults.
    index.settings(number_of_shards=1, max_result_window=10_000)
    index.document(RecordDocument)
    return index


def index_template(prefix):
    """The composable template every ``<prefix>-records*`` index is created from."""
    return record_index(f"{prefix}-records").as_composable_template(
        f"{prefix}-records", pattern=f"{prefix}-records*", priority=100
    )


def to_source(document, obj=None):
    data = index_document(document, obj)
    source = {key: data[key] for key in ("uuid", "title", "summary", "text", "url", "published")}
    values = values_by_facet(data["facets"])
    for name, facet in FACETS.items():
        found = values.get(name, [])
        if facet.single:
            source[facet.key] = found[0] if found else ""
        elif found:
            source[facet.key] = found
    source["audiences"] = data["audiences"]
    if data["when"]:
        source["when"] = data["when"]
    if obj is not None and getattr(obj, "pk", None) is not None:
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        source["content_type"], source["object_id"] = str(content_type.pk), str(obj.pk)
    words = data["title"].split()
    inputs = [" ".join(words[i:]) for i in range(min(len(words), 5))] or [data["title"]]
    source["suggest"] = {
        "input": inputs,
        "contexts": {"audience": [*data["audiences"], SUPERUSER]},
    }
    return source


def _facet_filters(query, skip=None):
    return [
        Q("terms", **{facet_field(facet): list(values)})
        for facet, values in query.filters.items()
        if values and facet in FACETS and facet != skip
    ]


def build_search(query, index_name):
    """The elasticsearch-dsl ``Search`` for a ``Query``."""
    search = Search(index=index_name).extra(track_total_hits=True)
    if query.text:
        fields = ["title^4", "title.*^4", "summary^2", "summary.*^2", "text", "text.*"]
        search = search.query(
            "bool",
            should=[
                Q("multi_match", query=query.text, fields=fields, operator="and", boost=2),
                Q(
                    "multi_match",
                    query=query.text,
                    fields=["title", "summary", "text"],
                    operator="and",
                    fuzziness="AUTO",
                    prefix_length=1,
                ),
            ],
            minimum_should_match=1,
        )
    if query.audiences is not None and not sees_everything(query.audiences):
        search = search.filter("terms", audiences=sorted(query.audiences))
    if query.date_from or query.date_to:
        bounds = {}
        if query.date_from:
            bounds["gte"] = query.date_from.isoformat()
        if query.date_to:  # the whole end day
            bounds["lt"] = (query.date_to + timedelta(days=1)).isoformat()
        search = search.filter("range", published=bounds)
    # Facet filters go in post_filter: each facet's counts then ignore its own filter (the
    # other values stay countable) but respect every other one.
    filters = _facet_filters(query)
    if filters:
        search = search.post_filter("bool", filter=filters)
    if query.with_facets:
        for facet in FACETS:
            others = _facet_filters(query, skip=facet)
            bucket = A("filter", Q("bool", filter=others) if others else Q("match_all"))
            bucket.bucket("values", "terms", field=facet_field(facet), size=FACET_SIZE)
            search.aggs.bucket(facet, bucket)
    search = search.highlight_options(
        pre_tags=[MARK_START], post_tags=[MARK_END], encoder="default"
    ).highlight("title", "title.*", number_of_fragments=0)
    search = search.highlight("text", "text.*", "summary", fragment_size=160, number_of_fragments=2)
    if query.text and query.sort != "date":
        search = search.sort("_score", {"published": {"order": "desc", "missing": "_last"}})
    else:
        search = search.sort({"published": {"order": "desc", "missing": "_last"}})
    search = search.source(excludes=["text", "suggest"])
    return search[query.offset : query.offset + query.page_size]


def build_suggest(prefix, audiences, index_name, limit=8):
    contexts = [SUPERUSER] if sees_everything(audiences) else sorted(audiences)
    return (
        Search(index=index_name)
        .source(["title", "url", "type"])
        .suggest(
            "titles",
            prefix,
            completion={
                "field": "suggest",
                "size": limit,
                "skip_duplicates": True,
                "contexts": {"audience": contexts},
            },
        )
    )


class ElasticsearchBackend(SearchBackend):
    def __init__(self, url, prefix="chm"):
        self.url = url
        self.prefix = prefix
        self.index_name = f"{prefix}-records"
        self._ensured = False

    @property
    def client(self):
        try:
            return connections.get_connection(CONNECTION)
        except KeyError:
            return connections.create_connection(
                alias=CONNECTION, hosts=[self.url], request_timeout=10
            )

    def _call(self, function, *args, **kwargs):
        from elasticsearch import ApiError, TransportError

        try:
            return function(*args, **kwargs)
        except (ApiError, TransportError) as error:
            raise SearchUnavailable(str(error)) from error

    def check_health(self):
        """The cluster answers and is not red (``/healthz``), within two seconds."""
        health = self._call(self.client.options(request_timeout=2).cluster.health)
        if health.get("status") == "red":
            raise SearchUnavailable("cluster status red")

    def ensure_index(self):
        """Install the template and create the index once per process (not per record)."""
        if self._ensured:
            return
        client = self.client
        template = index_template(self.prefix)
        self._call(template.save, using=CONNECTION)
        if not self._call(client.indices.exists, index=self.index_name):
            self._call(client.indices.create, index=self.index_name)
        self._ensured = True

    # --- writing ------------------------------------------------------------------------------

    def index(self, document, obj=None):
        self.ensure_index()
        source = to_source(document, obj)
        self._call(self.client.index, index=self.index_name, id=source["uuid"], document=source)

    def bulk_index(self, documents, refresh=False):
        from elasticsearch.helpers import bulk

        self.ensure_index()
        actions = (
            {"_index": self.index_name, "_id": source["uuid"], "_source": source}
            for source in (to_source(document, obj) for document, obj in documents)
        )
        written, _errors = self._call(bulk, self.client, actions, chunk_size=1000)
        if refresh:
            self.refresh()
        return written

    def refresh(self):
        self._call(self.client.indices.refresh, index=self.index_name)

    def remove(self, uuid):
        self._call(
            self.client.options(ignore_status=404).delete, index=self.index_name, id=str(uuid)
        )

    def remove_object(self, content_type_id, object_id):
        query = Q(
            "bool",
            filter=[
                Q("term", content_type=str(content_type_id)),
                Q("term", object_id=str(object_id)),
            ],
        )
        self._call(
            self.client.options(ignore_status=404).delete_by_query,
            index=self.index_name,
            query=query.to_dict(),
        )

    def indexed_uuids(self, record_type=None):
        search = Search(using=CONNECTION, index=self.index_name).source(False)
        if record_type:
            search = search.filter("term", type=record_type)
        if not self._call(self.client.indices.exists, index=self.index_name):
            return set()
        return {hit.meta.id for hit in self._call(lambda: list(search.scan()))}

    def clear(self, record_type=None):
        client = self.client
        if record_type:
            self._call(
                client.options(ignore_status=404).delete_by_query,
                index=self.index_name,
                query={"term": {"type": record_type}},
            )
            return
        self._call(client.options(ignore_status=404).indices.delete, index=self.index_name)
        self._ensured = False
        self.ensure_index()

    # --- reading ------------------------------------------------------------------------------

    def search(self, query):
        self.client  # noqa: B018 - opens the named connection on first use
        search = build_search(query, self.index_name).using(CONNECTION)
        response = self._call(search.execute)
        hits = [self._hit(hit) for hit in response.hits]
        facets = {}
        if query.with_facets and hasattr(response, "aggregations"):
            for facet in FACETS:
                buckets = response.aggregations[facet]["values"]["buckets"]
                facets[facet] = [(b["key"], b["doc_count"]) for b in buckets]
        total = response.hits.total.value
        return Results(hits=hits, total=total, facets=facets)

    def _hit(self, hit):
        source = hit.to_dict()
        highlight = getattr(hit.meta, "highlight", None)
        highlight = highlight.to_dict() if highlight is not None else {}

        def first(*names):
            for name in names:
                for key, fragments in highlight.items():
                    if key == name or key.startswith(f"{name}."):
                        return fragments
            return None

        title = first("title")
        snippet = first("text", "summary")
        published = source.get("published")
        if isinstance(published, str):
            published = parse_datetime(published)
        classification = {
            name: list(source[facet.key])
            for name, facet in FACETS.items()
            if not facet.single and source.get(facet.key)
        }
        return Hit(
            uuid=hit.meta.id,
            record_type=source.get("type", ""),
            title=source.get("title", ""),
            url=source.get("url", ""),
            published=published,
            language=source.get("language", ""),
            classification=classification,
            title_html=safe_highlight(title[0]) if title else escape(source.get("title", "")),
            snippet=safe_highlight(" … ".join(snippet))
            if snippet
            else mark_safe(escape(Truncator(source.get("summary", "")).words(40))),  # noqa: S308
            when=source.get("when") or {},
        )

    def suggest(self, prefix, audiences, limit=8):
        prefix = " ".join(prefix.split())[:100]
        if len(prefix) < 2:
            return []
        audiences = audiences if audiences is not None else {SUPERUSER}
        self.client  # noqa: B018 - opens the named connection on first use
        search = build_suggest(prefix, audiences, self.index_name, limit).using(CONNECTION)
        response = self._call(search.execute)
        options = response.suggest.titles[0].options if response.suggest.titles else []
        return [
            {
                "title": option._source.title,
                "url": option._source.url,
                "type": option._source.type,
            }
            for option in options
        ]
