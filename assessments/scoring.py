"""The rules of a score breakdown, wherever it comes from: the engine's `scored` event (contract
section 4) or a recruiter entering it in the admin. Both adapters parse their own input (JSON,
form text) and then apply these checks, so one breakdown is valid or invalid the same way in both.
"""

import math

# The totals are stored as decimal(9, 2), at most 9,999,999.99: these bounds keep any valid
# breakdown's sum (100 x 10,000 = 1,000,000) well inside it.
MAX_ITEMS = 100
MAX_POINTS = 10_000
NAME_MAX_LENGTH = 200
COMMENT_MAX_LENGTH = 10_000

NOT_A_NUMBER = "A number is required."
OUT_OF_RANGE = f"Must be a number from 0 to {MAX_POINTS}."


class BreakdownInvalid(ValueError):
    """The breakdown breaks a rule; `errors` maps each field ("score", "2.max", "breakdown") to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))


def check_points(value: object) -> int | float:
    """A score or a max: a number (not a boolean) from 0 to MAX_POINTS, kept as given (45 stays 45,
    7.5 stays 7.5). Raises BreakdownInvalid (field "points")."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BreakdownInvalid({"points": NOT_A_NUMBER})
    if not math.isfinite(value) or not 0 <= value <= MAX_POINTS:
        raise BreakdownInvalid({"points": OUT_OF_RANGE})
    return value


def check_item(*, name: str, score: object, max: object, comment: str | None = "") -> dict:
    """One item as it is stored and reported: {"name", "score", "max", "comment"}, a missing
    comment an empty one. Raises BreakdownInvalid naming the item's fields."""
    errors = {}
    if not isinstance(name, str) or not name.strip():
        errors["name"] = "This field may not be blank."
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = f"Ensure this field has no more than {NAME_MAX_LENGTH} characters."
    if comment is not None and (not isinstance(comment, str) or len(comment) > COMMENT_MAX_LENGTH):
        errors["comment"] = f"Must be text of at most {COMMENT_MAX_LENGTH} characters."
    for field, value in (("score", score), ("max", max)):
        try:
            check_points(value)
        except BreakdownInvalid as invalid:
            errors[field] = invalid.errors["points"]
    if "score" not in errors and "max" not in errors and score > max:
        errors["score"] = f"Must not exceed max ({max})."
    if errors:
        raise BreakdownInvalid(errors)
    return {"name": name, "score": score, "max": max, "comment": comment or ""}


def check_breakdown(items: list[dict]) -> list[dict]:
    """The whole breakdown, from 1 to MAX_ITEMS items in the order the report shows them.

    Raises BreakdownInvalid whose fields are "breakdown" or "<index>.<field>".
    """
    if not items:
        raise BreakdownInvalid({"breakdown": "At least one item is required."})
    if len(items) > MAX_ITEMS:
        raise BreakdownInvalid({"breakdown": f"Ensure there are no more than {MAX_ITEMS} items."})
    cleaned, errors = [], {}
    for index, item in enumerate(items):
        try:
            cleaned.append(
                check_item(
                    name=item.get("name"), score=item.get("score"), max=item.get("max"), comment=item.get("comment")
                )
            )
        except BreakdownInvalid as invalid:
            errors.update({f"{index}.{field}": message for field, message in invalid.errors.items()})
    if errors:
        raise BreakdownInvalid(errors)
    return cleaned
