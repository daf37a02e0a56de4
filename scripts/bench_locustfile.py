"""The load the page benchmark (``scripts/bench_pages.py``) puts on one URL, run by locust.

Every simulated user asks for the same path in a loop, with no pause, as a browser would: no
cookies for an anonymous visitor (the jar is emptied before each request, so a cookie a page
sets is not sent back), the member's session cookie only when signed in. Redirects are not
followed and any status but 200 is counted as a failure named ``status NNN``.

``X-Forwarded-Proto: https`` is what the TLS-terminating load balancer in front of a production
deployment adds (``SECURE_PROXY_SSL_HEADER``), so the production settings serve plain HTTP on
the loopback interface without switching off their HTTPS redirect.
"""

import os

from locust import FastHttpUser, constant, task

PATH = os.environ.get("BENCH_PATH", "/")
NAME = os.environ.get("BENCH_NAME", PATH)
COOKIE = os.environ.get("BENCH_COOKIE", "")

HEADERS = {
    "X-Forwarded-Proto": "https",
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en-GB,en;q=0.9",
    "Accept-Encoding": "gzip, deflate, br",
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
}
if COOKIE:
    HEADERS["Cookie"] = COOKIE


class PageReader(FastHttpUser):
    wait_time = constant(0)

    @task
    def read(self):
        self.client.cookiejar.clear()
        with self.client.get(
            PATH, name=NAME, headers=HEADERS, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 200:
                response.success()
            else:
                response.failure(f"status {response.status_code}")
