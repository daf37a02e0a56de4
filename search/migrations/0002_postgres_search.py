"""PostgreSQL only: pg_trgm, the tsvector trigger and GIN indexes.

Nothing here changes Django's model state, so SQLite (the embedded default) simply skips it.
https://www.postgresql.org/docs/current/textsearch-controls.html
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION search_regconfig(lang text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (CASE split_part(lower(coalesce(lang, '')), '-', 1)
    WHEN 'en' THEN 'english' WHEN 'fr' THEN 'french' WHEN 'es' THEN 'spanish'
    WHEN 'ru' THEN 'russian' WHEN 'ar' THEN 'arabic' ELSE 'simple' END)::regconfig
$$;

CREATE OR REPLACE FUNCTION search_document_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.rank_vector :=
    setweight(to_tsvector(search_regconfig(NEW.language), coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector(search_regconfig(NEW.language), coalesce(NEW.summary, '')), 'B');
  NEW.search_vector := NEW.rank_vector ||
    setweight(to_tsvector(search_regconfig(NEW.language), coalesce(NEW.text, '')), 'C');
  RETURN NEW;
END $$;

CREATE TRIGGER search_document_vector_update
  BEFORE INSERT OR UPDATE OF title, summary, text, language ON search_searchdocument
  FOR EACH ROW EXECUTE FUNCTION search_document_vector();

-- Keep rows narrow: long text and the full vector move to TOAST storage (matching uses the
-- GIN index and never reads them back), while what every query reads per matching row
-- (facet tokens, audiences, the small ranking vector) stays inline.
ALTER TABLE search_searchdocument SET (toast_tuple_target = 256);
ALTER TABLE search_searchdocument
  ALTER COLUMN facets SET STORAGE MAIN,
  ALTER COLUMN audiences SET STORAGE MAIN,
  ALTER COLUMN rank_vector SET STORAGE MAIN;

CREATE INDEX search_doc_vector ON search_searchdocument USING gin (search_vector);
CREATE INDEX search_doc_facets ON search_searchdocument USING gin (facets);
CREATE INDEX search_doc_audiences ON search_searchdocument USING gin (audiences);
CREATE INDEX search_doc_title_trgm ON search_searchdocument USING gin (title gin_trgm_ops);
"""

BACKWARD = r"""
DROP INDEX IF EXISTS search_doc_title_trgm;
DROP INDEX IF EXISTS search_doc_audiences;
DROP INDEX IF EXISTS search_doc_facets;
DROP INDEX IF EXISTS search_doc_vector;
DROP TRIGGER IF EXISTS search_document_vector_update ON search_searchdocument;
DROP FUNCTION IF EXISTS search_document_vector();
DROP FUNCTION IF EXISTS search_regconfig(text);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        TrigramExtension(),  # a no-op on other databases
        migrations.RunPython(forwards, backwards),
    ]
