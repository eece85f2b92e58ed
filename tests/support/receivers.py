"""A real webhook receiver for the tests: an HTTP server on 127.0.0.1 that fails as told, then recovers."""
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

QUICK = 0.5          # the webhook timeout in these tests; a "hang" answer takes longer than that
TRICKLE = QUICK / 2  # seconds between the bytes of a "trickle" answer: each read is quicker than QUICK


class Receiver:
    """A webhook receiver on 127.0.0.1 that answers with ``script`` in order, then with ``default``.
    A step is a status, ``(status, body)``, ``"drop"`` (close the connection without an answer) or
    ``"hang"`` (answer nothing for longer than the sender waits), ``"trickle"`` (a 200 answer sent a
    byte every :data:`TRICKLE` seconds, which takes a few seconds in all) or ``("sleep", seconds)``
    (wait that long, then answer 200)."""

    def __init__(self, script=(), default=200):
        self.script, self.default, self.requests = list(script), default, []
        lock, receiver = threading.Lock(), self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with lock:
                    receiver.requests.append((self.headers, body))
                    step = receiver.script.pop(0) if receiver.script else receiver.default
                if step == "trickle":
                    self.close_connection = True
                    try:
                        for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n":
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(TRICKLE)
                    except OSError:
                        pass   # the sender gave up
                    return
                if isinstance(step, tuple) and step[0] == "sleep":
                    time.sleep(step[1])
                    step = 200
                if step in ("drop", "hang"):
                    if step == "hang":
                        time.sleep(QUICK * 3)
                    self.close_connection = True
                    return
                status, text = step if isinstance(step, tuple) else (step, "")
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "/moved")
                self.send_header("Content-Length", str(len(text.encode())))
                self.end_headers()
                self.wfile.write(text.encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/askdesk"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
