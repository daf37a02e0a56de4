"""Two instances, for real: a second instance of this project runs as a subprocess (its own
SQLite database, migrated and seeded with two news articles), and this one harvests it through
its HTTP API (``exchange.portal`` with its real ``fetch``).

Migrating the second instance's database takes about two minutes here (measured; ``seed_demo``
would add more), so the instance is started once for the module. If the subprocess cannot start
the tests are skipped with the reason.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from chm.models import NewsPage
from exchange.harvesting import run_source
from exchange.models import HarvestSource, RunStatus, SourceKind, provenance_of

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]
SEED = """
from chm.factories import NewsIndexPageFactory, NewsPageFactory
from chm.models import HomePage
from taxonomy.models import Target
home = HomePage.objects.first()
index = NewsIndexPageFactory(parent=home)
for number, title in ((3, "Mangroves return to the delta"), (7, "Less plastic in the lagoon")):
    page = NewsPageFactory(parent=index, title=title, author="Second instance")
    page.targets.set(Target.objects.filter(number=number))
    page.save_revision().publish()
"""


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env, *args, timeout=600):
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(PROJECT / "manage.py"), *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def second_instance(tmp_path_factory):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chm.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('second') / 'db.sqlite3'}",
        "BASE_URL": base,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    for args in (("migrate", "--noinput", "-v0"), ("shell", "-c", SEED)):
        done = _manage(env, *args)
        if done.returncode:
            pytest.skip(f"the second instance cannot be prepared: {done.stderr[-500:]}")
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            str(PROJECT / "manage.py"),
            "runserver",
            "--noreload",
            f"127.0.0.1:{port}",
        ],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(120):  # waits for start-up; not an assertion on time
            if server.poll() is not None:
                pytest.skip("the second instance's server exited at start-up")
            try:
                urllib.request.urlopen(base + "/", timeout=5)  # noqa: S310
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(1)
        else:
            pytest.skip("the second instance's server did not answer")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_harvests_the_second_instance_through_its_api(second_instance, news_index):
    source = HarvestSource.objects.create(
        name="Second CHM",
        slug="second",
        kind=SourceKind.PORTAL,
        url=second_instance,
        record_types=["news"],
    )
    run = run_source(source)
    assert run.status == RunStatus.SUCCEEDED, (run.error, run.report)
    assert run.created == 2
    page = NewsPage.objects.get(title="Mangroves return to the delta")
    provenance = provenance_of(page)
    assert provenance.source == source
    assert provenance.original_url.startswith(second_instance)
    assert [t.identifier for t in page.targets.all()] == ["GBF-TARGET-03"]

    again = run_source(source)
    assert again.status == RunStatus.SUCCEEDED
    assert (again.created, again.updated) == (0, 0)
    assert NewsPage.objects.filter(title="Mangroves return to the delta").count() == 1
