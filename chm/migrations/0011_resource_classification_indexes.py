"""Indexes on the resource classification tables by term first, then resource: a listing
filtered by a target and a country reads the matching resources' ids from the indexes alone
(index-only scans), not from the tables' rows (``make bench-listings``). Django creates the
tables of ``ParentalManyToManyField`` itself, with an index on each column alone, so these
are written in SQL (the same on PostgreSQL and SQLite)."""

from django.db import migrations

INDEXES = [
    ("chm_resourcepage_targets", "target_id", "chm_resource_target_page_idx"),
    ("chm_resourcepage_countries", "country_id", "chm_resource_country_page_idx"),
    ("chm_resourcepage_thematic_areas", "thematicarea_id", "chm_resource_theme_page_idx"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("chm", "0010_resource_year_index"),
    ]

    operations = [
        migrations.RunSQL(
            f'CREATE INDEX "{name}" ON "{table}" ("{column}", "resourcepage_id")',
            f'DROP INDEX "{name}"',
        )
        for table, column, name in INDEXES
    ]
