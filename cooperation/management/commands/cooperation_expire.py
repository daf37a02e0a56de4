from django.core.management.base import BaseCommand

from cooperation.tasks import expire_and_remind


class Command(BaseCommand):
    help = (
        "Send renewal reminders for cooperation requests and offers ending within 14 days and "
        "expire those whose end date has come. Run once a day (cron, systemd timer or a "
        "scheduled job); safe to run more often. --enqueue hands the work to the background "
        "task worker instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="run in the task worker")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = expire_and_remind.enqueue()
            self.stdout.write(f"Expiry task enqueued ({result.id}).")
            return
        counts = expire_and_remind.call()
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['reminded']} renewal reminder(s) queued, "
                f"{counts['expired']} record(s) expired."
            )
        )
