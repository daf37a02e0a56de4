from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .services import profile_for


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="members-create-profile")
def create_profile(sender, instance, created, raw=False, **kwargs):
    """Every account has a profile, however it was created (sign-up, admin, shell)."""
    if created and not raw:
        profile_for(instance)
