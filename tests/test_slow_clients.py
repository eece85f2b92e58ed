"""A real ``askdesk serve`` against slow clients: 150 sockets that each send a partial header line
every few seconds (slowloris) leave /healthz answering within a second, and a request that takes
longer than ``server_request_seconds`` to arrive has its connection closed."""
import socket
import threading
import time

import pytest

from askdesk.indexer.build import build_index

from support.paths import FIXTURE_KB, LOCALES
from support.servers import serving

pytestmark = pytest.mark.slow   # a real server process and ~15 s of slow sockets

SLOW_SOCKETS = 150        # more than waitress' default connection_limit (100)
LINE_EVERY = 4.0          # seconds between the header lines each slow socket sends


@pytest.fixture(scope="module")
def index(tmp_path_factory, hash_encoder):
    root = tmp_path_factory.mktemp("slow-clients")
    build_index(FIXTURE_KB, root / "index", hash_encoder, locales=LOCALES)
    return root


def _settings(root, **more):
    return {"ASKDESK_INDEX_DIR": str(root / "index"), "ASKDESK_CONTENT_DIR": str(FIXTURE_KB),
            "ASKDESK_ENCODER": "hash", "ASKDESK_STORE_URL": str(root / "askdesk.db"),
            "ASKDESK_SECRET_KEY": "slow-clients", **more}


class SlowClients:
    """``n`` sockets, each having sent a request line and one header, adding a header line every
    ``every`` seconds until closed; counts the sockets the server closed."""

    def __init__(self, port: int, n: int, every: float):
        self.sockets = []
        for _ in range(n):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: askdesk\r\n")
            self.sockets.append(s)
        self.closed_by_server = set()
        self._stop = threading.Event()
        self._every = every
        self._thread = threading.Thread(target=self._trickle, daemon=True)
        self._thread.start()

    def _trickle(self):
        k = 0
        while not self._stop.wait(self._every):
            for s in self.sockets:
                try:
                    s.sendall(b"X-Slow-%d: still here\r\n" % k)
                except OSError:
                    self.closed_by_server.add(s)
            k += 1

    def count_closed(self) -> int:
        for s in self.sockets:
            s.setblocking(False)
            try:
                if s.recv(1) == b"":
                    self.closed_by_server.add(s)
            except BlockingIOError:
                pass
            except OSError:
                self.closed_by_server.add(s)
            s.setblocking(True)
        return len(self.closed_by_server)

    def close(self):
        self._stop.set()
        self._thread.join()
        for s in self.sockets:
            s.close()


def test_healthz_answers_within_a_second_while_150_slow_sockets_are_open(index, tmp_path):
    with serving(_settings(index), tmp_path, count=1) as [server]:
        slow = SlowClients(server.port, SLOW_SOCKETS, LINE_EVERY)
        try:
            answers = []
            until = time.monotonic() + 3 * LINE_EVERY   # each slow socket sends three more lines meanwhile
            while time.monotonic() < until:
                started = time.monotonic()
                response = server.request("GET", "/healthz", timeout=1.0)   # raises TimeoutError past 1 s
                answers.append((response.status, time.monotonic() - started))
                time.sleep(0.25)
            assert slow.count_closed() == 0   # they were all still open: the server kept answering beside them
        finally:
            slow.close()
    assert len(answers) > 10 and all(status == 200 and seconds < 1.0 for status, seconds in answers)


def test_a_request_that_takes_longer_than_its_deadline_to_arrive_is_cut_off(index, tmp_path):
    with serving(_settings(index, ASKDESK_SERVER_REQUEST_SECONDS="2"), tmp_path, count=1) as [server]:
        slow = SlowClients(server.port, 20, 0.5)   # steady enough that the idle timeout never closes them
        try:
            time.sleep(1.0)
            assert slow.count_closed() == 0
            deadline = time.monotonic() + 10
            while slow.count_closed() < 20 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert slow.count_closed() == 20
            assert server.request("GET", "/healthz").status == 200   # a request that arrives whole is served
        finally:
            slow.close()
