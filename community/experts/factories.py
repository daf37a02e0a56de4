import factory

from community.members.factories import ProfileFactory

from .models import ExpertProfile


class ExpertProfileFactory(factory.django.DjangoModelFactory):
    profile = factory.SubFactory(ProfileFactory)
    headline = factory.Faker("job")
    visibility = ExpertProfile.Visibility.PUBLIC

    class Meta:
        model = ExpertProfile
        skip_postgeneration_save = True

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        if create:
            self.expertise.set(list(extracted or ["biodiversity"]))
