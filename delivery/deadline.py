"""A total deadline over one delivery attempt's blocking socket I/O.

A socket timeout bounds each read or write on its own: a receiver that trickles a byte every few
seconds never trips it and can hold an attempt for as long as it likes. A :class:`Deadline` bounds
the whole attempt instead. Every socket operation gets at most the time that is left (so a connect
or a read never outlasts the deadline either), and when the deadline passes a timer shuts down the
sockets the attempt has open: whatever call is blocked on them returns at once with an error, in the
thread that made it, and the attempt fails as ``timed out``.
"""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable


class Deadline:
    """``with Deadline(seconds) as deadline:`` around one attempt; :meth:`watch` each socket it opens
    (a callable that returns the socket in use, since TLS replaces it) and read :attr:`expired`
    afterwards to tell a cut-off attempt from one that failed on its own."""

    def __init__(self, seconds: float):
        if seconds <= 0:
            raise ValueError(f"a deadline must be positive, got {seconds}")
        self.seconds = seconds
        self.expired = False
        self._ends = time.monotonic() + seconds
        self._sockets: list[Callable[[], socket.socket | None]] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()
        with self._lock:
            self._sockets.clear()   # the attempt is over: nothing of it may be shut down any more

    @property
    def passed(self) -> bool:
        """Whether the deadline has passed: the timer fired, or a socket's own timeout (never more than
        the time left) ran out at the same moment."""
        return self.expired or time.monotonic() >= self._ends

    def left(self) -> float:
        """Seconds left, never quite zero (a socket timeout of 0 would mean non-blocking)."""
        return max(0.001, self._ends - time.monotonic())

    def watch(self, current: Callable[[], socket.socket | None]) -> None:
        """Shut down ``current()`` when the deadline passes (at once if it has passed already)."""
        with self._lock:
            self._sockets.append(current)
            expired = self.expired
        if expired:
            _shut(current())

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for current in sockets:
            _shut(current())


def _shut(sock: socket.socket | None) -> None:
    if sock is None:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)   # wakes a recv/send blocked in another thread; close() would not
    except OSError:
        pass   # closed already, or never connected
