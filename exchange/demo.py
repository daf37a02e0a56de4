"""Demo content for exchange: a harvest source of CBD records, harvested, so that the demo shows
harvested records with their provenance (an organization in the partner directory, a library
resource and an event) and a run in the admin's *Harvesting* menu.

The records are in ``data/cbd-demo.json`` (the CBD formats guide's example records). Runs after
the content apps (``exchange`` comes after them in INSTALLED_APPS), whose index pages the
records are published under; seeding again harvests again and changes nothing.
"""

from pathlib import Path

from .harvesting import run_source
from .models import HarvestSource, SourceKind

DEMO_FILE = Path(__file__).resolve().parent / "data" / "cbd-demo.json"


def seed(ctx):
    source, _created = HarvestSource.objects.update_or_create(
        slug="cbd-demo",
        defaults={
            "name": "CBD clearing-house (demo file)",
            "kind": SourceKind.CBD_FILE,
            "url": str(DEMO_FILE),
        },
    )
    run = run_source(source)
    ctx.log(
        f"Harvested {source.name}: {run.created} created, {run.updated} updated, "
        f"{run.unchanged} unchanged, {run.rejected} refused"
    )
