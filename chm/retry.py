"""Background tasks that retry with exponential back-off when a service is down.

django-tasks runs a task once; a task that fails is marked failed and forgotten. Work that
fails only because a service is briefly away (the mail server, the search engine, the
database) is worth trying again later, spaced out so a struggling service is not hammered:

    @task(takes_context=True)
    @retrying(on=MAIL_ERRORS)
    def deliver_email(message): ...

On one of the ``on`` errors the task enqueues itself again with ``run_after`` set ``base *
2**(attempt-1)`` seconds ahead (capped at ``cap``, with jitter so many failed tasks do not
return at once), and logs a warning; after ``attempts`` tries it logs an error and re-raises,
so the task result is marked failed. A backend that cannot defer work (the immediate backend
of development and tests runs tasks inside the request) gets no retry: the error is logged
and re-raised, and that backend records the task as failed without failing the request.

The attempt number travels as the task's ``attempt`` keyword argument.
https://github.com/RealOrangeOne/django-tasks#deferring-tasks
"""

import functools
import logging
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

DEFAULT_ATTEMPTS = 6
DEFAULT_BASE = 30
DEFAULT_CAP = 60 * 60


def backoff_delay(attempt, *, base=DEFAULT_BASE, cap=DEFAULT_CAP, rng=random):
    """Seconds to wait after failed ``attempt`` (1, 2, ...): ``base * 2**(attempt-1)``
    capped at ``cap``, then "equal jitter": between half of that and all of it."""
    ceiling = min(cap, base * 2 ** max(attempt - 1, 0))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


def schedule_retry(task, args, kwargs, *, attempt, error, attempts, base, cap):
    """Enqueue ``task`` again after a back-off, or give up. Returns the new task result, or
    ``None`` when it gave up (the caller re-raises then)."""
    name = task.name
    if attempt >= attempts:
        logger.error(
            "Task %s failed %d times, giving up: %s: %s",
            name,
            attempt,
            type(error).__name__,
            error,
        )
        return None
    if not task.get_backend().supports_defer:
        logger.error(
            "Task %s failed (%s: %s); its task backend cannot defer a retry",
            name,
            type(error).__name__,
            error,
        )
        return None
    delay = backoff_delay(attempt, base=base, cap=cap)
    result = task.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
        *args, **{**kwargs, "attempt": attempt + 1}
    )
    logger.warning(
        "Task %s failed (attempt %d of %d, %s: %s); retrying in %.0f s",
        name,
        attempt,
        attempts,
        type(error).__name__,
        error,
        delay,
    )
    return result


def retrying(*, on, attempts=DEFAULT_ATTEMPTS, base=DEFAULT_BASE, cap=DEFAULT_CAP, savepoint=False):
    """Decorate a task function (under ``@task(takes_context=True)``) to retry on ``on``.

    ``savepoint``: run the work in a savepoint when it runs inside a transaction (the
    immediate backend runs tasks inside the request's save), so a database error in the task
    rolls back only the task's own writes and the save that enqueued it still commits."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(context, *args, attempt=1, **kwargs):
            try:
                if savepoint and transaction.get_connection().in_atomic_block:
                    with transaction.atomic():
                        return function(*args, **kwargs)
                return function(*args, **kwargs)
            except on as error:
                retried = schedule_retry(
                    context.task_result.task,
                    args,
                    kwargs,
                    attempt=attempt,
                    error=error,
                    attempts=attempts,
                    base=base,
                    cap=cap,
                )
                if retried is None:
                    raise
                return None

        # django-tasks reads the signature to find ``context``: show the wrapper's own.
        del wrapper.__wrapped__
        return wrapper

    return decorate
