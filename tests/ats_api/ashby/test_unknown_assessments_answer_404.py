"""An assessment id Ashby's organization does not own answers 404 in Ashby's error envelope."""

import pytest

from assessments.models import Interview
from tests.support.partner_api import send_test

CANCEL = "/api/ashby/assessment.cancel"


def not_found(response, assessment_id: str) -> None:
    assert response.status_code == 404
    assert response.json() == {
        "success": False,
        "errorInfo": {"code": "not_found", "message": f"assessment_id: no assessment '{assessment_id}'"},
    }


def test_an_unknown_id_answers_404(ats, organization):
    not_found(ats.post(CANCEL, {"assessment_id": "no-such-assessment"}, format="json"), "no-such-assessment")


def test_another_organizations_assessment_answers_404_and_stays_as_it_is(started, client_for, other_api_key):
    response = client_for(other_api_key).post(CANCEL, {"assessment_id": started.public_id}, format="json")

    not_found(response, started.public_id)
    assert Interview.objects.get(pk=started.pk).status == "invited"


@pytest.mark.usefixtures("organization")
def test_an_interview_greenhouse_sent_is_not_ashbys_to_cancel(ats):
    public_id = send_test(ats)

    not_found(ats.post(CANCEL, {"assessment_id": public_id}, format="json"), public_id)
    assert Interview.objects.get(public_id=public_id).status == "invited"
