"""Outage drill: the site under load while PostgreSQL goes away and comes back.

Starts gunicorn with the production settings on a PostgreSQL database of its own (migrated and
loaded with the demo content the first time), drives it with concurrent readers, anonymous
and signed in, over several page types, takes the database away in the middle, and reports
the status codes seen. It fails (exit 1) if any response is a 500 (or any 5xx other than 503),
and reports how long after the fault the pages answered 200 again.

Two ways to take the database away:

``--fault proxy`` (default): the site reaches PostgreSQL through a TCP proxy inside this
script; the fault closes the proxy and cuts every connection through it for ``--down``
seconds. Other users of the PostgreSQL server are not disturbed.

``--fault restart``: ``pg_ctlcluster <version> <cluster> restart`` (needs root), the real
thing: every connection is terminated, the server refuses new ones while it shuts down and
starts. It disturbs everything else using that server.

    .venv/bin/python scripts/drill_outage.py --fault proxy
    make drill-outage FAULT=restart
"""

import argparse
import collections
import os
import secrets
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

ANONYMOUS_PATHS = [
    "/",
    "/news/",
    "/ar/",
    "/forums/",
    "/experts/",
    "/partners/",
    "/events/",
    "/search/?q=water",
    "/api/v1/records/",
]
SIGNED_IN_PATHS = ["/", "/forums/", "/members/", "/admin/"]


