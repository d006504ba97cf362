"""What each integration calls our statuses, so the admin can show the ATS's word beside ours.

The core speaks its own words (InterviewStatus: invited, started, submitted, scored, expired,
cancelled). An ATS package registers its words for them at start-up (its AppConfig.ready), as
callbacks.messages.register does for messages, so the admin reads "Invited (ATS: sent)" without
the core knowing any ATS.
"""

from collections.abc import Mapping

from assessments.models import InterviewStatus

_words: dict[str, dict[str, str]] = {}


def register(integration: str, words: Mapping[str, str]) -> None:
    """Make `words` (our status -> the ATS's word) what the admin shows for `integration`'s interviews."""
    unknown = set(words) - set(InterviewStatus.values)
    if unknown:
        raise ValueError(f"not statuses of ours: {sorted(unknown)}")
    _words[integration] = dict(words)


def ats_words(status: str, integration: str | None = None) -> list[str]:
    """The ATS's words for `status` that differ from ours: the integration's, or every registered
    integration's (for a page that lists several) when none is given."""
    ours = InterviewStatus(status).label.lower()
    sources = [_words.get(integration, {})] if integration is not None else list(_words.values())
    found = [words[status] for words in sources if status in words]
    return sorted({word for word in found if word.lower() != ours})


def status_label(status: str, integration: str | None = None) -> str:
    """ "Invited (ATS: sent)": our word, and the ATS's beside it where the two differ."""
    ours = InterviewStatus(status).label
    theirs = ats_words(status, integration)
    return f"{ours} (ATS: {', '.join(theirs)})" if theirs else ours
