"""A real ``scr-digest serve`` (waitress) in a child process, and a small HTTP client for it.

``start_serve(data_dir, db_url, **settings)`` runs the installed console script on a free port
of 127.0.0.1 with the settings as ``SCR_DIGEST_*`` variables and waits until it answers;
``Browser`` talks to it with http.client, keeping the session cookie as a browser would, from
any loopback source address (127.0.0.2 stands for a proxy, 127.0.0.3 for another machine).
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

SCR_DIGEST = str(Path(sys.executable).with_name("scr-digest"))
COOKIE = "scr_digest_session"
_TOKEN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cli_env(data_dir: Path, db_url: str, **settings: str) -> dict[str, str]:
    """The environment of a child ``scr-digest``: this test's settings, none of the caller's."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SCR_DIGEST_")}
    env.update({"SCR_DIGEST_DATA_DIR": str(data_dir), "SCR_DIGEST_DB": db_url})
    env.update({f"SCR_DIGEST_{name.upper()}": value for name, value in settings.items()})
    return env


@dataclass
class Served:
    process: subprocess.Popen[str]
    port: int

    def stop(self) -> tuple[str, str]:
        self.process.terminate()
        try:
            out, err = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
        return out, err


def start_serve(data_dir: Path, db_url: str, **settings: str) -> Served:
    port = free_port()
    process = subprocess.Popen(
        [SCR_DIGEST, "serve", "--port", str(port)],
        env=cli_env(data_dir, db_url, **settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    served = Served(process, port)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out, err = process.communicate()
            raise AssertionError(f"scr-digest serve exited {process.returncode}: {out}{err}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return served
        except OSError:
            time.sleep(0.1)
    served.stop()
    raise AssertionError("scr-digest serve did not answer within 30 s")


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str


@dataclass
class Browser:
    """One visitor: its own cookies, connecting from ``source`` with ``headers`` on each request."""

    port: int
    source: str = "127.0.0.1"
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=15, source_address=(self.source, 0)
        )
        sent = {**self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if not morsel.value or "1970" in (morsel["expires"] or ""):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(response.status, response.headers, text)

    def csrf_token(self, path: str = "/login") -> str:
        page = self.request("GET", path)
        match = _TOKEN.search(page.body)
        assert match, f"no CSRF token on {path} ({page.status})"
        return match.group(1)

    def post(self, path: str, form: dict[str, str], *, token_from: str | None = None) -> Response:
        token = self.csrf_token(token_from or path)
        return self.request("POST", path, {"csrf_token": token, **form})

    def sign_in(self, email: str, password: str) -> Response:
        return self.post("/login", {"email": email, "password": password})
