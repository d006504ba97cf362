"""Which IP addresses a callback may never reach, after IANA's special-purpose address registries.

The tables below follow the IPv4 and IPv6 Special-Purpose Address Registries
(iana.org/assignments/iana-ipv4-special-registry and iana-ipv6-special-registry, as of 2025), one
row per entry, with IANA's name for it. Every entry is refused: most are not globally reachable,
and the few that are (the PCP, TURN, DNS-SD, AMT and 6a44 anycast relays, AS112, ORCHIDv2, DETs)
name a service that the nearest operator answers, which may be our own network, and never an
ATS's webhook. The four prefixes that carry an IPv4 address (mapped, NAT64, 6to4, Teredo) are
judged by the address they carry. Beyond the registries: IPv4 and IPv6 multicast, the deprecated
IPv6 site-local prefix, and IPv6 outside 2000::/3 (the only space IANA allocates for global
unicast) are refused too. Python's own is_global is not used: its tables differ between patch
releases.
"""

import ipaddress
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

CLOUD_METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)
# RFC 6052's well-known NAT64 prefix carries the IPv4 address in its last 32 bits.
NAT64_WELL_KNOWN_PREFIX = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class SpecialBlock:
    network: IPNetwork
    name: str
    """IANA's name for the entry."""
    kind: str | None = None
    """How a refusal words it ("a private address"); None: "reserved for <name>"."""

    @property
    def reason(self) -> str:
        return self.kind or f"reserved for {self.name}"


def _blocks(*rows: tuple) -> tuple[SpecialBlock, ...]:
    blocks = [SpecialBlock(ipaddress.ip_network(row[0]), *row[1:]) for row in rows]
    # The most specific entry names the address: 0.0.0.0 is "this host", not "this network".
    return tuple(sorted(blocks, key=lambda block: block.network.prefixlen, reverse=True))


IPV4_SPECIAL_REGISTRY = _blocks(
    ("0.0.0.0/8", '"This network"'),
    ("0.0.0.0/32", '"This host on this network"', "an unspecified address"),
    ("10.0.0.0/8", "Private-Use", "a private address"),
    ("100.64.0.0/10", "Shared Address Space", "a shared (carrier-grade NAT) address"),
    ("127.0.0.0/8", "Loopback", "a loopback address"),
    ("169.254.0.0/16", "Link Local", "a link-local address"),
    ("172.16.0.0/12", "Private-Use", "a private address"),
    ("192.0.0.0/24", "IETF Protocol Assignments"),
    ("192.0.0.0/29", "IPv4 Service Continuity Prefix"),
    ("192.0.0.8/32", "IPv4 dummy address"),
    ("192.0.0.9/32", "Port Control Protocol Anycast"),
    ("192.0.0.10/32", "Traversal Using Relays around NAT Anycast"),
    ("192.0.0.170/32", "NAT64/DNS64 Discovery"),
    ("192.0.0.171/32", "NAT64/DNS64 Discovery"),
    ("192.0.2.0/24", "Documentation (TEST-NET-1)"),
    ("192.31.196.0/24", "AS112-v4"),
    ("192.52.193.0/24", "AMT"),
    ("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)"),
    ("192.88.99.2/32", "6a44-relay anycast address"),
    ("192.168.0.0/16", "Private-Use", "a private address"),
    ("192.175.48.0/24", "Direct Delegation AS112 Service"),
    ("198.18.0.0/15", "Benchmarking"),
    ("198.51.100.0/24", "Documentation (TEST-NET-2)"),
    ("203.0.113.0/24", "Documentation (TEST-NET-3)"),
    ("240.0.0.0/4", "Reserved", "a reserved address"),
    ("255.255.255.255/32", "Limited Broadcast", "a broadcast address"),
)

IPV6_SPECIAL_REGISTRY = _blocks(
    ("::1/128", "Loopback Address", "a loopback address"),
    ("::/128", "Unspecified Address", "an unspecified address"),
    ("64:ff9b:1::/48", "IPv4-IPv6 Translat.", "a local-use NAT64 address"),
    ("100::/64", "Discard-Only Address Block"),
    ("100:0:0:1::/64", "Dummy IPv6 Prefix"),
    ("2001::/23", "IETF Protocol Assignments"),
    ("2001:1::1/128", "Port Control Protocol Anycast"),
    ("2001:1::2/128", "Traversal Using Relays around NAT Anycast"),
    ("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast"),
    ("2001:2::/48", "Benchmarking"),
    ("2001:3::/32", "AMT"),
    ("2001:4:112::/48", "AS112-v6"),
    ("2001:10::/28", "Deprecated (previously ORCHID)"),
    ("2001:20::/28", "ORCHIDv2"),
    ("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix"),
    ("2001:db8::/32", "Documentation"),
    ("2620:4f:8000::/48", "Direct Delegation AS112 Service"),
    ("3fff::/20", "Documentation"),
    ("5f00::/16", "Segment Routing (SRv6) SIDs"),
    ("fc00::/7", "Unique-Local", "a private address"),
    ("fe80::/10", "Link-Local Unicast", "a link-local address"),
)
# ::ffff:0:0/96 (IPv4-mapped), 64:ff9b::/96 (NAT64), 2001::/32 (Teredo) and 2002::/16 (6to4) are
# the registry's other entries: refusal_reason judges them by the IPv4 address they carry.

OUTSIDE_THE_REGISTRIES = (
    SpecialBlock(ipaddress.ip_network("224.0.0.0/4"), "Multicast", "a multicast address"),
    SpecialBlock(ipaddress.ip_network("ff00::/8"), "Multicast", "a multicast address"),
    SpecialBlock(ipaddress.ip_network("fec0::/10"), "Site-Local (deprecated)", "a site-local address"),
)
IPV6_GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")


def refusal_reason(ip: IPAddress) -> str | None:
    """Why an address must not be called, or None for a public unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return refusal_reason(embedded)
    if ip in CLOUD_METADATA_ADDRESSES:
        return "a cloud metadata address"
    registry = IPV4_SPECIAL_REGISTRY if ip.version == 4 else IPV6_SPECIAL_REGISTRY
    for block in (*registry, *OUTSIDE_THE_REGISTRIES):
        if ip.version == block.network.version and ip in block.network:
            return block.reason
    if ip.version == 6 and ip not in IPV6_GLOBAL_UNICAST:
        return "a reserved address"
    return None


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
