"""The form on which a recruiter enters the score breakdown of an interview the engine never scored.

Each row is checked by assessments.scoring, the same rules as the engine's `scored` event; the
form only turns the typed text into numbers first.
"""

from django import forms

from assessments import scoring

DEFAULT_ROWS = 6


def typed_number(text: str) -> int | float | str:
    """ "45" -> 45, "7.5" -> 7.5; text that is no number is returned as it is, for the rules to refuse."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


class BreakdownItemForm(forms.Form):
    name = forms.CharField(max_length=scoring.NAME_MAX_LENGTH)
    score = forms.CharField(max_length=20, widget=forms.TextInput(attrs={"size": 6}))
    max = forms.CharField(max_length=20, widget=forms.TextInput(attrs={"size": 6}))
    comment = forms.CharField(
        required=False, max_length=scoring.COMMENT_MAX_LENGTH, widget=forms.TextInput(attrs={"size": 60})
    )

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        try:
            return scoring.check_item(
                name=data["name"],
                score=typed_number(data["score"]),
                max=typed_number(data["max"]),
                comment=data.get("comment", ""),
            )
        except scoring.BreakdownInvalid as invalid:
            for field, message in invalid.errors.items():
                self.add_error(field, message)
            return data


def breakdown_formset(rows: int):
    """A formset of `rows` rows (blank ones are ignored), never more than the rules allow."""
    rows = max(1, min(rows, scoring.MAX_ITEMS))
    return forms.formset_factory(
        BreakdownItemForm, extra=rows, max_num=scoring.MAX_ITEMS, absolute_max=scoring.MAX_ITEMS, validate_max=True
    )


def entered_items(formset) -> list[dict]:
    """The rows the recruiter filled in, in order, as assessments.scoring returned them."""
    return [form.cleaned_data for form in formset.forms if form.has_changed() and form.cleaned_data]
