"""Translations gain their provenance: the old {"fr": "label"} shape is converted."""

from django.db import migrations

TERM_MODELS = (
    "Goal",
    "Target",
    "HeadlineIndicator",
    "Region",
    "Country",
    "ThematicArea",
    "Constituency",
    "Language",
)


def upgrade_translations(apps, schema_editor):
    """{"fr": "label"} becomes {"fr": {"label": "label", "status": "draft"}}, "zh" becomes
    "zh-hans": nobody recorded where the old labels came from, so none is called official."""
    from taxonomy.translations import upgrade

    for name in TERM_MODELS:
        model = apps.get_model("taxonomy", name)
        for term in model.objects.all():
            upgraded = upgrade(term.translations)
            if upgraded != term.translations:
                model.objects.filter(pk=term.pk).update(translations=upgraded)


class Migration(migrations.Migration):

    dependencies = [
        ('taxonomy', '0002_load_reference_data'),
    ]

    operations = [
        migrations.RunPython(upgrade_translations, migrations.RunPython.noop),
    ]
