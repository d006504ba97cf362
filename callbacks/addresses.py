"""The callback-address check, run when an ATS gives us a URL and again before every delivery.

A callback URL is an instruction to make our servers connect somewhere, so it must never reach
our own network: loopback, private, link-local, shared, multicast, reserved or cloud-metadata
addresses are refused in every spelling (IPv6-mapped, 6to4, Teredo and NAT64-embedded IPv4,
and the legacy decimal, hex and octal IPv4 forms that the C resolver still accepts);
callbacks/special_addresses.py lists them.

send_test never waits on DNS (contract section 1): wire_callback_url checks what the URL itself
says (scheme, credentials, host syntax, address literals, loopback names) and returns the URL as
it goes on the wire. Host names are resolved, and every address checked, by check_callback_url at
each delivery, where a name that does not resolve is a retryable refusal.
"""

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

import idna
from django.conf import settings

from callbacks.special_addresses import IPAddress, refusal_reason

# Counted on the wire form: IDNA (xn--) host, percent-encoded path and query (contract section 1).
# PostgreSQL's btree rows hold about 2,700 bytes, so the (organization, test, url) unique index
# takes a wire-form URL, which is ASCII, at this length.
MAX_URL_LENGTH = 2048
# The characters of every legacy IPv4 spelling; inet_aton also accepts "8.8.8.8 anything"
# (it stops at whitespace), which is a malformed host, not an address.
LEGACY_IPV4_CHARACTERS = re.compile(r"[0-9a-fx.]+")
# Letters, digits and hyphens (RFC 1123), and the underscore that real DNS names carry and every
# browser accepts; IDNA's own rules apply to xn-- and non-ASCII labels.
ASCII_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")
MAX_HOST_LENGTH = 253
# RFC 3986: what may stand unescaped in a path, query or fragment; a "%" only before two hex digits.
NOT_ON_THE_WIRE = re.compile(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]+")


class CallbackURLRefused(ValueError):
    """The URL may not be called back; the message names the problem for the ATS engineer.

    `retryable` is true only for a host name that does not resolve now: it may resolve later,
    while a forbidden address or a malformed URL will not become acceptable.
    """

    def __init__(self, message: str, *, retryable: bool = False):
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class CheckedCallbackURL:
    url: str
    host: str
    port: int
    addresses: tuple[str, ...]
    """Every address the host resolved to, all of which passed: connect only to these."""


@dataclass(frozen=True)
class _WireURL:
    url: str
    host: str
    port: int
    literal: IPAddress | None


def wire_callback_url(url: str) -> str:
    """Return the URL as it is stored and sent, checked without resolving any name.

    Raises CallbackURLRefused for a URL that is not plain https to a valid host, is longer than
    MAX_URL_LENGTH on the wire, or names a loopback host or a forbidden address literal.
    """
    return _parse(url).url


def check_callback_url(url: str) -> CheckedCallbackURL:
    """Return the URL with the addresses it may be reached at, or raise CallbackURLRefused."""
    wire = _parse(url)
    if wire.host in settings.CALLBACK_ALLOWED_PRIVATE_HOSTS:
        return CheckedCallbackURL(wire.url, wire.host, wire.port, _resolve(wire.host, wire.port))
    if wire.literal is not None:
        return CheckedCallbackURL(wire.url, wire.host, wire.port, (str(wire.literal),))
    addresses = _resolve(wire.host, wire.port)
    for address in addresses:
        reason = refusal_reason(ipaddress.ip_address(address))
        if reason:
            raise CallbackURLRefused(f"url: host '{wire.host}' is {reason} ({address})")
    return CheckedCallbackURL(wire.url, wire.host, wire.port, addresses)


