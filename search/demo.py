"""Demo content for search: bring the index in line with everything the other apps seeded.

Pages published through Wagtail are indexed by the signal handlers already; records made in
bulk (``--size``) skip signals, so one bulk pass indexes whatever is missing. Runs last
because ``search`` comes after the content apps in INSTALLED_APPS.
"""

from itertools import islice

from .backends import get_backend
from .records import iter_documents


def seed(ctx):
    backend = get_backend()
    indexed = backend.indexed_uuids()
    documents = (
        (document, obj)
        for document, obj in iter_documents()
        if str(document["uuid"]) not in indexed
    )
    added = 0
    while batch := list(islice(documents, 1000)):
        added += backend.bulk_index(batch)
    ctx.log(f"{len(indexed) + added} records in the search index ({added} added)")
