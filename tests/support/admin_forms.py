"""POST data of the admin's forms, as the browser sends them."""


def breakdown_rows(*items: tuple[str, str, str, str], total: int = 6) -> dict:
    """The submit-results form's POST data: the given rows, then blank ones up to `total`."""
    data = {"item-TOTAL_FORMS": str(total), "item-INITIAL_FORMS": "0"}
    for number, (name, score, most, comment) in enumerate(items):
        data |= {f"item-{number}-name": name, f"item-{number}-score": score, f"item-{number}-max": most}
        data[f"item-{number}-comment"] = comment
    return data
