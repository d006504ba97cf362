"""The one place that makes outbound HTTP requests: result callbacks to ATSs.

Every request: HTTPS only; the callback-address check applied to every address the host
resolves to *now*; the connection made to an address that passed (no second lookup, so DNS
rebinding cannot slip a private address in), with the original host name kept for the Host
header, SNI and certificate checks; no redirects; no proxies from the environment; one
deadline, CALLBACK_TIMEOUT, on the whole attempt from the name lookup to the answer's last byte
(callbacks/deadlines.py); at most RESPONSE_EXCERPT_BYTES of the response read.
"""

import ssl
import threading
from collections import OrderedDict
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from functools import cache
from urllib.parse import urlsplit

import certifi
from django.conf import settings
from django.utils import timezone
from urllib3 import HTTPResponse, HTTPSConnectionPool, Timeout
from urllib3.exceptions import ConnectTimeoutError, HTTPError, NewConnectionError, ReadTimeoutError, SSLError

from callbacks.addresses import CallbackURLRefused, CheckedCallbackURL, check_callback_url
from callbacks.deadlines import Deadline, DeadlineConnection, FutureTimeout, attempt_deadline, within_deadline

USER_AGENT = "MarioHR-Callbacks/1.0 (+https://mariohr.com)"
CONNECT_TIMEOUT = 5.0
RESPONSE_EXCERPT_BYTES = 20 * 1024
# Receivers answer 408, 425 and 429 when they want us to come back later; 5xx are their outages.
RETRYABLE_STATUSES = frozenset({408, 425, 429})
# Kept connection pools (each with its open connection) per worker thread: see _pool.
POOLS_PER_THREAD = 8
_pools = threading.local()


@dataclass(frozen=True)
class CallbackResponse:
    status_code: int
    excerpt: str


class CallbackFailed(Exception):
    """A callback that did not succeed. `permanent` says whether trying again could help."""

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        permanent: bool,
        status_code: int | None = None,
        excerpt: str = "",
        retry_after: float | None = None,
    ):
        super().__init__(message)
        self.kind = kind
        self.permanent = permanent
        self.status_code = status_code
        self.excerpt = excerpt
        self.retry_after = retry_after


def send_callback(*, method: str, url: str, body: bytes, headers: dict[str, str]) -> CallbackResponse:
    """Send one request. Returns the 2xx response's status and excerpt; raises CallbackFailed.

    The whole attempt ends within CALLBACK_TIMEOUT seconds; past it, CallbackFailed(kind="timeout").
    """
    with attempt_deadline(settings.CALLBACK_TIMEOUT) as deadline:
        try:
            response = _send(method=method, url=url, body=body, headers=headers, deadline=deadline)
        except CallbackFailed as failure:
            if deadline.expired and failure.kind != "timeout":  # what a cut connection raises
                raise _timed_out(deadline) from None
            raise
        except Exception:
            if deadline.expired:
                raise _timed_out(deadline) from None
            raise
        if deadline.expired:  # an answer without a length may look whole when cut short
            raise _timed_out(deadline)
        return response


def _send(*, method: str, url: str, body: bytes, headers: dict[str, str], deadline: Deadline) -> CallbackResponse:
    try:
        checked = within_deadline(deadline, check_callback_url, url)
    except FutureTimeout:
        raise CallbackFailed(
            f"the name lookup did not answer within {deadline.seconds:g} s", kind="timeout", permanent=False
        ) from None
    except CallbackURLRefused as refusal:
        # A name that does not resolve may resolve later; a forbidden address will not become safe.
        raise CallbackFailed(str(refusal), kind="address_refused", permanent=not refusal.retryable) from None

    for index, address in enumerate(checked.addresses):
        try:
            return _send_to(address, checked, method=method, body=body, headers=headers, deadline=deadline)
        except (NewConnectionError, ConnectTimeoutError) as exc:
            # Nothing was sent if the connection never opened: the next address may answer.
            if index + 1 < len(checked.addresses) and deadline.remaining() > 0:
                continue
            raise _connection_failure(exc) from None
        except HTTPError as exc:
            raise _connection_failure(exc) from None
    raise AssertionError("check_callback_url returns at least one address")


def _timed_out(deadline: Deadline) -> CallbackFailed:
    return CallbackFailed(f"no complete answer within {deadline.seconds:g} s", kind="timeout", permanent=False)


