"""Addresses the tests use, and a resolver for their host names.

DNS is the one outside system the partner API touches (the callback-address check resolves host
names); this machine has no resolver, so `fake_getaddrinfo` answers for the names tests use.
"""

import socket
from collections.abc import Callable

# Public addresses (no request is ever sent to them in these tests).
PUBLIC_IP = "93.184.215.14"
PUBLIC_IPV6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c"


def test_host_names() -> dict[str, list[str]]:
    """The names tests resolve, each to public addresses; a test may add its own."""
    return {
        "ats.example.com": [PUBLIC_IP],
        "hooks.example.com": [PUBLIC_IP, PUBLIC_IPV6],
    }


test_host_names.__test__ = False  # not a test, whatever its name


def fake_getaddrinfo(names: dict[str, list[str]]) -> Callable:
    """A `socket.getaddrinfo` that answers from `names` and resolves numeric hosts as the real one."""
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        key = host.decode() if isinstance(host, bytes) else host
        if key in names:
            return [
                (
                    socket.AF_INET6 if ":" in ip else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (ip, port or 0, 0, 0) if ":" in ip else (ip, port or 0),
                )
                for ip in names[key]
            ]
        try:
            return real_getaddrinfo(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)
        except socket.gaierror:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None

    return getaddrinfo
