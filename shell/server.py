"""The HTTP server ``askdesk serve`` runs: waitress, set up so that slow clients cannot take it down.

Why waitress, and what it is told. Slow-client attacks (slowloris: many sockets each sending a
partial header line every few seconds) exhaust whatever a server spends per *incomplete* request.
waitress reads and buffers every request on its one asynchronous main thread and hands a worker
thread only a request that has fully arrived, so an incomplete request costs a file descriptor and
a small buffer, never a thread. Measured (issue 11: 150 sockets sending a header line every 4 s,
``/healthz`` asked every half second): with waitress' defaults every ``/healthz`` timed out, because
its 100-connection ``connection_limit`` was full — not its threads; with the limit at 1,000 every one
answered, in 28 ms at most (0.4 s at most with 900 such sockets). cheroot, which reads a request in
a worker thread once its socket is readable, timed out on every one with 8 threads, like gunicorn's
sync and gthread workers would (their documentation asks for a buffering proxy in front); an asyncio
server (hypercorn, uvicorn) reads as waitress does but would put an ASGI adapter in front of a WSGI
app for no gain. So: waitress, with

* ``connection_limit`` raised (``server_connection_limit``), and the open-files limit raised to match;
* ``poll()`` instead of ``select()``, which cannot watch a descriptor numbered 1024 or more;
* a *total* deadline per request (``server_request_seconds``): a connection still sending one request
  after that long is closed, however steadily it trickles — waitress' own ``channel_timeout`` only
  closes connections that send nothing at all (``server_idle_seconds``);
* and no per-client connection budget: a reverse proxy in front does that better (nginx
  ``limit_conn``), see the README's operations section.
"""
from __future__ import annotations

import logging
import resource
import time
from collections.abc import Mapping
from typing import Any

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import BaseWSGIServer, create_server

log = logging.getLogger(__name__)
SPARE_FILES = 128   # descriptors besides the connections: the store, the index, logs, the delivery's sockets


class _TimedRequestParser(HTTPRequestParser):
    """waitress' parser of one request, which remembers when the request's first bytes arrived."""

    def __init__(self, adj):
        super().__init__(adj)
        self.started = time.monotonic()


class _DeadlineChannel(HTTPChannel):
    """A waitress connection that is closed when the request it is receiving has taken longer than
    ``request_seconds`` to arrive. The check runs on waitress' main loop, which asks every connection
    whether it is readable at least once a second (``asyncore_loop_timeout``)."""

    parser_class = _TimedRequestParser
    request_seconds = 30.0

    def readable(self):
        request = self.request
        if (request is not None and not request.completed and not self.will_close
                and time.monotonic() - request.started > self.request_seconds):
            log.debug("closing a connection from %s: its request did not arrive within %g s",
                     self.addr[0] if self.addr else "?", self.request_seconds)
            self.will_close = True   # writable() now says yes, and handle_write() closes it
        return super().readable()


def _raise_open_files_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        if target < needed:
            log.warning("the open-files limit is %d (hard limit), fewer than the %d that server_connection_limit "
                        "needs; raise it (ulimit -n, LimitNOFILE=) or lower server_connection_limit", target, needed)


def make_server(app, config: Mapping[str, Any]):
    """A waitress server for ``app`` on ``config``'s host and port, not yet running (``.run()``)."""
    _raise_open_files_limit(config["server_connection_limit"] + config["server_threads"] + SPARE_FILES)
    channels = type("AskdeskChannel", (_DeadlineChannel,), {"request_seconds": config["server_request_seconds"]})
    sockets: dict = {}
    server = create_server(
        app, map=sockets, host=config["host"], port=config["port"], threads=config["server_threads"],
        ident="askdesk", connection_limit=config["server_connection_limit"],
        channel_timeout=config["server_idle_seconds"], asyncore_use_poll=True,
        # cleaning up idle connections every few seconds rather than waitress' 30
        cleanup_interval=min(30, max(1, int(config["server_idle_seconds"] // 4))),
        # waitress drops X-Forwarded-* unless told otherwise; with proxy_hops the app's ProxyFix reads them
        clear_untrusted_proxy_headers=not config["proxy_hops"])
    for listener in sockets.values():   # one per address the host name resolves to
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = channels
    return server
