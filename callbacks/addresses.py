"""The callback-address check, run when an ATS gives us a URL and again before every delivery.

A callback URL is an instruction to make our servers connect somewhere, so it must never reach
our own network: loopback, private, link-local, shared, multicast, reserved or cloud-metadata
addresses are refused in every spelling (IPv6-mapped, 6to4, Teredo and NAT64-embedded IPv4,
and the legacy decimal, hex and octal IPv4 forms that the C resolver still accepts).
"""

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")  # RFC 6598, carrier-grade NAT
# RFC 6052's well-known NAT64 prefix carries the IPv4 address in its last 32 bits. RFC 8215's
# local-use prefix is translated inside one operator's network, where the IPv4 address may sit
# at any of several offsets: it is never a public destination, so it is refused outright.
NAT64_WELL_KNOWN_PREFIX = ipaddress.ip_network("64:ff9b::/96")
NAT64_LOCAL_USE_PREFIX = ipaddress.ip_network("64:ff9b:1::/48")
# The characters of every legacy IPv4 spelling; inet_aton also accepts "8.8.8.8 anything"
# (it stops at whitespace), which is a malformed host, not an address.
LEGACY_IPV4_CHARACTERS = re.compile(r"[0-9a-fx.]+")
CLOUD_METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)
MAX_URL_LENGTH = 2000


class CallbackURLRefused(ValueError):
    """The URL may not be called back; the message names the problem for the ATS engineer."""


@dataclass(frozen=True)
class CheckedCallbackURL:
    url: str
    host: str
    port: int
    addresses: tuple[str, ...]
    """Every address the host resolved to, all of which passed: connect only to these."""


def check_callback_url(url: str) -> CheckedCallbackURL:
    """Return the URL with the addresses it may be reached at, or raise CallbackURLRefused."""
    if len(url) > MAX_URL_LENGTH:
        raise CallbackURLRefused(f"url: longer than {MAX_URL_LENGTH} characters")
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
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise CallbackURLRefused("url: has no host")

    if host in settings.CALLBACK_ALLOWED_PRIVATE_HOSTS:
        return CheckedCallbackURL(url, host, port, _resolve(host, port))

    literal = _parse_ip_literal(host)
    if literal is not None:
        addresses: tuple[str, ...] = (str(literal),)
    elif host == "localhost" or host.endswith(".localhost"):
        raise CallbackURLRefused(f"url: host '{host}' is a loopback name")
    else:
        addresses = _resolve(host, port)
    for address in addresses:
        reason = refusal_reason(ipaddress.ip_address(address))
        if reason:
            shown = host if literal is None else parts.hostname
            raise CallbackURLRefused(f"url: host '{shown}' is {reason} ({address})")
    return CheckedCallbackURL(url, host, port, addresses)


def refusal_reason(ip: IPAddress) -> str | None:
    """Why an address must not be called, or None for a public unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return refusal_reason(embedded)
    if ip in CLOUD_METADATA_ADDRESSES:
        return "a cloud metadata address"
    if ip.version == 6 and ip in NAT64_LOCAL_USE_PREFIX:
        return "a local-use NAT64 address"
    checks = (
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.version == 4 and ip in SHARED_ADDRESS_SPACE, "a shared (carrier-grade NAT) address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "not a public address"),
    )
    return next((reason for refused, reason in checks if refused), None)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in NAT64_WELL_KNOWN_PREFIX:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _parse_ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
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


def _resolve(host: str, port: int) -> tuple[str, ...]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise CallbackURLRefused(f"url: host '{host}' does not resolve") from None
    # Keep the resolver's order (it prefers what the system can reach), without repeats.
    return tuple(dict.fromkeys(info[4][0].split("%", 1)[0] for info in infos))
