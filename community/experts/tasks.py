"""Background work for the roster of experts (django-tasks)."""

from django_tasks import task

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from chm.mail import send_message

from .models import ExpertProfile


@task()
def send_expert_message(expert_id, sender_id, subject, message):
    """Forward a member's message to an expert. The expert's address stays private; the
    sender's address is the Reply-To, as the form told them."""
    expert = ExpertProfile.objects.select_related("profile__user").filter(pk=expert_id).first()
    sender = get_user_model().objects.select_related("profile").filter(pk=sender_id).first()
    if expert is None or sender is None or not expert.accepts_contact:
        return
    with translation.override(settings.LANGUAGE_CODE):
        intro = _(
            "%(name)s sent you this message through the roster of experts. Reply to this "
            "email to answer them directly."
        ) % {"name": sender.profile.display_name}
        body = f"{intro}\n\n{message}\n"
        send_message(
            EmailMessage(
                subject=_("[Experts] %(subject)s") % {"subject": subject},
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[expert.profile.user.email],
                reply_to=[sender.email],
            )
        )
