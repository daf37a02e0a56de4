"""``manage.py cooperation_reindex``: rebuild the matchmaker's candidate index."""

from django.core.management.base import BaseCommand

from cooperation import matching


class Command(BaseCommand):
    help = "Rebuild the matchmaker's index of offers, experts and partner organizations."

    def handle(self, *args, **options):
        counts = matching.reindex_all()
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        self.stdout.write(self.style.SUCCESS("Candidate index rebuilt."))
