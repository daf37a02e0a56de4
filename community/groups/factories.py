import factory

from django.contrib.auth.models import Group

from .models import GroupProfile, JoinRequest


class GroupFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Group {n}")

    class Meta:
        model = Group
        django_get_or_create = ["name"]


class GroupProfileFactory(factory.django.DjangoModelFactory):
    group = factory.SubFactory(GroupFactory)
    name = factory.Sequence(lambda n: f"Caucus {n}")
    slug = factory.Sequence(lambda n: f"caucus-{n}")
    purpose = factory.Faker("paragraph")

    class Meta:
        model = GroupProfile


class JoinRequestFactory(factory.django.DjangoModelFactory):
    group_profile = factory.SubFactory(GroupProfileFactory)
    message = factory.Faker("sentence")
    language = "en"

    class Meta:
        model = JoinRequest
