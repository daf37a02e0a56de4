import factory

from community.members.factories import UserFactory

from .models import Category, Post, Subscription, Thread


class CategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    description = factory.Faker("sentence")

    class Meta:
        model = Category


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread with its opening post (``body``) by the same author."""

    category = factory.SubFactory(CategoryFactory)
    title = factory.Faker("sentence", nb_words=6)
    author = factory.SubFactory(UserFactory)

    class Meta:
        model = Thread
        skip_postgeneration_save = True

    @factory.post_generation
    def body(self, create, extracted, **kwargs):
        if create:
            Post.objects.create(
                thread=self,
                author=self.author,
                body=extracted or "Opening post.",
                status=self.status,
            )
            # As services.start_thread does: the author follows their thread.
            Subscription.objects.get_or_create(user=self.author, thread=self)


class PostFactory(factory.django.DjangoModelFactory):
    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Faker("paragraph")

    class Meta:
        model = Post
