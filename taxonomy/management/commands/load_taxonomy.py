from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from taxonomy.loaders import load_all


class Command(BaseCommand):
    help = "Load or refresh the KMGBF, country, region and vocabulary terms from taxonomy/data."

    def handle(self, *args, **options):
        with transaction.atomic():
            load_all(apps)
        self.stdout.write(self.style.SUCCESS("Taxonomy loaded."))
