"""Search documents straight in the database index, for tests and the benchmark."""

import uuid
from datetime import UTC

import factory

from .models import SearchDocument


class SearchDocumentFactory(factory.django.DjangoModelFactory):
    uuid = factory.LazyFunction(uuid.uuid4)
    record_type = "page"
    title = factory.Faker("sentence", nb_words=5)
    summary = factory.Faker("sentence", nb_words=15)
    text = factory.Faker("paragraph", nb_sentences=6)
    url = factory.Sequence(lambda n: f"/records/{n}/")
    published = factory.Faker("date_time_this_decade", tzinfo=UTC)
    language = "en"
    facets = factory.LazyAttribute(lambda o: [f"type:{o.record_type}", f"language:{o.language}"])
    audiences = factory.LazyFunction(lambda: ["public"])

    class Meta:
        model = SearchDocument