class Proxy:
    """A TCP proxy to PostgreSQL that can be cut (``down()``) and restored (``up()``)."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.listener = None
        self.port = None
        self.pairs = set()
        self.lock = threading.Lock()
        self.running = True

    def up(self):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port or 0))
        self.port = self.listener.getsockname()[1]
        self.listener.listen(64)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def down(self):
        listener, self.listener = self.listener, None
        listener.close()
        with self.lock:
            pairs, self.pairs = list(self.pairs), set()
        for pair in pairs:
            for sock in pair:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            pair = (client, server)
            with self.lock:
                self.pairs.add(pair)
            threading.Thread(target=self._pump, args=(pair,), daemon=True).start()

    def _pump(self, pair):
        client, server = pair
        try:
            while True:
                readable, _w, _x = select.select([client, server], [], [], 1)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        raise OSError("closed")
                    (server if sock is client else client).sendall(data)
        except (OSError, ValueError):
            pass
        finally:
            with self.lock:
                self.pairs.discard(pair)
            for sock in pair:
                try:
                    sock.close()
                except OSError:
                    pass


def run(command, env, **kwargs):
    print("$", " ".join(command), flush=True)
    subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


def prepare_database(admin_url, name, env):
    """Create ``name`` on the server (if missing), migrate it and load the demo content."""
    import psycopg2

    parts = urlsplit(admin_url)
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    run([PY, "manage.py", "migrate", "--noinput", "--verbosity", "0"], env)
    run([PY, "manage.py", "seed_demo"], env, stdout=subprocess.DEVNULL)
    run([PY, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env)


def signed_in_cookie(env):
    """A session for the demo editor, made with the production settings (the drill reads
    pages signed in without going through the login form)."""
    code = (
        "from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, "
        "HASH_SESSION_KEY, SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "user = get_user_model().objects.filter(is_superuser=True).order_by('pk').first()\n"
        "s = SessionStore()\n"
        "s[SESSION_KEY] = str(user.pk)\n"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "s.create()\n"
        "print(s.session_key)\n"
    )
    output = subprocess.run(
        [PY, "manage.py", "shell", "-c", code],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return output.strip().splitlines()[-1]


def wait_until_up(base, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz in time")


def drive(base, session_key, duration, threads, results, started):
    headers = {"X-Forwarded-Proto": "https", "Accept-Language": "en"}
    stop_at = started + duration

    def reader(number):
        signed_in = number % 2 == 1
        http = requests.Session()
        paths = SIGNED_IN_PATHS if signed_in else ANONYMOUS_PATHS
        cookie = {"Cookie": f"sessionid={session_key}"} if signed_in else {}
        i = number
        while time.monotonic() < stop_at:
            path = paths[i % len(paths)]
            i += 1
            sent = time.monotonic()
            try:
                response = http.get(
                    base + path, headers={**headers, **cookie}, timeout=30, allow_redirects=False
                )
                status = response.status_code
                retry_after = response.headers.get("Retry-After")
            except requests.RequestException as error:
                status, retry_after = f"error:{type(error).__name__}", None
            results.append((sent - started, status, path, signed_in, retry_after))

    workers = [threading.Thread(target=reader, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    return workers


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fault", choices=["proxy", "restart"], default="proxy")
    parser.add_argument("--duration", type=float, default=30, help="seconds of load")
    parser.add_argument("--fault-at", type=float, default=10, help="seconds into the load")
    parser.add_argument("--down", type=float, default=5, help="proxy: seconds the link is cut")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DRILL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/drill_outage"
        ),
    )
    parser.add_argument("--cluster", default="15 main", help="restart: pg_ctlcluster's cluster")
    parser.add_argument("--skip-setup", action="store_true", help="database already prepared")
    args = parser.parse_args()

    parts = urlsplit(args.database_url)
    name = parts.path.lstrip("/")
    static_root = Path(tempfile.gettempdir()) / "chm-drill-static"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chm.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": args.database_url,
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(static_root),
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("REDIS_URL", None)
    if not args.skip_setup:
        prepare_database(args.database_url, name, env)
    session_key = signed_in_cookie(env)

    proxy = None
    serve_env = dict(env)
    if args.fault == "proxy":
        proxy = Proxy(parts.hostname, parts.port or 5432)
        proxy.up()
        credentials = parts.username or "postgres"
        if parts.password:
            credentials += f":{parts.password}"
        serve_env["DATABASE_URL"] = f"postgres://{credentials}@127.0.0.1:{proxy.port}/{name}"

    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "chm.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        env=serve_env,
        cwd=ROOT,
    )
    try:
        wait_until_up(base)
        results = []
        started = time.monotonic()
        workers = drive(base, session_key, args.duration, args.threads, results, started)
        time.sleep(args.fault_at)
        fault_start = time.monotonic() - started
        if args.fault == "proxy":
            print(f"[{fault_start:5.1f} s] cutting the database link for {args.down} s", flush=True)
            proxy.down()
            time.sleep(args.down)
            proxy.up()
        else:
            print(f"[{fault_start:5.1f} s] pg_ctlcluster {args.cluster} restart", flush=True)
            subprocess.run(["pg_ctlcluster", *args.cluster.split(), "restart"], check=True)
        fault_end = time.monotonic() - started
        print(f"[{fault_end:5.1f} s] database back", flush=True)
        for worker in workers:
            worker.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
        if proxy is not None and proxy.listener is not None:
            proxy.down()

    return report(results, fault_start, fault_end)


def report(results, fault_start, fault_end):
    """Print the status counts and the recovery; 0 when no request got a 5xx other than a
    503 with Retry-After, every request got an HTTP answer and the site recovered."""
    counts = collections.Counter(status for _t, status, *_rest in results)
    print(f"\n{len(results)} requests; status counts:")
    for status, count in sorted(counts.items(), key=lambda item: str(item[0])):
        print(f"  {status}: {count}")
    bad = [r for r in results if isinstance(r[1], int) and r[1] >= 500 and r[1] != 503]
    no_retry = [r for r in results if r[1] == 503 and not r[4]]
    errors = [r for r in results if not isinstance(r[1], int)]
    # A failure: no answer, or a page that needed the database and did not get it (503).
    # A 404 is an answer from the database like a 200.
    failing = sorted(r[0] for r in results if r[0] >= fault_start and (r[1] == 503 or r in errors))
    recovered = True
    print(f"fault: {fault_start:.1f} s to {fault_end:.1f} s into the run")
    if failing:
        last = failing[-1]
        after = [r for r in results if r[0] > last]
        print(f"first 503 sent {failing[0] - fault_start:.1f} s after the fault began")
        print(f"last 503 sent {last - fault_end:+.1f} s after the database was back")
        print(f"after it: {len(after)} requests, all answered without a 503")
        recovered = bool(after)
        if not recovered:
            print("FAIL: the site had not recovered by the end of the run")
    else:
        print("no request failed during the fault")
    if no_retry:
        print(f"FAIL: {len(no_retry)} 503 responses without Retry-After")
    if bad:
        print(f"FAIL: {len(bad)} server errors other than 503, e.g. {bad[:5]}")
    if errors:
        print(f"FAIL: {len(errors)} requests got no HTTP answer, e.g. {errors[:3]}")
    ok = recovered and not bad and not no_retry and not errors
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
