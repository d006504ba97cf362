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


def ats_words(status: str, integration: str) -> list[str]:
    """The integration's word for `status` where it differs from ours (an empty list otherwise)."""
    word = _words.get(integration, {}).get(status)
    return [word] if word and word.lower() != InterviewStatus(status).label.lower() else []


def status_label(status: str, integration: str | None = None) -> str:
    """ "Invited (ATS: sent)": our word, and the ATS's beside it where the two differ. Without an
    integration (a filter or a count over several), each integration that says it differently:
    "Scored (Greenhouse: complete; Ashby: Completed)", or "(ATS: ...)" when only one does."""
    ours = InterviewStatus(status).label
    names = [integration] if integration is not None else list(_words)
    theirs = {name: words[0] for name in names if (words := ats_words(status, name))}
    if not theirs:
        return ours
    if len(theirs) == 1:
        return f"{ours} (ATS: {next(iter(theirs.values()))})"
    return f"{ours} ({'; '.join(f'{name.title()}: {word}' for name, word in theirs.items())})"
