"""The breakdown form on an interview the engine has scored says so and changes nothing: whichever
score comes second is refused, with a 409."""

from assessments.models import Interview
from assessments.services.results import score_interview
from callbacks.models import Delivery
from tests.support.admin_forms import breakdown_rows
from tests.support.admin_login import login

ENGINE_SCORE = [{"name": "Overall", "score": 82, "max": 100, "comment": "Solid."}]


def form_url(interview: Interview) -> str:
    return f"/admin/assessments/interview/{interview.pk}/score/"


def test_the_form_on_an_interview_the_engine_scored_says_so(recruiter_a, interview_a):
    score_interview(interview=interview_a, breakdown=ENGINE_SCORE)

    page = login(recruiter_a).get(form_url(interview_a)).content.decode()

    assert "This interview was already scored by the assessment engine (82/100)." in page
    assert 'name="item-0-score"' not in page


def test_a_breakdown_sent_after_the_engines_score_answers_409_and_keeps_the_engines(recruiter_a, interview_a):
    client = login(recruiter_a)
    assert 'name="item-0-score"' in client.get(form_url(interview_a)).content.decode()
    # The engine's score lands while the recruiter is typing.
    score_interview(interview=interview_a, breakdown=ENGINE_SCORE)

    response = client.post(form_url(interview_a), breakdown_rows(("Correctness", "10", "10", "")))

    assert response.status_code == 409
    assert "already scored by the assessment engine" in response.content.decode()
    interview = Interview.objects.get(pk=interview_a.pk)
    assert (interview.score_total, interview.scored_by) == (82, "")
    assert Delivery.objects.filter(interview=interview_a).count() == 1
