from django.core.management.base import BaseCommand

from search.models import Frequency
from search.tasks import send_search_digests


class Command(BaseCommand):
    help = (
        "Email members the new records matching their saved searches. Run with --frequency "
        "daily once a day and with --frequency weekly once a week (cron, systemd timer or a "
        "scheduled job); --enqueue hands the work to the background task worker instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency", required=True, choices=[Frequency.DAILY, Frequency.WEEKLY]
        )
        parser.add_argument("--enqueue", action="store_true", help="run in the task worker")

    def handle(self, *args, frequency, enqueue=False, **options):
        if enqueue:
            result = send_search_digests.enqueue(frequency)
            self.stdout.write(f"Digest task enqueued ({result.id}).")
            return
        sent = send_search_digests.call(frequency)
        self.stdout.write(self.style.SUCCESS(f"{sent} digest(s) sent."))
