"""Every entry of IANA's IPv4 and IPv6 Special-Purpose Address Registries, with our verdict.

The registries (iana.org/assignments/iana-ipv4-special-registry and iana-ipv6-special-registry,
as of 2025) list each block with IANA's name for it. We refuse every one: most are not globally
reachable, and those that are (anycast relays, AS112, ORCHIDv2, DETs) are answered by the
nearest operator, which may be our own network, and are never an ATS's webhook. The four blocks
that carry an IPv4 address are judged by the address they carry. Each block is probed at its
first and last address.
"""

import ipaddress

import pytest

from callbacks.addresses import CallbackURLRefused, check_callback_url
from tests.support.addresses import PUBLIC_IP, PUBLIC_IPV6

REFUSED = "refused"
CARRIES_IPV4 = "judged by the IPv4 address it carries"

IPV4_REGISTRY = [
    ("0.0.0.0/8", '"This network"', REFUSED),
    ("0.0.0.0/32", '"This host on this network"', REFUSED),
    ("10.0.0.0/8", "Private-Use", REFUSED),
    ("100.64.0.0/10", "Shared Address Space", REFUSED),
    ("127.0.0.0/8", "Loopback", REFUSED),
    ("169.254.0.0/16", "Link Local", REFUSED),
    ("172.16.0.0/12", "Private-Use", REFUSED),
    ("192.0.0.0/24", "IETF Protocol Assignments", REFUSED),
    ("192.0.0.0/29", "IPv4 Service Continuity Prefix", REFUSED),
    ("192.0.0.8/32", "IPv4 dummy address", REFUSED),
    ("192.0.0.9/32", "Port Control Protocol Anycast", REFUSED),
    ("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", REFUSED),
    ("192.0.0.170/32", "NAT64/DNS64 Discovery", REFUSED),
    ("192.0.0.171/32", "NAT64/DNS64 Discovery", REFUSED),
    ("192.0.2.0/24", "Documentation (TEST-NET-1)", REFUSED),
    ("192.31.196.0/24", "AS112-v4", REFUSED),
    ("192.52.193.0/24", "AMT", REFUSED),
    ("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", REFUSED),
    ("192.88.99.2/32", "6a44-relay anycast address", REFUSED),
    ("192.168.0.0/16", "Private-Use", REFUSED),
    ("192.175.48.0/24", "Direct Delegation AS112 Service", REFUSED),
    ("198.18.0.0/15", "Benchmarking", REFUSED),
    ("198.51.100.0/24", "Documentation (TEST-NET-2)", REFUSED),
    ("203.0.113.0/24", "Documentation (TEST-NET-3)", REFUSED),
    ("240.0.0.0/4", "Reserved", REFUSED),
    ("255.255.255.255/32", "Limited Broadcast", REFUSED),
]

IPV6_REGISTRY = [
    ("::1/128", "Loopback Address", REFUSED),
    ("::/128", "Unspecified Address", REFUSED),
    ("::ffff:0:0/96", "IPv4-mapped Address", CARRIES_IPV4),
    ("64:ff9b::/96", "IPv4-IPv6 Translat.", CARRIES_IPV4),
    ("64:ff9b:1::/48", "IPv4-IPv6 Translat.", REFUSED),
    ("100::/64", "Discard-Only Address Block", REFUSED),
    ("100:0:0:1::/64", "Dummy IPv6 Prefix", REFUSED),
    ("2001::/23", "IETF Protocol Assignments", REFUSED),
    ("2001::/32", "TEREDO", CARRIES_IPV4),
    ("2001:1::1/128", "Port Control Protocol Anycast", REFUSED),
    ("2001:1::2/128", "Traversal Using Relays around NAT Anycast", REFUSED),
    ("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", REFUSED),
    ("2001:2::/48", "Benchmarking", REFUSED),
    ("2001:3::/32", "AMT", REFUSED),
    ("2001:4:112::/48", "AS112-v6", REFUSED),
    ("2001:10::/28", "Deprecated (previously ORCHID)", REFUSED),
    ("2001:20::/28", "ORCHIDv2", REFUSED),
    ("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", REFUSED),
    ("2001:db8::/32", "Documentation", REFUSED),
    ("2002::/16", "6to4", CARRIES_IPV4),
    ("2620:4f:8000::/48", "Direct Delegation AS112 Service", REFUSED),
    ("3fff::/20", "Documentation", REFUSED),
    ("5f00::/16", "Segment Routing (SRv6) SIDs", REFUSED),
    ("fc00::/7", "Unique-Local", REFUSED),
    ("fe80::/10", "Link-Local Unicast", REFUSED),
]

# Not in the special-purpose registries, refused all the same: multicast (IPv4 and IPv6 address
# space registries), the deprecated site-local prefix (RFC 3879), and IPv6 outside 2000::/3.
BEYOND_THE_REGISTRIES = ["224.0.0.1", "239.255.255.255", "ff02::1", "ff0e::1", "fec0::1", "4000::1", "::a00:1"]
# Public addresses, some just outside a refused block.
ACCEPTED = [PUBLIC_IP, PUBLIC_IPV6, "192.0.1.1", "198.20.0.1", "100.128.0.1", "2001:200::1", "3fff:1000::1"]

PRIVATE_IPV4 = "10.0.0.1"
TEREDO_SERVER = "65.54.227.120"


def url_for(address: str) -> str:
    return f"https://[{address}]/hook" if ":" in address else f"https://{address}/hook"


def refused(address: str) -> bool:
    try:
        check_callback_url(url_for(address))
    except CallbackURLRefused:
        return True
    return False


def carrying(block: str, ipv4: str) -> str:
    """An address of the block that carries ipv4 where the block's RFC puts it."""
    v4 = int(ipaddress.IPv4Address(ipv4))
    prefix = int(ipaddress.ip_network(block).network_address)
    if block == "2002::/16":
        return str(ipaddress.IPv6Address(prefix | v4 << 80 | 1))
    if block == "2001::/32":
        server = int(ipaddress.IPv4Address(TEREDO_SERVER))
        return str(ipaddress.IPv6Address(prefix | server << 64 | (v4 ^ 0xFFFFFFFF)))
    return str(ipaddress.IPv6Address(prefix | v4))


@pytest.mark.parametrize(
    ("block", "iana_name", "verdict"),
    IPV4_REGISTRY + IPV6_REGISTRY,
    ids=[f"{block} {name}" for block, name, _ in IPV4_REGISTRY + IPV6_REGISTRY],
)
def test_each_special_purpose_block_gets_its_verdict(block, iana_name, verdict):
    network = ipaddress.ip_network(block)
    if verdict == REFUSED:
        assert refused(str(network[0])) and refused(str(network[-1]))
    else:
        assert not refused(carrying(block, PUBLIC_IP))
        assert refused(carrying(block, PRIVATE_IPV4))


@pytest.mark.parametrize("address", BEYOND_THE_REGISTRIES)
def test_multicast_site_local_and_unallocated_ipv6_are_refused(address):
    assert refused(address)


@pytest.mark.parametrize("address", ACCEPTED)
def test_a_public_address_is_accepted(address):
    assert not refused(address)


def test_a_refusal_names_the_registry_entry(fake_dns):
    with pytest.raises(CallbackURLRefused) as refusal:
        check_callback_url("https://192.0.0.200/hook")

    assert str(refusal.value) == ("url: host '192.0.0.200' is reserved for IETF Protocol Assignments (192.0.0.200)")
