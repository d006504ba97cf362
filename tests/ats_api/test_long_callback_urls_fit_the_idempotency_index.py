"""The (organization, test, url) unique index takes the longest callback url the contract allows.

PostgreSQL refuses an index row over about 2,700 bytes, after compressing it: the urls here are
drawn at random so that they do not compress, as real tokens in callback urls do not.
"""

import random
import string

import pytest

from assessments.models import Interview

pytestmark = pytest.mark.needs_postgres

HOST = "https://ats.example.com/"


def random_text(alphabet: str, length: int) -> str:
    draw = random.Random(2048)
    return "".join(draw.choice(alphabet) for _ in range(length))


def test_a_2048_character_url_is_stored_and_found_again(ats, send_test_body):
    url = HOST + random_text(string.ascii_letters + string.digits, 2048 - len(HOST))

    first = ats.post("/api/ats/send_test", send_test_body(url=url), format="json")
    again = ats.post("/api/ats/send_test", send_test_body(url=url), format="json")

    assert first.status_code == 200, first.json()
    assert again.json() == first.json()
    assert Interview.objects.get().callback_url == url


def test_a_long_non_ascii_url_is_a_400_naming_the_url(ats, send_test_body):
    # 1,900 CJK characters: under 2,048 as sent, 5,700 bytes in UTF-8, 17,100 characters encoded.
    url = HOST + random_text("".join(map(chr, range(0x4E00, 0x9FA0))), 1900)

    response = ats.post("/api/ats/send_test", send_test_body(url=url), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == ["url: longer than 2048 characters once encoded for the wire"]
    assert Interview.objects.count() == 0
