"""The webhook channel: an HTTP POST of the ticket's JSON, signed with HMAC-SHA256.

Headers of every request:

* ``X-Askdesk-Event``: ``ticket.created``
* ``X-Askdesk-Delivery``: the outbox id, the same on every attempt (deduplicate by it: a delivery
  can arrive more than once)
* ``X-Askdesk-Timestamp``: unix seconds when the request was signed
* ``X-Askdesk-Signature``: ``sha256=<hex HMAC-SHA256 of "{timestamp}.{body}" keyed with webhook_secret>``
  (left out when no ``webhook_secret`` is set)

A receiver checks a request with :func:`verify`. Any 2xx answer means delivered; anything else —
other statuses, timeouts, refused or dropped connections — is a failed attempt, retried later.
Redirects are not followed: a POST must reach the configured URL itself. An attempt has a total
deadline (:mod:`delivery.deadline`): a receiver that answers a byte at a time is cut off at it.
"""
from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any

from askdesk.delivery.deadline import Deadline
from askdesk.delivery.errors import DeliveryError
from askdesk.delivery.payload import EVENT
from askdesk.store.outbox import Delivery

TIMEOUT_SECONDS = 10.0   # the whole attempt: connect, send, the answer's status and headers
SIGNATURE_PREFIX = "sha256="
ERROR_EXCERPT_BYTES = 200   # how much of a refusing receiver's answer goes into the outbox's last_error


def _bytes(body: bytes | str) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else body


def sign(secret: str, timestamp: int, body: bytes | str) -> str:
    """The ``X-Askdesk-Signature`` header of ``body`` sent at ``timestamp`` (unix seconds)."""
    if not secret:
        raise ValueError("the webhook secret is empty; set webhook_secret to sign requests")
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode("ascii") + _bytes(body), hashlib.sha256)
    return SIGNATURE_PREFIX + mac.hexdigest()


def verify(secret: str, timestamp: int | str, body: bytes | str, header: str, tolerance_seconds: float = 300,
           now: float | None = None) -> bool:
    """Whether ``header`` is the signature of ``body`` at ``timestamp`` (the ``X-Askdesk-Timestamp``
    header, as received) and that timestamp is within ``tolerance_seconds`` of ``now`` (default: the
    clock), which stops replays of old requests. ``body`` must be the raw bytes received."""
    if not secret or not header:
        return False
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((time.time() if now is None else now) - sent_at) > tolerance_seconds:
        return False
    # as bytes: compare_digest refuses str with non-ASCII characters, which a forged header may hold
    return hmac.compare_digest(sign(secret, sent_at, body).encode("ascii"), header.encode("utf-8", "replace"))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Turn a redirect into an error answer: urllib would repeat a POST redirected by 301-303 as a GET
    without the body, and its 2xx would then count as delivered."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class _Watched:
    """An http.client connection whose socket a :class:`Deadline` shuts down when it passes, and whose
    connect gets only the time left."""

    def __init__(self, *args, deadline: Deadline, **kwargs):
        super().__init__(*args, **kwargs)
        self._deadline = deadline
        deadline.watch(lambda: self.sock)

    def connect(self):
        self.timeout = self._deadline.left()
        super().connect()


class _WatchedHTTP(_Watched, http.client.HTTPConnection):
    pass


class _WatchedHTTPS(_Watched, http.client.HTTPSConnection):
    pass


class _DeadlineHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: Deadline):
        super().__init__()
        self._deadline = deadline

    def http_open(self, req):
        return self.do_open(_WatchedHTTP, req, deadline=self._deadline)


class _DeadlineHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline):
        super().__init__()
        self._deadline = deadline

    def https_open(self, req):
        return self.do_open(_WatchedHTTPS, req, deadline=self._deadline, context=self._context)


def send(delivery: Delivery, config: Mapping[str, Any], *, timeout: float | None = None) -> None:
    """POST ``delivery`` to the configured webhook within ``timeout`` seconds in all;
    :class:`DeliveryError` unless it answers 2xx in time. ``timeout``: the setting
    ``delivery_timeout_seconds`` unless given."""
    timeout = config.get("delivery_timeout_seconds", TIMEOUT_SECONDS) if timeout is None else timeout
    url = config["webhook_url"]
    if not url.startswith(("http://", "https://")):   # urllib would also open file: and ftp: URLs
        raise DeliveryError(f"webhook_url {url!r} must start with http:// or https://")
    body = json.dumps(delivery.payload, ensure_ascii=False).encode("utf-8")
    timestamp = int(time.time())
    headers = {"Content-Type": "application/json", "User-Agent": "askdesk-webhook/1",
               "X-Askdesk-Event": EVENT, "X-Askdesk-Delivery": delivery.id, "X-Askdesk-Timestamp": str(timestamp)}
    if config["webhook_secret"]:
        headers["X-Askdesk-Signature"] = sign(config["webhook_secret"], timestamp, body)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with Deadline(timeout) as deadline:
        opener = urllib.request.build_opener(_NoRedirects, _DeadlineHTTPHandler(deadline),
                                             _DeadlineHTTPSHandler(deadline))
        try:
            with opener.open(request, timeout=timeout):
                pass   # any 2xx answer: delivered; its body is not needed
            if deadline.expired:   # the answer was cut off at the deadline, after its status line
                raise TimeoutError("cut off at the deadline")
        except urllib.error.HTTPError as exc:   # an answer other than 2xx
            try:
                excerpt = " ".join(exc.read(ERROR_EXCERPT_BYTES).decode("utf-8", "replace").split())
            except (OSError, http.client.HTTPException):
                excerpt = ""   # cut off by the deadline, or dropped, while reading the reason
            finally:
                exc.close()
            raise DeliveryError(f"HTTP {exc.code} from {url}" + (f": {excerpt}" if excerpt else "")) from exc
        except (OSError, http.client.HTTPException) as exc:   # refused, dropped, timed out (URLError is an OSError)
            if deadline.passed:
                raise DeliveryError(f"POST {url} timed out: no complete answer within the {timeout:g} s "
                                    "deadline") from exc
            reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            raise DeliveryError(f"POST {url} failed: {type(reason).__name__}: {reason}") from exc
