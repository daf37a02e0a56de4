"""Every database gets the thematic areas' and constituencies' descriptions and the shipped
translations (data/translations/*.json) with their provenance; reviewed and edited translations
and editors' descriptions already there are kept."""

from django.db import migrations


def load(apps, schema_editor):
    from taxonomy.loaders import load_translations, load_vocabularies

    load_vocabularies(apps)
    load_translations(apps)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0003_translations_with_provenance")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
