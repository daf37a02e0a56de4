"""Facet tokens as integers (PostgreSQL): ``facet_ids`` holds a document's ``facets`` as
``FacetToken`` numbers, kept in step by a trigger whatever writes the row, so counting facets
unnests and groups small integers instead of JSONB strings. SQLite leaves the column empty.
"""

import search.models
from django.db import migrations, models

FORWARD = r"""
CREATE OR REPLACE FUNCTION search_document_facet_ids() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  wanted int := jsonb_array_length(coalesce(NEW.facets, '[]'::jsonb));
BEGIN
  NEW.facet_ids := ARRAY(
    SELECT t.id::int FROM jsonb_array_elements_text(coalesce(NEW.facets, '[]'::jsonb)) e(token)
    JOIN search_facettoken t ON t.token = e.token);
  IF cardinality(NEW.facet_ids) < wanted THEN  -- a token seen for the first time
    INSERT INTO search_facettoken (token)
      SELECT DISTINCT e.token FROM jsonb_array_elements_text(NEW.facets) e(token)
      ON CONFLICT (token) DO NOTHING;
    NEW.facet_ids := ARRAY(
      SELECT t.id::int FROM jsonb_array_elements_text(NEW.facets) e(token)
      JOIN search_facettoken t ON t.token = e.token);
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER search_document_facet_ids_update
  BEFORE INSERT OR UPDATE OF facets ON search_searchdocument
  FOR EACH ROW EXECUTE FUNCTION search_document_facet_ids();

-- A dozen small integers: keep them inline and uncompressed, read as they are.
ALTER TABLE search_searchdocument ALTER COLUMN facet_ids SET STORAGE PLAIN;

UPDATE search_searchdocument SET facets = facets;
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS search_document_facet_ids_update ON search_searchdocument;
DROP FUNCTION IF EXISTS search_document_facet_ids();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0002_postgres_search'),
    ]

    operations = [
        migrations.CreateModel(
            name='FacetToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.TextField(unique=True)),
            ],
            options={
                'verbose_name': 'facet token',
                'verbose_name_plural': 'facet tokens',
            },
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='facet_ids',
            field=search.models.FacetIdsField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
