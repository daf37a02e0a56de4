"""Who may submit events and see submissions: the one place these rules live."""

from allauth.account.models import EmailAddress


def can_submit_event(user):
    """Signed-in members with a verified email address (so replies reach them)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or EmailAddress.objects.filter(user=user, verified=True).exists()


def submissions_of(user):
    """The events a member submitted, drafts included (only they see this list)."""
    from .models import EventPage

    if not user.is_authenticated:
        return EventPage.objects.none()
    return EventPage.objects.filter(submitted_by=user)
