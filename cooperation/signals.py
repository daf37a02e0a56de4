"""Receivers of cooperation's own signals and of other apps' model signals."""

from django.db import transaction
from django.dispatch import receiver

from .workflow import transitioned

# -- lifecycle emails (part A) -----------------------------------------------------------------


@receiver(transitioned, dispatch_uid="cooperation_notify_transition")
def notify_parties(sender, transition=None, **kwargs):
    """Email everyone a transition concerns (``tasks.notify_transition``), once it has
    committed. The mail goes out in a task: a failing mail server never undoes an action."""
    if transition is None:
        return
    from .tasks import notify_transition

    transaction.on_commit(lambda: notify_transition.enqueue(transition.pk))
