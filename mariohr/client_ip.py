"""The client's address as the login lockout (django-axes) counts it, behind trusted proxies.

Each proxy appends the address it received the request from to X-Forwarded-For, so with
TRUSTED_PROXY_COUNT proxies in front, the client is the entry that many places from the right: the
one the outermost proxy wrote. Entries further left came with the request and may be forged, so a
client cannot dodge its lockout by sending a different one each time.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """The trusted proxies' view of the client; REMOTE_ADDR without proxies or without the header."""
    remote_addr = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_addr
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < count:
        # Not through all the proxies (a direct connection): REMOTE_ADDR is the client itself.
        return remote_addr
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr
