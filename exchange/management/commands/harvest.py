"""``manage.py harvest SOURCE`` | ``--all`` | ``--due``: harvest sources in the foreground.

Prints each run's counts and every refused record's reason; exits non-zero when a run failed.
Cron runs ``manage.py harvest --due`` (hourly) for the scheduled sources.
"""

from django.core.management.base import BaseCommand, CommandError

from exchange.harvesting import run_source
from exchange.models import HarvestSource, RunStatus
from exchange.tasks import due_sources


class Command(BaseCommand):
    help = "Harvest records from another clearing-house (a source, every source, or due ones)."

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", help="The source's slug.")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--all", action="store_true", help="Every enabled source.")
        group.add_argument("--due", action="store_true", help="Enabled sources that are due.")

    def handle(self, *args, source=None, all=False, due=False, **options):
        if bool(source) + all + due != 1:
            raise CommandError("Give one source slug, or --all, or --due.")
        if source:
            found = HarvestSource.objects.filter(slug=source).first()
            if found is None:
                known = ", ".join(HarvestSource.objects.values_list("slug", flat=True)) or "none"
                raise CommandError(f"No harvest source {source!r}. Known sources: {known}.")
            sources = [found]
        elif all:
            sources = list(HarvestSource.objects.filter(enabled=True))
        else:
            sources = due_sources()
        if not sources:
            self.stdout.write("Nothing to harvest.")
        failed = []
        for item in sources:
            run = run_source(item)
            self.report(item, run)
            if run.status == RunStatus.FAILED:
                failed.append(item.slug)
        if failed:
            raise CommandError(f"Harvest failed: {', '.join(failed)}")

    def report(self, source, run):
        self.stdout.write(
            f"{source.slug}: {run.get_status_display()} - created {run.created}, "
            f"updated {run.updated}, unchanged {run.unchanged}, refused {run.rejected}"
        )
        for entry in run.report:
            if "reason" in entry:
                self.stdout.write(f"  refused {entry['identifier']}: {entry['reason']}")
            else:
                self.stdout.write(f"  note {entry['identifier']}: {entry.get('note', '')}")
        if run.error:
            self.stderr.write(f"  error: {run.error}")
