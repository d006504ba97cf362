"""What a delivery sends, made by the integration that owns the interview.

callbacks knows how to deliver a message (retries, the address check, every attempt recorded),
not what any ATS wants to hear. An integration registers a builder under a name at start-up
(its AppConfig.ready); each delivery row stores that name, and every attempt asks the builder for
the message afresh, so a retry carries the newest state (a recording signed again, say) and the
credentials are read only while sending.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from callbacks.models import Delivery


@dataclass(frozen=True)
class Message:
    """One request to make: `body` is JSON-encoded; client.py adds the User-Agent."""

    method: str
    url: str
    body: dict
    headers: dict[str, str] = field(default_factory=dict)


# The builder gets the claimed delivery with its interview, the interview's organization and
# assessment already loaded; it raises ImproperlyConfigured when stored credentials cannot be read.
MessageBuilder = Callable[["Delivery"], Message]

_builders: dict[str, MessageBuilder] = {}


class UnknownMessage(LookupError):
    """No integration registered a builder of this name (its app is not installed)."""


def register(name: str, builder: MessageBuilder) -> None:
    """Make `builder` the maker of deliveries whose message is `name` ("<integration>.<what>")."""
    if _builders.get(name, builder) is not builder:
        raise ValueError(f"a message builder named {name!r} is registered already")
    _builders[name] = builder


def build(delivery: "Delivery") -> Message:
    """The message the delivery sends now. Raises UnknownMessage, or whatever the builder raises."""
    try:
        builder = _builders[delivery.message]
    except KeyError:
        raise UnknownMessage(f"no integration builds {delivery.message!r} messages") from None
    return builder(delivery)
