"""The demo ATS receiver: a small HTTPS server on 127.0.0.1 that accepts our results callback
(contract section 2) and stands in for Ashby's assessment.update (section 7), prints a line for
each and stores it for the admin.

It is for a laptop, yet it must not be a way in: it listens on the loopback address only, refuses
bodies over 1 MiB (413) and what is not a JSON object (400) without storing anything, serves at
most MAX_CONNECTIONS connections at a time, each in its own thread with its TLS handshake there too
(a client that never finishes one holds up no one), and cuts off a client silent for
REQUEST_TIMEOUT seconds.
"""

import base64
import binascii
import datetime
import json
import ssl
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from django.db import DataError, IntegrityError, OperationalError, connections

from demo_ats import services
from demo_ats.certificates import DemoCertificates
from demo_ats.models import printable

HOST = "127.0.0.1"
MAX_BODY_BYTES = 1024 * 1024
# An oversized body is read and thrown away up to this size, so that its sender sees the 413.
MAX_DISCARD_BYTES = 8 * MAX_BODY_BYTES
MAX_CONNECTIONS = 32
REQUEST_TIMEOUT = 10.0
CALLBACKS_PREFIX = "/callbacks/"
ASHBY_UPDATE_PATH = "/ashby/assessment.update"


class Refused(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class DemoAtsServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        *,
        port: int,
        certificates: DemoCertificates,
        say: Callable[[str], None],
        keep: int = services.KEEP_CALLBACKS,
    ):
        self.keep = keep
        self._say = say
        self._said = threading.Lock()
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._tls.load_cert_chain(certificates.cert, certificates.key)
        super().__init__((HOST, port), DemoAtsHandler)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def say(self, line: str) -> None:
        with self._said:
            self._say(line)

    def process_request(self, request, client_address) -> None:
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)  # too many at once: this one is turned away
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()
            connections.close_all()

    def finish_request(self, request, client_address) -> None:
        # The handshake happens here, in the connection's own thread, not in accept().
        request.settimeout(REQUEST_TIMEOUT)
        try:
            tls = self._tls.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            failure = exc.__class__.__name__
            self.say(f"{_now()}  refused a connection from {client_address[0]}: TLS handshake failed ({failure})")
            return
        try:
            self.RequestHandlerClass(tls, client_address, self)
        finally:
            tls.close()


class DemoAtsHandler(BaseHTTPRequestHandler):
    server: DemoAtsServer
    server_version = "MarioHRDemoATS"
    sys_version = ""
    timeout = REQUEST_TIMEOUT
    _declared_length = 0

    def _receive(self) -> None:
        path = urlsplit(self.path).path
        try:
            # The body is read first, whatever the verdict: a connection closed with unread data is
            # reset, and the client could lose the answer explaining its refusal.
            raw_body = self._read_body()
            kind = _kind_of(self.command, path)
            _check_authorization(self.headers.get("Authorization"))
            received = _record(self, kind, _parse(raw_body))
        except Refused as refusal:
            self.close_connection = True
            self.server.say(f"{_now()}  refused {self.command} {printable(path)}: {refusal.status} {refusal.message}")
            self._answer(refusal.status, {"errors": [refusal.message]}, refusal.headers)
            if refusal.status == 413:
                self._discard_body()
            return
        except OSError as exc:  # the client went silent (REQUEST_TIMEOUT) or away mid-body
            self.close_connection = True
            self.server.say(
                f"{_now()}  dropped {self.command} {printable(path)}: {exc.__class__.__name__} reading the body"
            )
            return
        self.server.say(f"{received.summary()}  -> 200")
        if kind == services.ASHBY_UPDATE:
            # Ashby's envelope (contract section 7): our check_answer reads `success`.
            self._answer(200, {"success": True, "results": {"assessment_id": received.interview_id}})
        else:
            self._answer(200, {"received": True, "id": received.pk})

    do_PATCH = do_POST = do_GET = do_PUT = do_DELETE = _receive

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            raise Refused(411, "send the body with a Content-Length, not chunked")
        raw = self.headers.get("Content-Length", "0")
        if not raw.strip().isdigit():
            raise Refused(400, "Content-Length is not a number")
        length = self._declared_length = int(raw)
        if length > MAX_BODY_BYTES:
            raise Refused(413, f"the body is over {MAX_BODY_BYTES} bytes")
        body = self.rfile.read(length)
        if len(body) < length:
            raise Refused(400, "the body ended early")
        return body

    def _discard_body(self) -> None:
        """Read what remains of an oversized body (up to MAX_DISCARD_BYTES): closing with unread
        data resets the connection, and the client would lose the 413 it has not read yet."""
        remaining = min(self._declared_length, MAX_DISCARD_BYTES)
        try:
            while remaining > 0:
                chunk = self.rfile.read(min(remaining, 65536))
                if not chunk:
                    return
                remaining -= len(chunk)
        except OSError:
            return

    def _answer(self, status: int, payload: dict, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            self.close_connection = True  # the client has gone

    def log_message(self, format, *args) -> None:
        pass  # the server says one line per request itself, without headers


def _now() -> str:
    return f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M:%S}Z"


def _kind_of(method: str, path: str) -> str:
    if path.startswith(CALLBACKS_PREFIX) and len(path) > len(CALLBACKS_PREFIX):
        if method != "PATCH":
            raise Refused(405, "results callbacks are PATCH requests", {"Allow": "PATCH"})
        return services.RESULTS_CALLBACK
    if path == ASHBY_UPDATE_PATH:
        if method != "POST":
            raise Refused(405, "assessment.update is a POST request", {"Allow": "POST"})
        return services.ASHBY_UPDATE
    raise Refused(404, f"no such path: PATCH {CALLBACKS_PREFIX}<anything> or POST {ASHBY_UPDATE_PATH}")


def _check_authorization(header: str | None) -> None:
    """Basic auth with the key as user name, as we send it; any key will do (the value is never
    printed or stored)."""
    scheme, _, token = (header or "").partition(" ")
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        decoded = ""
    if scheme.lower() != "basic" or ":" not in decoded or not decoded.split(":", 1)[0]:
        raise Refused(
            401, "Basic authorization with an API key is required", {"WWW-Authenticate": 'Basic realm="demo ATS"'}
        )


def _parse(body: bytes) -> dict:
    try:
        parsed = json.loads(body, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise Refused(400, "the body is not JSON") from None
    if not isinstance(parsed, dict):
        raise Refused(400, "the body is not a JSON object")
    if _holds_nul(parsed):
        # PostgreSQL's JSON cannot hold one; refused on every database alike.
        raise Refused(400, "the body holds a NUL character (\\u0000)")
    return parsed


def _holds_nul(value) -> bool:
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _no_constants(name: str):
    raise ValueError(f"{name} is not JSON")


def _record(handler: DemoAtsHandler, kind: str, body: dict):
    try:
        return services.record_callback(
            method=handler.command,
            path=urlsplit(handler.path).path,
            kind=kind,
            body=body,
            idempotency_key=handler.headers.get("Idempotency-Key") or handler.headers.get("webhook-id") or "",
            keep=handler.server.keep,
        )
    except (DataError, IntegrityError) as exc:
        # A value the database cannot hold (PostgreSQL refuses a NUL character in JSON text).
        raise Refused(400, f"the body cannot be stored: {exc.__class__.__name__}") from None
    except OperationalError as exc:
        # The database is away: a 503 has our delivery engine try again later.
        raise Refused(503, f"the callback could not be stored now: {exc.__class__.__name__}") from None
