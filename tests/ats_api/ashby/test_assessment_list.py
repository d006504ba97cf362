"""assessment.list: the organization's enabled assessments, each with a UUID that never changes."""

import uuid

from assessments.models import Assessment
from assessments.services.catalog import import_catalog


def test_list_answers_the_enabled_assessments_in_ashbys_envelope(ats, organization):
    response = ats.post("/api/ashby/assessment.list", {}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    assert [item["name"] for item in body["results"]] == [
        "Numeric Id Test",
        "Python FastAPI Code Review",
        "React Debugging Session",
    ]
    review = body["results"][1]
    assert set(review) == {"assessment_type_id", "name", "description"}
    assert review["description"] == "Repo-based exercise for backend roles."
    assert uuid.UUID(review["assessment_type_id"]).version == 5


def test_another_organization_sees_only_its_own_assessments(client_for, other_api_key):
    response = client_for(other_api_key).post("/api/ashby/assessment.list", {}, format="json")

    assert [item["name"] for item in response.json()["results"]] == ["Python FastAPI Code Review"]


def test_an_assessment_keeps_its_uuid_when_the_catalog_is_imported_again_or_its_id_edited(ats, organization):
    before = ats.post("/api/ashby/assessment.list", {}, format="json").json()["results"]
    import_catalog(
        entries=[
            {
                "partner_test_id": "react-debugging",
                "partner_test_name": "React Debugging Session",
                "description": "Fix three bugs.",
            }
        ]
    )
    Assessment.objects.filter(test_id="12345").update(test_id="numeric-id")

    after = ats.post("/api/ashby/assessment.list", {}, format="json").json()["results"]

    assert after == before


def test_the_same_test_id_has_the_same_uuid_in_every_environment(catalog):
    # A uuid5 of the test id: staging and production agree without sharing any state.
    review = Assessment.objects.get(test_id="py-fastapi-review")

    assert review.uuid == uuid.uuid5(uuid.UUID("6f1c2a5e-4b1d-5f0e-9a7c-3d2e8b9f4a10"), "py-fastapi-review")
