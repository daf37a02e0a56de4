import factory
import wagtail_factories

from community.members.factories import UserFactory

from .models import PartnerIndexPage, PartnerMembership, PartnerPage


class PartnerIndexPageFactory(wagtail_factories.PageFactory):
    title = "Partners"
    slug = "partners"
    live = True

    class Meta:
        model = PartnerIndexPage


class PartnerPageFactory(wagtail_factories.PageFactory):
    title = factory.Faker("company")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    organization_type = PartnerPage.OrganizationType.NGO
    description = factory.Faker("paragraph")
    live = True

    class Meta:
        model = PartnerPage


class PartnerMembershipFactory(factory.django.DjangoModelFactory):
    partner = factory.SubFactory(PartnerPageFactory)
    user = factory.SubFactory(UserFactory)
    role = PartnerMembership.Role.MEMBER

    class Meta:
        model = PartnerMembership
