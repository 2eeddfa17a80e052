"""A signed-in persona: one kept-alive HTTP connection with its session cookie.

The standard library is enough here (no client library to add): the benchmark needs
GET, one login POST and the cookies Django sets."""

from __future__ import annotations

import http.client
import re
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

DEMO_PASSWORD = "inprocedere-demo"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# Seconds a request may take before it counts as a timeout (`bench/web.py --timeout`).
TIMEOUT = 120


class Session:
    def __init__(self, port: int, cookies: dict[str, str] | None = None, timeout=None):
        self.port = port
        self.timeout = timeout or TIMEOUT
        self.cookies: dict[str, str] = dict(cookies or {})
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=self.timeout)

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # gunicorn closed the kept-alive connection: open a new one, once.
                self.connection.close()
                self.connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=self.timeout
                )
                if attempt == 2:
                    raise
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.getheader("Location"), data

    def get(self, path: str) -> tuple[int, float, bytes]:
        start = time.perf_counter()
        status, _location, data = self.request("GET", path)
        return status, time.perf_counter() - start, data

    def login(self, username: str, password: str = DEMO_PASSWORD) -> None:
        _status, _location, page = self.request("GET", "/accounts/login/")
        token = CSRF_FIELD.search(page.decode())
        if token is None:
            raise RuntimeError("no CSRF token on the sign-in page")
        body = urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
        )
        status, location, _data = self.request(
            "POST",
            "/accounts/login/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/accounts/login/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{username} could not sign in (HTTP {status}, to {location})")

    def close(self) -> None:
        self.connection.close()