def _parse(url: str) -> _WireURL:
    try:
        parts = urlsplit(url)
        port = 443 if parts.port is None else parts.port
    except ValueError as exc:
        raise CallbackURLRefused(f"url: not a valid URL ({exc})") from None
    if port == 0:
        raise CallbackURLRefused("url: port 0 is not a port that can be called")
    if parts.scheme.lower() != "https":
        raise CallbackURLRefused("url: must use https")
    if parts.username is not None or parts.password is not None:
        raise CallbackURLRefused("url: must not contain a user name or password")
    shown = (parts.hostname or "").rstrip(".")
    if not shown:
        raise CallbackURLRefused("url: has no host")
    host, literal = _wire_host(shown)
    allowed = host in settings.CALLBACK_ALLOWED_PRIVATE_HOSTS
    if literal is not None and not allowed:
        reason = refusal_reason(literal)
        if reason:
            raise CallbackURLRefused(f"url: host '{shown}' is {reason} ({literal})")
    elif (host == "localhost" or host.endswith(".localhost")) and not allowed:
        # RFC 6761: these names are the loopback interface whatever DNS says.
        raise CallbackURLRefused(f"url: host '{shown}' is a loopback name")

    netloc = f"[{literal}]" if literal is not None and literal.version == 6 else host
    if parts.port is not None:
        netloc = f"{netloc}:{port}"
    try:
        path, query, fragment = (_percent_encode(text) for text in (parts.path, parts.query, parts.fragment))
    except UnicodeEncodeError:
        raise CallbackURLRefused("url: not a valid URL (it is not valid Unicode)") from None
    wire = urlunsplit(("https", netloc, path, query, fragment))
    if len(wire) > MAX_URL_LENGTH:
        raise CallbackURLRefused(f"url: longer than {MAX_URL_LENGTH} characters once encoded for the wire")
    return _WireURL(wire, host, port, literal)


def _wire_host(shown: str) -> tuple[str, IPAddress | None]:
    """The host as DNS and TLS see it (lowercase, IDNA), and the address if it is a literal."""
    invalid = CallbackURLRefused(f"url: host '{shown}' is not a valid host name")
    if len(shown) > 4 * MAX_HOST_LENGTH:
        raise invalid  # an upper bound on the work below; no such host fits once encoded
    try:
        # UTS 46 (as browsers do): full-width and ideographic dots, case, and characters that map
        # to nothing, so that 127.0.0.1 in full-width digits is read as the address it spells.
        mapped = idna.uts46_remap(shown, std3_rules=False, transitional=False)
    except (idna.IDNAError, UnicodeError):
        raise invalid from None
    literal = _parse_ip_literal(mapped)
    if literal is not None:
        return str(literal), literal
    labels = []
    for label in mapped.split("."):
        try:
            if not label.isascii():
                label = idna.alabel(label).decode("ascii")
            elif label.startswith("xn--"):
                idna.ulabel(label)  # only a valid A-label may claim to be one
        except (idna.IDNAError, UnicodeError):
            raise invalid from None
        if not ASCII_LABEL.fullmatch(label):
            raise invalid
        labels.append(label)
    host = ".".join(labels)
    if len(host) > MAX_HOST_LENGTH:
        raise invalid
    return host, None


def _parse_ip_literal(host: str) -> IPAddress | None:
    if ":" in host:
        if "%" in host:
            return None  # a zone id ("%eth0") names an interface of ours: not a host to call back
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            return None
    try:
        return ipaddress.IPv4Address(host)
    except ValueError:
        pass
    if not LEGACY_IPV4_CHARACTERS.fullmatch(host):
        return None
    try:
        # inet_aton reads the legacy forms (2130706433, 0x7f000001, 0177.0.0.1, 127.1)
        # exactly as the resolver would: what it accepts is an address, not a name.
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):
        return None


def _percent_encode(text: str) -> str:
    # Idempotent: a stored wire URL encodes to itself when it is checked again at delivery.
    return NOT_ON_THE_WIRE.sub(lambda match: quote(match.group(), safe=""), text)


def _resolve(host: str, port: int) -> tuple[str, ...]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise CallbackURLRefused(f"url: host '{host}' does not resolve", retryable=True) from None
    # Keep the resolver's order (it prefers what the system can reach), without repeats.
    return tuple(dict.fromkeys(info[4][0].split("%", 1)[0] for info in infos))
