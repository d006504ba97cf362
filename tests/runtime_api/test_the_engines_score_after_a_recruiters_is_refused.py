"""A recruiter scored the interview in the admin; the engine's later `scored` answers 409 saying
so, and the recruiter's score stays the result."""

from assessments.services.staff import create_staff_user
from tests.support.admin_login import login
from tests.support.builders import EVENTS
from tests.support.partner_api import status_of


def test_the_engines_score_after_a_recruiters_answers_409(ats, post_event, interview, organization):
    recruiter = create_staff_user(
        email="ra@acme.com", role="recruiter", organizations=[organization], password="pw-B-1234"
    )[0]
    admin = login(recruiter)
    post_event(interview, EVENTS["started"])
    post_event(interview, EVENTS["completed"])
    form = {"item-TOTAL_FORMS": "1", "item-INITIAL_FORMS": "0", "item-0-name": "Overall"}
    admin.post(f"/admin/assessments/interview/{interview.pk}/score/", {**form, "item-0-score": "6", "item-0-max": "10"})

    response = post_event(interview, {"id": "s1", **EVENTS["scored"]})

    assert response.status_code == 409
    assert response.json() == {
        "errors": ["type: the interview was already scored in the admin by ra@acme.com; this score was not applied"]
    }
    body = status_of(ats, interview)
    assert (body["partner_status"], body["partner_score"]) == ("complete", 6)
