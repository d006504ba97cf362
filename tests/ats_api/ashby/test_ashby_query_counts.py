"""Ashby's routes cost the same SQL however large the organization's catalog."""

from assessments.models import Assessment
from tests.support.builders import enable_more_assessments
from tests.support.query_counts import queries_of


def test_list_and_start_cost_the_same_queries_for_1_or_30_assessments(
    client_for, other_api_key, other_organization, start_body, django_assert_num_queries
):
    globex = client_for(other_api_key)
    assert globex.post("/api/ashby/assessment.list", {}, format="json").status_code == 200  # records the key's use
    listing = queries_of(lambda: globex.post("/api/ashby/assessment.list", {}, format="json"))
    starting = queries_of(lambda: globex.post("/api/ashby/assessment.start", start_body(), format="json"))
    enable_more_assessments(other_organization, 29)
    extra = str(Assessment.objects.get(test_id="extra-28").uuid)

    with django_assert_num_queries(listing):
        assert len(globex.post("/api/ashby/assessment.list", {}, format="json").json()["results"]) == 30
    with django_assert_num_queries(starting):
        globex.post("/api/ashby/assessment.start", start_body(assessment_type_id=extra), format="json")

    assert listing <= 2
    # Key, the type's test id, assessment, then the insert inside its savepoint.
    assert starting <= 6
