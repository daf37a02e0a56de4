import datetime

import factory

from django.utils import timezone

from community.members.factories import UserFactory
from taxonomy.models import Country, Language, Region, Target

from .models import (
    AssistanceType,
    Match,
    Offer,
    OfferStatus,
    RequestStatus,
    SupportRequest,
)


def _m2m(field, model, lookup):
    """A post-generation hook setting an M2M from identifiers (``countries=["KE"]``)."""

    def hook(self, create, extracted, **kwargs):
        if create and extracted is not None:
            getattr(self, field).set(model.objects.filter(**{f"{lookup}__in": extracted}))

    return factory.post_generation(hook)


class SupportRequestFactory(factory.django.DjangoModelFactory):
    """A request for support. ``targets=[7]``, ``countries=["KE"]``,
    ``assistance_types=["training"]``, ``working_languages=["en"]`` set its classification."""

    title = factory.Sequence(lambda n: f"Support for wetland restoration {n}")
    summary = factory.Faker("sentence")
    problem = factory.Faker("paragraph")
    contact_name = factory.Faker("name")
    contact_email = factory.Faker("email")
    owner = factory.SubFactory(UserFactory)
    status = RequestStatus.DRAFT
    language = factory.LazyFunction(lambda: Language.objects.filter(code="en").first())

    class Meta:
        model = SupportRequest
        skip_postgeneration_save = True

    targets = _m2m("targets", Target, "number")
    countries = _m2m("countries", Country, "code")
    assistance_types = _m2m("assistance_types", AssistanceType, "slug")
    working_languages = _m2m("working_languages", Language, "code")

    class Params:
        published = factory.Trait(
            status=RequestStatus.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )


class OfferFactory(factory.django.DjangoModelFactory):
    """An offer of support; same keyword shortcuts as ``SupportRequestFactory`` plus
    ``eligible_regions=["002"]`` (M49 codes)."""

    title = factory.Sequence(lambda n: f"Training on species monitoring {n}")
    description = factory.Faker("paragraph")
    owner = factory.SubFactory(UserFactory)
    status = OfferStatus.DRAFT
    capacity = 3
    language = factory.LazyFunction(lambda: Language.objects.filter(code="en").first())
    application_deadline = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=90)
    )

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    targets = _m2m("targets", Target, "number")
    countries = _m2m("countries", Country, "code")
    assistance_types = _m2m("assistance_types", AssistanceType, "slug")
    working_languages = _m2m("working_languages", Language, "code")

    eligible_regions = _m2m("eligible_regions", Region, "identifier")

    class Params:
        published = factory.Trait(
            status=OfferStatus.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )


class MatchFactory(factory.django.DjangoModelFactory):
    request = factory.SubFactory(SupportRequestFactory, published=True)
    offer = factory.SubFactory(OfferFactory, published=True)
    score = 5.0

    class Meta:
        model = Match
