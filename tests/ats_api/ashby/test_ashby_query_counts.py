"""Ashby's routes cost the same SQL however large the organization's catalog."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment
from assessments.services.catalog import import_catalog
from assessments.services.organizations import enable_assessments


def enable_29_more(organization) -> None:
    entries = [{"partner_test_id": f"extra-{n:02}", "partner_test_name": f"Extra {n:02}"} for n in range(29)]
    import_catalog(entries=entries)
    enable_assessments(organization=organization, test_ids=[entry["partner_test_id"] for entry in entries])


def queries_of(request) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = request()
    assert response.status_code == 200, response.content
    return len(queries)


def test_list_and_start_cost_the_same_queries_for_1_or_30_assessments(
    client_for, other_api_key, other_organization, start_body, django_assert_num_queries
):
    globex = client_for(other_api_key)
    assert globex.post("/api/ashby/assessment.list", {}, format="json").status_code == 200  # records the key's use
    listing = queries_of(lambda: globex.post("/api/ashby/assessment.list", {}, format="json"))
    starting = queries_of(lambda: globex.post("/api/ashby/assessment.start", start_body(), format="json"))
    enable_29_more(other_organization)
    extra = str(Assessment.objects.get(test_id="extra-28").uuid)

    with django_assert_num_queries(listing):
        assert len(globex.post("/api/ashby/assessment.list", {}, format="json").json()["results"]) == 30
    with django_assert_num_queries(starting):
        globex.post("/api/ashby/assessment.start", start_body(assessment_type_id=extra), format="json")

    assert listing <= 2
    # Key, the type's test id, assessment, then the insert inside its savepoint.
    assert starting <= 6
