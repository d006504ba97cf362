"""The one place that makes outbound HTTP requests: result callbacks to ATSs.

Every request: HTTPS only; the callback-address check applied to every address the host
resolves to *now*; the connection made to an address that passed (no second lookup, so DNS
rebinding cannot slip a private address in), with the original host name kept for the Host
header, SNI and certificate checks; no redirects; no proxies from the environment; a 15 s
deadline; at most RESPONSE_EXCERPT_BYTES of the response read.
"""

import ssl
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from functools import cache

import certifi
import requests
from django.conf import settings
from django.utils import timezone
from requests.adapters import HTTPAdapter
from requests_hardened import Config, HTTPSession
from urllib3.exceptions import NewConnectionError

from callbacks.addresses import CallbackURLRefused, CheckedCallbackURL, check_callback_url

USER_AGENT = "MarioHR-Callbacks/1.0 (+https://mariohr.com)"
CONNECT_TIMEOUT = 5.0
DEADLINE = 15.0
RESPONSE_EXCERPT_BYTES = 20 * 1024
# Receivers answer 408, 425 and 429 when they want us to come back later; 5xx are their outages.
RETRYABLE_STATUSES = frozenset({408, 425, 429})
# Kept sessions (and their open connections) per worker thread: see _session.
SESSIONS_PER_THREAD = 8
_sessions = threading.local()


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
    """Send one request. Returns the 2xx response's status and excerpt; raises CallbackFailed."""
    try:
        checked = check_callback_url(url)
    except CallbackURLRefused as refusal:
        # A name that does not resolve may resolve later; a forbidden address will not become safe.
        unresolvable = "does not resolve" in str(refusal)
        raise CallbackFailed(str(refusal), kind="address_refused", permanent=not unresolvable) from None

    deadline = time.monotonic() + DEADLINE
    for index, address in enumerate(checked.addresses):
        try:
            return _send_to(address, checked, method=method, body=body, headers=headers, deadline=deadline)
        except requests.exceptions.ConnectionError as exc:
            # Nothing was sent if the connection never opened: the next address may answer.
            if _never_connected(exc) and index + 1 < len(checked.addresses) and time.monotonic() < deadline:
                continue
            raise _connection_failure(exc) from None
        except requests.exceptions.RequestException as exc:
            raise _connection_failure(exc) from None
    raise AssertionError("check_callback_url returns at least one address")


def _send_to(
    address: str, checked: CheckedCallbackURL, *, method: str, body: bytes, headers: dict, deadline: float
) -> CallbackResponse:
    remaining = max(deadline - time.monotonic(), 0.1)
    session = _session(address)
    try:
        response = session.request(
            method,
            checked.url,
            data=body,
            headers={**headers, "Host": _host_header(checked)},
            timeout=(min(CONNECT_TIMEOUT, remaining), remaining),
            stream=True,
            allow_redirects=False,
        )
        # Closing a response that was not read to its end closes its connection too: only a
        # connection whose answer was read whole goes back to the pool.
        with response:
            excerpt = _read_excerpt(response, deadline=deadline)
    except requests.exceptions.SSLError as exc:
        raise CallbackFailed(f"TLS error: {_reason(exc)}", kind="tls", permanent=False) from None
    except requests.exceptions.Timeout:
        raise CallbackFailed(f"no answer within {DEADLINE:.0f} s", kind="timeout", permanent=False) from None
    return _classify(response, excerpt)


def _never_connected(exc: requests.exceptions.ConnectionError) -> bool:
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(exc, requests.exceptions.ConnectTimeout) or isinstance(reason, NewConnectionError)


def _connection_failure(exc: Exception) -> CallbackFailed:
    return CallbackFailed(f"connection failed: {_reason(exc)}", kind="connection", permanent=False)


def _classify(response: requests.Response, excerpt: str) -> CallbackResponse:
    status = response.status_code
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


