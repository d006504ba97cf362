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
from uuid import UUID

if TYPE_CHECKING:
    from assessments.models import Organization
    from callbacks.client import CallbackResponse
    from callbacks.models import Delivery


@dataclass(frozen=True)
class Message:
    """One request to make: `body` is JSON-encoded; client.py adds the User-Agent."""

    method: str
    url: str
    body: dict
    headers: dict[str, str] = field(default_factory=dict)


# The builder gets the claimed delivery with its interview, the interview's organization and
# assessment already loaded, and the report's rows in the prefetch cache (assessments.reports);
# it raises ImproperlyConfigured when stored credentials cannot be read.
MessageBuilder = Callable[["Delivery"], Message]

# Some receivers answer 2xx and say in the body that they refused (Ashby's `{"success": false}`): a
# check reads the 2xx answer (status, excerpt) and raises callbacks.client.CallbackFailed, whose
# `permanent` says whether the schedule goes on.
ResponseCheck = Callable[["CallbackResponse"], None]

_builders: dict[str, MessageBuilder] = {}
_checks: dict[str, ResponseCheck] = {}
# Called with each new delivery of the message, in the transaction that schedules it (to stamp
# what must be fixed then, not at send time: Ashby's timestamps, say).
DeliveryPreparer = Callable[["Delivery"], None]
_preparers: dict[str, DeliveryPreparer] = {}
# Messages of one sequence (a name) go out one at a time per interview, in the order they were
# scheduled: one is not sent while an earlier one of the same interview and sequence is pending.
_sequences: dict[str, str] = {}
# What the admin shows of each message without building it: its HTTP method and a name in words.
_methods: dict[str, str] = {}
_labels: dict[str, str] = {}
# Messages that go to a third party's API rather than the customer's webhook (Ashby's), and so are
# not signed with the customer's secret.
_unsigned: set[str] = set()
# A sample of the message for the admin's "Send a test callback": made by the integration from the
# same builder as the real one, fed an organization, a URL and the id the sample goes out under,
# saving nothing.
SampleBuilder = Callable[["Organization", str, UUID], Message]
_samples: dict[str, SampleBuilder] = {}


class UnknownMessage(LookupError):
    """No integration registered a builder of this name (its app is not installed)."""


def register(
    name: str,
    builder: MessageBuilder,
    *,
    check_response: ResponseCheck | None = None,
    sequence: str | None = None,
    prepare: DeliveryPreparer | None = None,
    method: str | None = None,
    label: str | None = None,
    signed: bool = True,
    sample: SampleBuilder | None = None,
) -> None:
    """Make `builder` the maker of deliveries whose message is `name` ("<integration>.<what>").

    `check_response` judges 2xx answers too (see ResponseCheck); `sequence` puts the message in
    an ordered sequence with the other messages registered under the same sequence name;
    `prepare` is called with every new delivery of it (see DeliveryPreparer); `method` (the HTTP
    method the builder uses) and `label` (the message in words) are what the admin shows."""
    if _builders.get(name, builder) is not builder:
        raise ValueError(f"a message builder named {name!r} is registered already")
    _builders[name] = builder
    if check_response is not None:
        _checks[name] = check_response
    if sequence is not None:
        _sequences[name] = sequence
    if prepare is not None:
        _preparers[name] = prepare
    if method is not None:
        _methods[name] = method
    if label is not None:
        _labels[name] = label
    if not signed:
        _unsigned.add(name)
    if sample is not None:
        _samples[name] = sample


def is_signed(name: str) -> bool:
    """Whether the named message carries the organization's webhook signature."""
    return name not in _unsigned


def samples() -> dict[str, str]:
    """The messages that have a sample: name -> label, by label."""
    return dict(sorted(((name, label_of(name)) for name in _samples), key=lambda item: item[1]))


def build_sample(name: str, organization: "Organization", url: str, delivery_id: UUID) -> Message:
    """A sample of the named message for the organization, to `url`, as if of delivery
    `delivery_id`. Raises UnknownMessage."""
    try:
        sample = _samples[name]
    except KeyError:
        raise UnknownMessage(f"no integration makes samples of {name!r} messages") from None
    return sample(organization, url, delivery_id)


def method_of(name: str) -> str:
    """The HTTP method of the named message, as registered; empty when it was not given."""
    return _methods.get(name, "")


def target_of(delivery: "Delivery") -> str:
    """ "PATCH https://ats.example.com/hook": how and where the delivery sends, without building it."""
    return f"{method_of(delivery.message)} {delivery.url}".strip()


def label_of(name: str) -> str:
    """The named message in words, as registered; the name itself otherwise."""
    return _labels.get(name, name)


def prepare(delivery: "Delivery") -> None:
    """Let the message's integration prepare a new delivery (if it asked to)."""
    preparer = _preparers.get(delivery.message)
    if preparer is not None:
        preparer(delivery)


def check_response(delivery: "Delivery", response: "CallbackResponse") -> None:
    """Raise CallbackFailed when the message's check refuses the 2xx answer (if it has a check)."""
    check = _checks.get(delivery.message)
    if check is not None:
        check(response)


def sequence_of(delivery: "Delivery") -> list[str]:
    """The names of the messages sent in order with the delivery's; empty when it has no order."""
    sequence = _sequences.get(delivery.message)
    if sequence is None:
        return []
    return sorted(name for name, other in _sequences.items() if other == sequence)


def build(delivery: "Delivery") -> Message:
    """The message the delivery sends now. Raises UnknownMessage, or whatever the builder raises."""
    try:
        builder = _builders[delivery.message]
    except KeyError:
        raise UnknownMessage(f"no integration builds {delivery.message!r} messages") from None
    return builder(delivery)
