"""Every database gets the reference vocabularies (KMGBF, countries and regions, ...)."""

from django.db import migrations


def load(apps, schema_editor):
    from taxonomy.loaders import load_all

    load_all(apps)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
