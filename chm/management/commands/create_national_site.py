"""``manage.py create_national_site --country KE --hostname kenya.localhost [--port 8000]``.

Creates a country's national clearing-house site (``chm.national_sites``): its Wagtail
``Site``, home page, settings, media collection and editors group. Idempotent; bad input
changes nothing and says what is wrong.
"""

from django.core.management.base import BaseCommand, CommandError

from chm.national_sites import NationalSiteError, create_national_site
from chm.sites import base_url_host


class Command(BaseCommand):
    help = (
        "Create (or complete) a national clearing-house site: a Wagtail Site with its own host "
        "name, a national home page for the country, its settings and its editors group."
    )

    def add_arguments(self, parser):
        parser.add_argument("--country", required=True, help="ISO 3166-1 alpha-2 code, e.g. KE")
        parser.add_argument("--hostname", required=True, help="e.g. kenya.localhost")
        parser.add_argument(
            "--port",
            default=None,
            help="the port visitors use (default: BASE_URL's, e.g. 8000 in development)",
        )
        parser.add_argument("--name", default="", help='site name (default: "Kenya CHM")')
        parser.add_argument(
            "--accent-colour",
            default="",
            help="header and button colour, e.g. #1f5f8b (at least 4.5:1 contrast with white)",
        )

    def handle(self, *args, country, hostname, port=None, name="", accent_colour="", **options):
        if port is None:
            port = base_url_host()[1]
        try:
            result = create_national_site(
                country, hostname, port=port, name=name, accent_colour=accent_colour
            )
        except NationalSiteError as error:
            raise CommandError(str(error)) from error
        verb = "Created" if result.created else "Already there (completed what was missing):"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {result.settings.site_name} at {result.site.root_url}/")
        )
        self.stdout.write(
            f"  Editors: add people to the group “{result.group.name}” "
            "(admin › Settings › Users). They edit this site's pages only."
        )
        if not result.site.hostname.endswith(".localhost"):
            self.stdout.write(
                f"  Point {result.site.hostname} at this server (DNS) and add it to ALLOWED_HOSTS."
            )
