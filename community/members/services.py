"""Operations on member accounts that more than one view (or app) needs."""

from django.db import transaction

from .models import Profile


def profile_for(user):
    """The user's profile, created on first use (e.g. for accounts made by createsuperuser)."""
    profile, _created = Profile.objects.get_or_create(
        user=user,
        defaults={"display_name": user.get_full_name() or user.get_username().split("@")[0]},
    )
    return profile


def delete_account(user):
    """Delete the account and every piece of personal data attached to it.

    The user row cascades to the profile, allauth's email addresses and sessions' owners;
    the avatar file is removed from storage only once the transaction has committed, so a
    failure part-way leaves both the data and the file in place.
    """
    avatar = None
    profile = Profile.objects.filter(user=user).first()
    if profile and profile.avatar:
        avatar = (profile.avatar.storage, profile.avatar.name)
    with transaction.atomic():
        user.delete()
    if avatar:
        storage, name = avatar
        transaction.on_commit(lambda: storage.delete(name))
