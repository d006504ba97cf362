"""A send_test body is taken the same whether it is plainly valid (checked without building DRF's
fields, plainly_valid_send_test in ats_api/greenhouse/serializers.py) or not: for every body here,
the plain check either leaves it to the declared fields or gives exactly what they give."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework import serializers

from ats_api.greenhouse.serializers import (
    CANDIDATE_TEXT_LENGTHS,
    EMAIL_LENGTH,
    TEST_ID_LENGTH,
    TEXT_LENGTHS,
    SendTestSerializer,
    plainly_valid_send_test,
)

BODY = {
    "partner_test_id": "py-fastapi-review",
    "candidate": {"email": "alex.kim@example.com"},
    "url": "https://ats.example.com/webhooks/1",
}


def declared_fields_take(body):
    """What the declared fields alone give for `body`, or None if they refuse it."""
    try:
        return serializers.Serializer.to_internal_value(SendTestSerializer(data=body), body)
    except serializers.ValidationError:
        return None


def assert_taken_alike(body):
    plain = plainly_valid_send_test(body)
    if plain is not None:
        assert plain == declared_fields_take(body)


def strings_around(length):
    """Strings either side of a field's bounds, and the characters DRF trims or refuses."""
    return [
        "",
        " ",
        "\u2003\u0085\x1c",
        "a",
        "  padded\t",
        "x" * length,
        "x" * (length + 1),
        " " + "x" * length + " ",
        "nul\x00",
        "lone \ud800 surrogate",
        "Zoë Ørsted",
    ]


VALUES = [None, 42, 4.5, True, [], {}, ["a"], {"a": 1}]
EMAILS = [
    "alex.kim@example.com",
    "  alex.kim@example.com\n",
    "ALEX@EXAMPLE.COM",
    "alex.kim-at-example.com",
    "alex@localhost",
    "alex@[127.0.0.1]",
    "alex@exa_mple.com",
    "zoë@exämple.com",
    "a@b",
    "x" * 243 + "@example.com",
    "x" * 242 + "@example.com",
    *strings_around(EMAIL_LENGTH),
    *VALUES,
]


def variants():
    for value in [*strings_around(TEST_ID_LENGTH), *VALUES, "   ", 12345]:
        yield {**BODY, "partner_test_id": value}
    for value in EMAILS:
        yield {**BODY, "candidate": {"email": value}}
    for name, length in CANDIDATE_TEXT_LENGTHS.items():
        for value in [*strings_around(length), *VALUES]:
            yield {**BODY, "candidate": {**BODY["candidate"], name: value}}
    for name, length in TEXT_LENGTHS.items():
        for value in [*strings_around(length), *VALUES]:
            yield {**BODY, name: value}
    for name in BODY:
        yield {key: value for key, value in BODY.items() if key != name}
    yield {**BODY, "candidate": {}}
    yield {**BODY, "candidate": None}
    yield {**BODY, "candidate": ["alex.kim@example.com"]}
    yield {**BODY, "unknown": "ignored", "candidate": {**BODY["candidate"], "unknown": 1}}
    yield [BODY]
    yield None


@pytest.mark.parametrize("body", list(variants()))
def test_a_body_is_taken_as_the_declared_fields_take_it(body):
    assert_taken_alike(body)


def test_the_usual_body_is_plainly_valid():
    assert plainly_valid_send_test(BODY) == declared_fields_take(BODY)


text = st.one_of(st.none(), st.integers(), st.text(max_size=8), st.sampled_from(["  x ", "\x00", "\ud800", ""]))


@settings(max_examples=300, deadline=None)
@given(
    test_id=text,
    email=st.one_of(text, st.emails()),
    candidate=st.dictionaries(st.sampled_from(sorted(CANDIDATE_TEXT_LENGTHS)), text),
    top=st.dictionaries(st.sampled_from(sorted(TEXT_LENGTHS)), text),
)
def test_any_body_is_taken_as_the_declared_fields_take_it(test_id, email, candidate, top):
    assert_taken_alike({"partner_test_id": test_id, "candidate": {**candidate, "email": email}, **top})
