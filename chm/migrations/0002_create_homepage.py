"""Replace Wagtail's "Welcome" page with the portal's home page and point the site at it."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("chm", "HomePage")

    # One Wagtail locale per UN language, so every page can be translated.
    from django.conf import settings

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)

    # Wagtail's initial migration creates a default page at depth 2; remove it.
    Page.objects.filter(depth=2, url_path="/home/", content_type__model="page").delete()

    if HomePage.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="chm")
    locale = Locale.objects.filter(language_code="en").first() or Locale.objects.first()
    root = Page.objects.get(depth=1)
    homepage = HomePage.objects.create(
        title="Biodiversity Clearing-House",
        draft_title="Biodiversity Clearing-House",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
        hero_title="Biodiversity Clearing-House",
        hero_text=(
            "Share information, find partners and support, and follow progress on the "
            "Kunming-Montreal Global Biodiversity Framework."
        ),
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", root_page=homepage, is_default_site=True)


def remove_homepage(apps, schema_editor):
    HomePage = apps.get_model("chm", "HomePage")
    HomePage.objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("chm", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
