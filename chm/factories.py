import factory
import wagtail_factories

from .models import HomePage, StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Faker("sentence", nb_words=4)
    slug = factory.Sequence(lambda n: f"page-{n}")
    introduction = factory.Faker("paragraph")
    live = True

    class Meta:
        model = StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"

    class Meta:
        model = HomePage
