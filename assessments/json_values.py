"""How our values look in JSON: times in UTC with milliseconds, scores as plain numbers."""

from datetime import UTC, datetime
from decimal import Decimal


def iso_utc(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with milliseconds and a Z: 2026-05-21T10:00:00.000Z."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def json_number(value: Decimal | int | float | None) -> int | float | None:
    """82 rather than 82.00, 7.5 rather than "7.50"."""
    if value is None:
        return None
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)
