"""A GIN index on ``rank_vector`` (title and summary; PostgreSQL only): a broad word query
capped at ``SEARCH_COUNT_CAP`` matches reads the matches that rank above 0 first, found through
it (``search/backends/database/scan.py``). SQLite has no vector and skips it."""

from django.db import migrations

FORWARD = (
    "CREATE INDEX IF NOT EXISTS search_doc_rank_vector "
    "ON search_searchdocument USING gin (rank_vector)"
)
BACKWARD = "DROP INDEX IF EXISTS search_doc_rank_vector"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_saved_searches")]

    operations = [migrations.RunPython(forwards, backwards)]
