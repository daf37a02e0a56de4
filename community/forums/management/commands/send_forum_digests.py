from django.core.management.base import BaseCommand

from community.forums.tasks import send_forum_digests


class Command(BaseCommand):
    help = (
        "Email each member their daily forum digest. Run once a day (cron, systemd timer or a "
        "scheduled job); --enqueue hands the work to the background task worker instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="run in the task worker")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = send_forum_digests.enqueue()
            self.stdout.write(f"Digest task enqueued ({result.id}).")
            return
        sent = send_forum_digests.call()
        self.stdout.write(self.style.SUCCESS(f"{sent} digest(s) sent."))
