"""Demo content: the framework page at /framework/, in the main menu after "Get involved".

It takes the place of the standard page "The Global Biodiversity Framework" (slug
``the-framework``) that earlier demos made, which listed the targets as bare words.
"""

from chm.models import HomePage, StandardPage

from .models import FrameworkPage

SPEC = {
    "slug": "framework",
    "title": "The Global Biodiversity Framework",
    "introduction": (
        "The Kunming-Montreal Global Biodiversity Framework, adopted at COP 15 (decision 15/4), "
        "sets out four goals for 2050 and 23 targets for 2030 to halt and reverse biodiversity "
        "loss. Open a goal or a target to read its official text and find the news, events, "
        "resources, partners, experts and discussions working on it."
    ),
}
OLD_SLUG = "the-framework"
MENU_AFTER = "get-involved"


def seed(ctx):
    home = HomePage.objects.first()
    if home is None:
        return
    page = FrameworkPage.objects.child_of(home).first()
    if page is None:
        for old in StandardPage.objects.child_of(home).filter(slug=OLD_SLUG):
            old.delete()
        page = FrameworkPage(
            title=SPEC["title"],
            slug=SPEC["slug"],
            introduction=SPEC["introduction"],
            show_in_menus=True,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        anchor = home.get_children().filter(slug=MENU_AFTER).first()
        if anchor is not None:
            page.move(anchor, pos="right")
    ctx.log(f"framework page at {page.url_path}")
