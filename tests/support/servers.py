"""Real ``askdesk serve`` processes for tests, and the HTTP calls a customer or an agent makes to them.

A :class:`Server` is a subprocess on a free port; :func:`serving` starts several at once (each takes
a couple of seconds to load its index), waits until every one answers ``/readyz`` and stops them all
afterwards. A server that exits or does not become ready fails the test with its stderr.
"""
from __future__ import annotations

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest

from support.paths import REPO

READY_SECONDS = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def client_address() -> str:
    """A made-up client address of its own, sent as ``X-Forwarded-For``: rate-limit counters kept
    in a shared Redis never mix clients of different tests or test runs."""
    return "10." + ".".join(str(b) for b in secrets.token_bytes(3))


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class Server:
    def __init__(self, name: str, settings: Mapping[str, str], log_dir: Path):
        """Start ``askdesk serve`` with ``settings`` (``ASKDESK_*`` environment variables) and
        nothing else of the calling environment's askdesk settings."""
        self.name = name
        self.port = free_port()
        self.log = log_dir / f"{name}.stderr"
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASKDESK_")}
        with open(self.log, "wb") as stderr:
            self.process = subprocess.Popen([sys.executable, "-m", "askdesk", "serve", "--port", str(self.port)],
                                            env={**env, **settings}, cwd=REPO, stdout=subprocess.DEVNULL,
                                            stderr=stderr)

    def __repr__(self) -> str:
        return f"server {self.name} on port {self.port}"

    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"{self} exited with status {self.process.returncode}:\n{self.stderr()}")
            try:
                if self.request("GET", "/readyz", timeout=1.0).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        pytest.fail(f"{self} was not ready within {READY_SECONDS:.0f} s:\n{self.stderr()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def request(self, method: str, path: str, body: bytes | None = None, headers: Mapping[str, str] = (),
                timeout: float = 10.0) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=dict(headers))
            response = conn.getresponse()
            return Response(response.status, response.headers, response.read())
        finally:
            conn.close()


@contextmanager
def serving(settings: Mapping[str, str], log_dir: Path, count: int = 2) -> Iterator[list[Server]]:
    """``count`` servers with the same settings, started in parallel and ready; stopped afterwards."""
    servers: list[Server] = []
    try:
        for n in range(count):
            servers.append(Server(chr(ord("A") + n), settings, log_dir))
        deadline = time.monotonic() + READY_SECONDS
        for server in servers:
            server.wait_ready(deadline)
        yield servers
    finally:
        for server in servers:
            server.stop()


@dataclass
class Caller:
    """One customer (a client address of its own) or agent (``token``) calling any of the servers."""
    address: str = field(default_factory=client_address)
    token: str | None = None
    cookie: str | None = None

    def call(self, server: Server, method: str, path: str, payload: dict | None = None,
             form: Mapping[str, str] | None = None) -> Response:
        headers = {"X-Forwarded-For": self.address}
        body = None
        if payload is not None:
            body, headers["Content-Type"] = json.dumps(payload).encode(), "application/json"
        elif form is not None:
            body, headers["Content-Type"] = urlencode(form).encode(), "application/x-www-form-urlencoded"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.cookie:
            headers["Cookie"] = self.cookie
        response = server.request(method, path, body, headers)
        if "Set-Cookie" in response.headers:   # the console's signed session cookie
            self.cookie = response.headers["Set-Cookie"].split(";", 1)[0]
        return response

    def ok(self, server: Server, method: str, path: str, payload: dict | None = None, status: int = 200) -> dict:
        """The JSON of a call that must answer ``status``."""
        response = self.call(server, method, path, payload)
        assert response.status == status, f"{method} {path} on {server}: {response.status} {response.text}"
        return response.json()
