"""An API key sees its own organization only: another's ids answer as if they did not exist."""

import pytest

from assessments.models import ErrorReport, Interview
from assessments.services.catalog import import_catalog
from assessments.services.organizations import enable_assessments
from tests.support.partner_api import send_test


@pytest.fixture
def globex(client_for, other_api_key, fake_dns):
    return client_for(other_api_key)


@pytest.fixture
def globex_interview_id(globex) -> str:
    return send_test(globex)


def test_another_organizations_interview_is_not_found_by_test_status(ats, globex, globex_interview_id):
    response = ats.get("/api/ats/test_status", {"partner_interview_id": globex_interview_id})

    assert response.status_code == 404
    # Exactly the answer for an id that never existed: nothing tells that this one does.
    unknown = ats.get("/api/ats/test_status", {"partner_interview_id": "Q" * len(globex_interview_id)})
    assert response.json()["errors"] == [
        message.replace("Q" * len(globex_interview_id), globex_interview_id) for message in unknown.json()["errors"]
    ]
    assert globex.get("/api/ats/test_status", {"partner_interview_id": globex_interview_id}).status_code == 200


def test_an_error_report_naming_another_organizations_interview_is_not_linked_to_it(ats, globex_interview_id):
    response = ats.post(
        "/api/ats/response_error",
        {"api_call": "test_status", "errors": ["not found"], "partner_interview_id": globex_interview_id},
        format="json",
    )

    assert response.status_code == 200
    report = ErrorReport.objects.get()
    assert report.organization.slug == "acme"
    assert report.interview is None
    assert not Interview.objects.get(public_id=globex_interview_id).error_reports.exists()


def test_a_test_enabled_only_for_another_organization_cannot_be_sent(ats, send_test_body, other_organization):
    import_catalog(entries=[{"partner_test_id": "go-concurrency", "partner_test_name": "Go Concurrency"}])
    enable_assessments(organization=other_organization, test_ids=["go-concurrency"])

    response = ats.post("/api/ats/send_test", send_test_body(partner_test_id="go-concurrency"), format="json")

    assert response.status_code == 404
    assert any(message.startswith("partner_test_id:") for message in response.json()["errors"])
    assert not Interview.objects.exists()
    assert "go-concurrency" not in [test["partner_test_id"] for test in ats.get("/api/ats/list_tests").json()]


def test_an_organization_cannot_take_over_another_organizations_interview_by_its_url(
    ats, globex, send_test_body, globex_interview_id
):
    response = ats.post("/api/ats/send_test", send_test_body(), format="json")

    assert response.status_code == 200
    assert response.json()["partner_interview_id"] != globex_interview_id
    assert Interview.objects.get(public_id=globex_interview_id).organization.slug == "globex"
