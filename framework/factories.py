import wagtail_factories

from .models import FrameworkPage


class FrameworkPageFactory(wagtail_factories.PageFactory):
    title = "The Global Biodiversity Framework"
    slug = "framework"
    introduction = "Four goals for 2050 and 23 targets for 2030."
    live = True
    show_in_menus = True

    class Meta:
        model = FrameworkPage
