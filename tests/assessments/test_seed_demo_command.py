import json
from pathlib import Path

import assessments
from tests.support.commands import last_line

DEMO_CATALOG = json.loads((Path(assessments.__file__).parent / "demo" / "catalog.json").read_text())


def test_seed_demo_prints_a_key_that_lists_the_demo_catalog(manage, client_for):
    key = last_line(manage("seed_demo"))

    response = client_for(key).get("/api/ats/list_tests")

    assert response.status_code == 200
    assert sorted(t["partner_test_id"] for t in response.json()) == sorted(e["partner_test_id"] for e in DEMO_CATALOG)


def test_running_seed_demo_again_revokes_the_previous_demo_key(manage, client_for):
    first_key = last_line(manage("seed_demo"))

    second_key = last_line(manage("seed_demo"))

    assert second_key != first_key
    assert client_for(first_key).get("/api/ats/list_tests").status_code == 401
    assert client_for(second_key).get("/api/ats/list_tests").status_code == 200
