"""Tasks retry with exponential back-off and jitter, then give up with a log line."""

import logging
import random
import smtplib

import pytest
from django_tasks import task
from django_tasks.backends.dummy import DummyBackend

from chm.retry import backoff_delay, retrying

calls = []


@task(takes_context=True)
@retrying(on=(OSError,), attempts=3, base=10, cap=100)
def flaky(value, fail=True):
    calls.append(value)
    if fail:
        raise ConnectionRefusedError(111, "Connection refused")
    return value


@pytest.fixture
def dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    yield
    calls.clear()


def test_backoff_grows_exponentially_with_jitter():
    rng = random.Random(1)
    for attempt, ceiling in [(1, 10), (2, 20), (3, 40), (4, 80), (5, 100), (9, 100)]:
        delays = [backoff_delay(attempt, base=10, cap=100, rng=rng) for _ in range(50)]
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(set(delays)) > 1  # jittered


def test_a_failure_is_enqueued_again_later(dummy_tasks, caplog):
    from django_tasks import task_backends

    from django.utils import timezone

    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    before = timezone.now()
    result = flaky.enqueue("a")
    # The dummy backend runs nothing; run the task as a worker would.
    with caplog.at_level(logging.WARNING, logger="chm.retry"):
        from django_tasks.base import TaskContext

        returned = flaky.func(TaskContext(task_result=result), "a")
    assert returned is None
    assert calls == ["a"]
    retried = backend.results[-1]
    assert retried.kwargs == {"attempt": 2}
    assert retried.args == ["a"]
    assert 5 <= (retried.task.run_after - before).total_seconds() <= 11
    assert "retrying in" in caplog.text


def test_gives_up_after_the_last_attempt(dummy_tasks, caplog):
    from django_tasks import task_backends
    from django_tasks.base import TaskContext

    backend = task_backends["default"]
    result = flaky.enqueue("b")
    count = len(backend.results)
    with caplog.at_level(logging.ERROR, logger="chm.retry"), pytest.raises(ConnectionRefusedError):
        flaky.func(TaskContext(task_result=result), "b", attempt=3)
    assert len(backend.results) == count  # nothing more enqueued
    assert "failed 3 times, giving up" in caplog.text


def test_success_is_not_retried(dummy_tasks):
    from django_tasks import task_backends
    from django_tasks.base import TaskContext

    backend = task_backends["default"]
    result = flaky.enqueue("c", fail=False)
    count = len(backend.results)
    assert flaky.func(TaskContext(task_result=result), "c", fail=False) == "c"
    assert len(backend.results) == count


def test_other_errors_are_not_retried(dummy_tasks):
    from django_tasks.base import TaskContext

    @retrying(on=(smtplib.SMTPException,))
    def wrong(value):
        raise ValueError(value)

    with pytest.raises(ValueError):
        wrong(TaskContext(task_result=flaky.enqueue("d")), "d")


def test_immediate_backend_logs_and_records_the_failure(caplog):
    """Development and tests run tasks inside the request: no retry, the failure is logged and
    recorded on the result, and nothing is raised to the caller."""
    with caplog.at_level(logging.ERROR, logger="chm.retry"):
        result = flaky.enqueue("e")
    assert result.status == "FAILED"
    assert "cannot defer a retry" in caplog.text
    calls.clear()
