"""Build a believable demo portal: ``manage.py seed_demo [--size N]``.

Each project app may ship a ``demo.py`` module with ``seed(ctx)``; they run in INSTALLED_APPS
order (members before partners before events...), so later apps can use what earlier ones made.
Seeding is idempotent: records are found by stable keys and only the missing ones are created,
so running it twice changes nothing. ``--size N`` asks each app for about N records of each
of its main record types (for benchmarks); without it the demo stays small and hand-picked.
"""

import importlib
import random
from dataclasses import dataclass, field

from faker import Faker

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_EDITOR_EMAIL = "editor@example.org"
DEMO_EDITOR_PASSWORD = "biodiversity-demo"  # noqa: S105 - printed for the local demo only


@dataclass
class DemoContext:
    size: int | None
    stdout: object
    style: object
    faker: Faker
    random: random.Random
    shared: dict = field(default_factory=dict)

    def count(self, default):
        """How many records of one type to make: ``--size`` or the small default."""
        return self.size if self.size is not None else default

    def log(self, message):
        self.stdout.write(f"  {message}")


def demo_modules():
    for config in apps.get_app_configs():
        if not config.path.startswith(str(apps.get_app_config("chm").path).rsplit("/", 1)[0]):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        yield config.label, module


class Command(BaseCommand):
    help = "Create demo content (idempotent). --size N makes about N records of each main type."

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            type=int,
            default=None,
            help="records of each main type, e.g. 10000 for benchmarks",
        )
        parser.add_argument("--seed", type=int, default=2030, help="random seed")

    def handle(self, *args, size=None, seed=2030, **options):
        if size is not None and size < 1:
            raise CommandError("--size must be a positive number.")
        faker = Faker(["en_US", "fr_FR", "es_ES"])
        faker.seed_instance(seed)
        ctx = DemoContext(
            size=size, stdout=self.stdout, style=self.style, faker=faker, random=random.Random(seed)
        )
        for label, module in demo_modules():
            self.stdout.write(f"Seeding {label}…")
            with transaction.atomic():
                module.seed(ctx)
        self.stdout.write(self.style.SUCCESS("Demo content ready."))
        self.stdout.write(
            f"Demo editor: {DEMO_EDITOR_EMAIL} / {DEMO_EDITOR_PASSWORD} (admin at /admin/)"
        )
