import factory
import wagtail_factories

from .models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    ResourceIndexPage,
    ResourcePage,
    StandardPage,
)


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


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"
    slug = "news"
    live = True

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Faker("sentence", nb_words=6)
    slug = factory.Sequence(lambda n: f"news-{n}")
    introduction = factory.Faker("paragraph")
    author = factory.Faker("name")
    live = True

    class Meta:
        model = NewsPage


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Resources"
    slug = "resources"
    live = True

    class Meta:
        model = ResourceIndexPage


class ResourcePageFactory(wagtail_factories.PageFactory):
    title = factory.Faker("sentence", nb_words=5)
    slug = factory.Sequence(lambda n: f"resource-{n}")
    summary = factory.Faker("paragraph")
    publisher = factory.Faker("company")
    year = 2024
    link = factory.Sequence(lambda n: f"https://example.org/resources/{n}")
    live = True

    class Meta:
        model = ResourcePage