def _send_to(
    address: str, checked: CheckedCallbackURL, *, method: str, body: bytes, headers: dict, deadline: Deadline
) -> CallbackResponse:
    remaining = max(deadline.remaining(), 0.1)
    parts = urlsplit(checked.url)
    try:
        response = _pool(address, checked).urlopen(
            method,
            f"{parts.path or '/'}{'?' + parts.query if parts.query else ''}",
            body=body,
            headers={**headers, "Host": _host_header(checked), "User-Agent": USER_AGENT},
            timeout=Timeout(connect=min(CONNECT_TIMEOUT, remaining), read=remaining),
            retries=False,
            redirect=False,
            assert_same_host=False,
            preload_content=False,
        )
        excerpt, whole = _read_excerpt(response)
    except SSLError as exc:
        raise CallbackFailed(f"TLS error: {_reason(exc)}", kind="tls", permanent=False) from None
    except ReadTimeoutError:
        raise _timed_out(deadline) from None
    if not whole:
        # Only a connection whose answer was read to its end can carry the next request.
        response.close()
    response.release_conn()
    return _classify(response, excerpt)


def _connection_failure(exc: Exception) -> CallbackFailed:
    return CallbackFailed(f"connection failed: {_reason(exc)}", kind="connection", permanent=False)


def _classify(response: HTTPResponse, excerpt: str) -> CallbackResponse:
    status = response.status
    if 200 <= status < 300:
        return CallbackResponse(status_code=status, excerpt=excerpt)
    if 300 <= status < 400:
        raise CallbackFailed(
            f"HTTP {status}: redirects are not followed",
            kind="redirect",
            permanent=True,
            status_code=status,
            excerpt=excerpt,
        )
    retryable = status in RETRYABLE_STATUSES or status >= 500
    raise CallbackFailed(
        f"HTTP {status}",
        kind="http_status",
        permanent=not retryable,
        status_code=status,
        excerpt=excerpt,
        retry_after=_retry_after_seconds(response.headers.get("Retry-After")) if retryable else None,
    )


def _read_excerpt(response: HTTPResponse) -> tuple[str, bool]:
    """At most RESPONSE_EXCERPT_BYTES of the body, and whether that was the whole of it.

    The attempt's deadline cuts a body that comes too slowly (callbacks/deadlines.py).
    """
    chunks, size = [], 0
    for chunk in response.stream(4096):
        chunks.append(chunk)
        size += len(chunk)
        if size > RESPONSE_EXCERPT_BYTES:
            break
    whole = size <= RESPONSE_EXCERPT_BYTES
    text = b"".join(chunks)[:RESPONSE_EXCERPT_BYTES].decode("utf-8", errors="replace")
    return storable_text(text), whole


def storable_text(text: str) -> str:
    """The text with NUL characters replaced: PostgreSQL's text columns cannot hold them."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After is seconds or an HTTP date (RFC 9110 section 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - timezone.now()).total_seconds())
    except (TypeError, ValueError):
        return None


def _reason(exc: Exception) -> str:
    # urllib3 nests the root cause; the innermost message is the one an operator can act on.
    while exc.__context__ is not None and exc.__context__ is not exc:
        exc = exc.__context__
    return storable_text(str(exc)[:300])


def _host_header(checked: CheckedCallbackURL) -> str:
    host = f"[{checked.host}]" if ":" in checked.host else checked.host
    return host if checked.port == 443 else f"{host}:{checked.port}"


def _pool(address: str, checked: CheckedCallbackURL) -> HTTPSConnectionPool:
    """This thread's connection pool for one approved address, kept so that its connection is reused.

    A TLS handshake costs more CPU than the rest of a callback, and results go to a few ATS hosts
    over and over. The pool connects to the address our check approved, while TLS (SNI and the
    certificate) checks the URL's host name, so the name is resolved exactly once and DNS
    rebinding cannot slip another address in. Pools are per thread (one connection each), per
    address, host and CA bundle; the least recently used are closed beyond POOLS_PER_THREAD.
    """
    pools = getattr(_pools, "by_key", None)
    if pools is None:
        pools = _pools.by_key = OrderedDict()
    key = (address, checked.port, checked.host, settings.CALLBACK_CA_BUNDLE)
    pool = pools.pop(key, None) or _DeadlinePool(
        address,
        checked.port,
        maxsize=1,
        ssl_context=_tls_context(),
        server_hostname=checked.host,  # SNI, and the name the certificate must carry
        retries=False,
    )
    pools[key] = pool
    while len(pools) > POOLS_PER_THREAD:
        pools.popitem(last=False)[1].close()
    return pool


class _DeadlinePool(HTTPSConnectionPool):
    ConnectionCls = DeadlineConnection


@cache
def _tls_context_for(extra_ca_bundle: str | None) -> ssl.SSLContext:
    # certifi's roots (what requests and most clients trust), and the operator's extra CA file.
    context = ssl.create_default_context(cafile=certifi.where())
    if extra_ca_bundle:
        context.load_verify_locations(cafile=extra_ca_bundle)
    return context


def _tls_context() -> ssl.SSLContext:
    return _tls_context_for(settings.CALLBACK_CA_BUNDLE)
