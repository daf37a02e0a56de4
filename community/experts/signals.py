"""Keep the directory's matching columns in step with the areas of expertise, which taggit
sets after the profile is saved (``form.save_m2m()``)."""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .models import ExpertiseTag, ExpertProfile


@receiver(m2m_changed, sender=ExpertiseTag)
def expertise_changed(sender, instance, action, reverse, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, ExpertProfile):
        instance.refresh_search_text()
