"""A local HTTPS server standing in for an ATS's results webhook.

It presents a certificate from a throwaway CA (trustme), records every request it receives and
answers from a script: a status, headers and an optional delay per request, or a body that
trickles out a byte at a time after the headers.
"""

import ssl
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import trustme


@dataclass(frozen=True)
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    received_at: float


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b'{"ok": true}'
    delay: float = 0.0
    drip: float = 0.0
    """Seconds between the body's bytes, sent one at a time after the status line and headers."""
    hold: threading.Event | None = None
    """Answer only once this is set (at most 60 s): a receiver that hangs until the test lets go."""


class HttpsSink:
    def __init__(self, ca: trustme.CA, ca_path: str):
        self.ca_path = ca_path
        self.received: list[ReceivedRequest] = []
        self.replies: deque[Reply] = deque()
        self.default_reply = Reply()
        self._changed = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("localhost", "127.0.0.1").configure_cert(tls)
        self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str = "/webhooks/mariohr") -> str:
        return f"https://localhost:{self.port}{path}"

    def reply_with(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def wait_for(self, count: int, timeout: float = 30.0) -> list[ReceivedRequest]:
        """Block until `count` requests have arrived; fail the test if they do not."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.received) >= count, timeout=timeout):
                raise AssertionError(f"the sink received {len(self.received)} requests, expected {count}")
            return list(self.received)

    def start(self) -> "HttpsSink":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler_class(self):
        sink = self

        class Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True  # no 40 ms delayed-ACK stall between headers and body

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                reply = sink.replies.popleft() if sink.replies else sink.default_reply
                with sink._changed:
                    sink.received.append(
                        ReceivedRequest(self.command, self.path, dict(self.headers.items()), body, time.time())
                    )
                    sink._changed.notify_all()
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.hold is not None:
                    reply.hold.wait(60)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if not reply.drip:
                    self.wfile.write(reply.body)
                    return
                for index in range(len(reply.body)):
                    self.wfile.flush()
                    time.sleep(reply.drip)
                    try:
                        self.wfile.write(reply.body[index : index + 1])
                        self.wfile.flush()
                    except OSError:  # the client gave up on us
                        return

            do_PATCH = do_POST = do_GET = do_PUT = _handle

            def log_message(self, format, *args):
                pass

        return Handler


@contextmanager
def trusted_sink(settings) -> Iterator[HttpsSink]:
    """A started sink that callbacks reach as an operator tests one: its CA in CALLBACK_CA_BUNDLE,
    localhost in CALLBACK_ALLOWED_PRIVATE_HOSTS (`settings` is pytest-django's fixture)."""
    ca = trustme.CA()
    with tempfile.NamedTemporaryFile(suffix=".pem") as ca_file:
        ca.cert_pem.write_to_path(ca_file.name)
        settings.CALLBACK_ALLOWED_PRIVATE_HOSTS = ["localhost"]
        settings.CALLBACK_CA_BUNDLE = ca_file.name
        server = HttpsSink(ca, ca_file.name).start()
        try:
            yield server
        finally:
            server.stop()
