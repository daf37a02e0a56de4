"""``manage.py search_index rebuild|update|check [--type TYPE]``.

- ``rebuild`` empties the index (recreating its structures) and indexes every record again;
- ``update`` (re)indexes every record that belongs in the index and removes stale entries;
- ``check`` reports records missing from the index and entries that should not be there,
  and exits with status 1 if the two disagree (usable as a monitoring probe).
"""

from itertools import islice

from tqdm import tqdm

from django.core.management.base import BaseCommand, CommandError

from exchange.serializers import all_serializers, get_serializer

from ...backends import get_backend
from ...records import count_candidates, iter_documents

BATCH = 500


class Command(BaseCommand):
    help = "Manage the search index: rebuild, update or check it."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "update", "check"])
        parser.add_argument("--type", dest="record_type", help="only this record type")
        parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")

    def handle(self, action, record_type=None, no_progress=False, **options):
        if record_type:
            try:
                serializers = [get_serializer(record_type)]
            except KeyError as error:
                known = ", ".join(sorted(s.record_type for s in all_serializers()))
                raise CommandError(
                    f"Unknown record type {record_type!r}. Known types: {known}."
                ) from error
        else:
            serializers = all_serializers()
        self.backend = get_backend()
        self.progress = not no_progress
        # Not self.check: BaseCommand.check() runs Django's system checks.
        getattr(self, f"run_{action}")(serializers, record_type)

    def _bar(self, total, label):
        return tqdm(
            total=total, desc=label, unit="records", file=self.stderr, disable=not self.progress
        )

    def _index_all(self, serializers, label):
        seen = set()
        documents = iter_documents(serializers)
        with self._bar(count_candidates(serializers), label) as bar:
            while batch := list(islice(documents, BATCH)):
                self.backend.bulk_index(batch)
                seen.update(str(document["uuid"]) for document, _obj in batch)
                bar.update(len(batch))
        return seen

    def _scope(self, serializers, record_type):
        """Index entries that belong to the chosen types (all entries without --type)."""
        if record_type:
            return self.backend.indexed_uuids(record_type)
        return self.backend.indexed_uuids()

    def run_rebuild(self, serializers, record_type):
        self.backend.clear(record_type)
        seen = self._index_all(serializers, "Rebuilding")
        self.stdout.write(self.style.SUCCESS(f"Indexed {len(seen)} records."))

    def run_update(self, serializers, record_type):
        seen = self._index_all(serializers, "Updating")
        stale = self._scope(serializers, record_type) - seen
        for uuid in stale:
            self.backend.remove(uuid)
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {len(seen)} records, removed {len(stale)} stale.")
        )

    def run_check(self, serializers, record_type):
        expected = set()
        with self._bar(count_candidates(serializers), "Checking") as bar:
            for document, _obj in iter_documents(serializers):
                expected.add(str(document["uuid"]))
                bar.update(1)
        indexed = self._scope(serializers, record_type)
        missing, stale = expected - indexed, indexed - expected
        self.stdout.write(
            f"{len(expected)} records belong in the index; {len(indexed)} are indexed; "
            f"{len(missing)} missing; {len(stale)} stale."
        )
        if missing or stale:
            raise CommandError("The search index is out of date: run `search_index update`.")
        self.stdout.write(self.style.SUCCESS("The search index is up to date."))
