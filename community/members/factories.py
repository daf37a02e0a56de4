import factory
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model

from .models import Profile

DEFAULT_PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        """A verified primary address, as allauth leaves it after confirmation."""
        if create and extracted is not False:
            self.save()
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class ProfileFactory(factory.django.DjangoModelFactory):
    """Profiles are created with their user by a signal, so this updates that one."""

    user = factory.SubFactory(UserFactory)
    display_name = factory.Faker("name")
    organization = factory.Faker("company")
    visibility = Profile.Visibility.PUBLIC

    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        user = kwargs.pop("user")
        profile = Profile.objects.get(user=user)
        for key, value in kwargs.items():
            setattr(profile, key, value)
        profile.save()
        return profile