def _read_excerpt(response: requests.Response, *, deadline: float) -> str:
    chunks, size = [], 0
    for chunk in response.iter_content(chunk_size=4096):
        chunks.append(chunk)
        size += len(chunk)
        if size >= RESPONSE_EXCERPT_BYTES:
            break
        if time.monotonic() > deadline:
            raise requests.exceptions.ReadTimeout()
    return b"".join(chunks)[:RESPONSE_EXCERPT_BYTES].decode("utf-8", errors="replace")


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
    # requests nests the root cause; the innermost message is the one an operator can act on.
    while exc.__context__ is not None and exc.__context__ is not exc:
        exc = exc.__context__
    return str(exc)[:300]


def _host_header(checked: CheckedCallbackURL) -> str:
    host = f"[{checked.host}]" if ":" in checked.host else checked.host
    return host if checked.port == 443 else f"{host}:{checked.port}"


def _session(address: str) -> requests.Session:
    """This thread's session for one approved address, kept so that its connections are reused.

    A TLS handshake costs more CPU than the rest of a callback, and results go to a few ATS hosts
    over and over. Sessions are per thread (a requests Session is not thread-safe) and per
    address (the adapter is pinned to it), and per CA bundle (it is in the TLS context); the
    least recently used are closed beyond SESSIONS_PER_THREAD.
    """
    sessions = getattr(_sessions, "by_address", None)
    if sessions is None:
        sessions = _sessions.by_address = OrderedDict()
    key = (address, settings.CALLBACK_CA_BUNDLE)
    session = sessions.pop(key, None) or _new_session(address)
    sessions[key] = session
    while len(sessions) > SESSIONS_PER_THREAD:
        sessions.popitem(last=False)[1].close()
    return session


def _new_session(address: str) -> requests.Session:
    session = HTTPSession(
        Config(
            # Our own check has run already; the adapter below pins the address it approved.
            ip_filter_enable=False,
            ip_filter_allow_loopback_ips=False,
            never_redirect=True,
            default_timeout=(CONNECT_TIMEOUT, DEADLINE - CONNECT_TIMEOUT),
            user_agent_override=USER_AGENT,
        )
    )
    session.trust_env = False  # no proxies or .netrc from the environment
    session.mount("https://", PinnedAddressAdapter(address, _tls_context()))
    session.mount("http://", _RefuseAdapter())
    return session


class PinnedAddressAdapter(HTTPAdapter):
    """Connects to a given address while TLS (SNI, certificate) still checks the URL's host name.

    The same technique as requests-hardened's IPFilterAdapter, which resolves the name itself;
    here the address comes from our own check, so the name is resolved exactly once.
    """

    def __init__(self, address: str, tls_context: ssl.SSLContext):
        self._address = address
        self._tls_context = tls_context
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["ssl_context"] = self._tls_context
        super().init_poolmanager(*args, **kwargs)

    def cert_verify(self, conn, url, verify, cert):
        # The TLS context already trusts certifi's roots and CALLBACK_CA_BUNDLE and requires a valid
        # certificate. Left to requests, every connection would reload the CA file into the
        # shared context (about 15 ms each, from many threads at once).
        conn.cert_reqs = "CERT_REQUIRED"
        conn.ca_certs = None
        conn.ca_cert_dir = None

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        hostname = host_params["host"]
        pool_kwargs["assert_hostname"] = hostname
        pool_kwargs["server_hostname"] = hostname
        host_params["host"] = self._address
        return host_params, pool_kwargs


class _RefuseAdapter(HTTPAdapter):
    def send(self, request, **kwargs):
        raise requests.exceptions.InvalidURL("callbacks are sent over https only")


@cache
def _tls_context_for(extra_ca_bundle: str | None) -> ssl.SSLContext:
    # requests uses certifi's roots by default; keep them, and add the operator's extra CA file.
    context = ssl.create_default_context(cafile=certifi.where())
    if extra_ca_bundle:
        context.load_verify_locations(cafile=extra_ca_bundle)
    return context


def _tls_context() -> ssl.SSLContext:
    return _tls_context_for(settings.CALLBACK_CA_BUNDLE)
