"""A local HTTPS server standing in for an ATS's results webhook, in a test's process or in its own.

In a test (`HttpsSink`, `trusted_sink`) it presents a certificate from a throwaway CA (trustme),
records every request it receives and answers from a script: a status, headers and an optional delay
per request, or a body that trickles out a byte at a time after the headers.

In a process of its own (`SinkProcess`, i.e. `python -m tests.support.https_sink`), for the
benchmarks and drills, so that it outlives every worker, broker and database restart and never
competes with the worker measured for one interpreter. It answers 200 after --delay-ms and, with
--record FILE, appends each request as one JSON line (Idempotency-Key, path, arrival time, body)
*before* the answer goes out: a worker that dies waiting for the answer still counts as delivered,
which is what the receiving ATS would see. --answer picks a faulty receiver, whose line is written
once the answer is over with `held` (how long the connection stayed open, by the receiver's clock):

  drip   status line and headers (Content-Length 64 KiB), then one byte a second until the client
         closes the connection or --drip-for runs out: an answer that never finishes.
  nul    a body with NUL bytes in it: 500 to a key's first request, 200 to the next.
  ashby  healthy, answering what Ashby does to an accepted update: 200 {"success": true, "results": {}}.
"""

import argparse
import json
import os
import select
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import trustme

from tests.support.ports import free_port, wait_listening

PROJECT_DIR = Path(__file__).resolve().parents[2]


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


def write_certificate(folder: Path, *hosts: str) -> tuple[str, str]:
    """A throwaway CA and one certificate for `hosts`; returns (CA bundle, certificate and key) paths."""
    ca = trustme.CA()
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    ca.issue_cert(*hosts).private_key_and_cert_chain_pem.write_to_path(str(folder / "cert.pem"))
    return str(folder / "ca.pem"), str(folder / "cert.pem")


class SinkProcess:
    """`python -m tests.support.https_sink` on a free port of `address`, started and listening."""

    def __init__(self, cert: str, *, host: str = "localhost", address: str = "127.0.0.1", **options):
        self.port = free_port()
        self.url = f"https://{host}:{self.port}/hook"
        arguments = ["--host", address, "--port", str(self.port), "--cert", cert]
        for name, value in options.items():
            arguments += [f"--{name.replace('_', '-')}", str(value)]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.https_sink", *arguments], cwd=PROJECT_DIR, start_new_session=True
        )
        wait_listening(address, self.port)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True, help="PEM file holding the certificate and its key")
    parser.add_argument("--host", default="127.0.0.1", help="the loopback address to listen on")
    parser.add_argument("--record", help="JSON-lines file, one line per request")
    parser.add_argument("--delay-ms", type=float, default=0.0)
    parser.add_argument("--answer", choices=("ok", "drip", "nul", "ashby"), default="ok")
    parser.add_argument("--drip-for", type=float, default=30.0, help="drip: seconds before it closes itself")
    args = parser.parse_args()
    server = _RecordingServer((args.host, args.port), _recording_handler(args))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


class _RecordingServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def handle_error(self, request, client_address):
        pass  # a killed worker drops its connections mid-answer: that is the drill, not an error


def _recording_handler(args: argparse.Namespace) -> type[BaseHTTPRequestHandler]:
    delay = args.delay_ms / 1000
    record = open(args.record or os.devnull, "a", buffering=1)  # noqa: SIM115  open for the process's life
    lock = threading.Lock()
    seen: set[str] = set()
    healthy = args.answer in ("ok", "ashby")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the worker's kept sessions expect
        disable_nagle_algorithm = True  # no 40 ms delayed-ACK stall between headers and body

        def do_PATCH(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            line = {
                "key": self.headers.get("Idempotency-Key"),
                "path": self.path,
                "at": time.time(),
                "body": body.decode(errors="replace"),
                # A sender killed mid-request leaves a body cut short: an ATS would refuse it, so
                # it does not count as received (the sender never saw an answer and sends again).
                "truncated": len(body) < length,
            }
            if not healthy and not line["truncated"]:
                line.update(self._answer_faulty(line))
            if args.record:
                with lock:
                    record.write(json.dumps(line) + "\n")
            if line["truncated"] or args.answer == "drip":
                self.close_connection = True
            if line["truncated"] or not healthy:
                return
            time.sleep(delay)
            answer = b'{"success": true, "results": {}}' if args.answer == "ashby" else b"ok"
            self.send_response(200)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        do_POST = do_PATCH

        def _answer_faulty(self, line: dict) -> dict:
            if args.answer == "nul":
                with lock:
                    first = line["key"] not in seen
                    seen.add(line["key"])
                body = b'{"error": "\x00"}\x00'
                self.send_response(500 if first else 200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return {"status": 500 if first else 200, "held": time.time() - line["at"], "ended": "answered"}
            self.send_response(200)
            self.send_header("Content-Length", str(64 * 1024))
            self.end_headers()
            ended = "drip ran out"
            while time.time() < line["at"] + args.drip_for:
                # The client sends nothing more while it waits for the answer: readable means closed.
                if select.select([self.connection], [], [], 1.0)[0]:
                    ended = "closed by the client"
                    break
                try:
                    self.wfile.write(b".")
                except OSError:
                    ended = "closed by the client"
                    break
            return {"status": 200, "held": time.time() - line["at"], "ended": ended}

        def log_message(self, format, *args):
            pass

    return Handler


if __name__ == "__main__":
    main()
