"""Keep the review trail right when editors publish or unpublish in the Wagtail admin.

The focal points' pages move records through ``services.apply``, which sets the review status
before publishing; an editor publishing a record from the admin's snippet views goes through
Wagtail's own actions, so the status and the trail follow here.
"""

from django.dispatch import receiver

from wagtail.signals import published, unpublished

from .models import RECORD_MODELS, ReviewStatus
from .workflow import reviewed


def _latest_admin_actor(instance, action):
    from wagtail.log_actions import registry

    entry = registry.get_logs_for_instance(instance).filter(action=action).order_by("-timestamp")
    entry = entry.select_related("user").first()
    return entry.user if entry is not None else None


@receiver(published)
def on_published(sender, instance, revision, **kwargs):
    if sender not in RECORD_MODELS or instance.review_status == ReviewStatus.PUBLISHED:
        return
    from .services import record_step

    from_status = instance.review_status
    sender.objects.filter(pk=instance.pk).update(review_status=ReviewStatus.PUBLISHED)
    instance.review_status = ReviewStatus.PUBLISHED
    record_step(instance, "publish", from_status, revision.user, "", revision)


@receiver(unpublished)
def on_unpublished(sender, instance, **kwargs):
    """Unpublished in the admin: back to draft, with the step (whatever the status was: a
    published record with changes in draft is unpublished too). ``services.apply`` records
    its own step and says so on the instance."""
    if sender not in RECORD_MODELS or getattr(instance, "review_step_recorded", False):
        return
    from .services import record_step

    from_status = instance.review_status
    sender.objects.filter(pk=instance.pk).update(review_status=ReviewStatus.DRAFT)
    instance.review_status = ReviewStatus.DRAFT
    record_step(
        instance, "unpublish", from_status, _latest_admin_actor(instance, "wagtail.unpublish")
    )


@receiver(reviewed, dispatch_uid="reporting_notify_review_step")
def notify_review_step(sender, step=None, **kwargs):
    """Email whoever a review step concerns (``tasks.notify_review_step``). ``reviewed`` is
    sent once the step's transaction has committed; the mail goes out in a task, so a failing
    mail server never undoes a step."""
    if step is None or step.action not in ("submit", "publish", "return"):
        return
    from .tasks import notify_review_step as task

    task.enqueue(step.pk)
