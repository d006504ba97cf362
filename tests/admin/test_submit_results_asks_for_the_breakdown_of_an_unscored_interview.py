"""The admin's "Submit results" never invents a score: on an interview the engine has not scored it opens the
breakdown form, and the recruiter's rows (checked by the engine's rules) become the result."""

from assessments.models import Interview
from callbacks.models import Delivery
from tests.support.admin_forms import breakdown_rows
from tests.support.admin_login import login

LIST = "/admin/assessments/interview/"


def test_submit_on_an_unscored_interview_opens_the_breakdown_form_and_scores_nothing(recruiter_a, interview_a):
    response = login(recruiter_a).post(
        LIST, {"action": "submit_results_to_ats", "_selected_action": [interview_a.pk]}, follow=True
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"{LIST}{interview_a.pk}/score/"
    assert "Score breakdown for" in page and 'name="item-0-score"' in page
    interview = Interview.objects.get(pk=interview_a.pk)
    assert (interview.status, interview.score_total, interview.score_max) == ("started", None, None)
    assert not Delivery.objects.filter(interview=interview_a).exists()


def test_the_recruiters_breakdown_becomes_the_result_sent_to_the_ats(recruiter_a, interview_a):
    form = f"{LIST}{interview_a.pk}/score/"
    data = breakdown_rows(("Correctness", "45", "60", "Found the bug."), ("Communication", "7.5", "10", ""))

    response = login(recruiter_a).post(form, data, follow=True)

    assert "Score saved and queued for the ATS: alex@example.com" in response.content.decode()
    interview = Interview.objects.get(pk=interview_a.pk)
    assert (interview.status, interview.score_total, interview.score_max) == ("scored", 52.5, 70)
    assert interview.scored_by == "ra@acme.com"
    assert interview.score_breakdown == [
        {"name": "Correctness", "score": 45, "max": 60, "comment": "Found the bug."},
        {"name": "Communication", "score": 7.5, "max": 10, "comment": ""},
    ]
    assert Delivery.objects.filter(interview=interview_a, status="pending").count() == 1


def test_a_breakdown_that_breaks_the_engines_rules_is_refused_row_by_row(recruiter_a, interview_a):
    form = f"{LIST}{interview_a.pk}/score/"
    data = breakdown_rows(("Correctness", "11", "10", ""), ("Style", "lots", "10", ""), ("Speed", "5", "10001", ""))

    page = login(recruiter_a).post(form, data).content.decode()

    assert "Must not exceed max (10)." in page
    assert "A number is required." in page
    assert "Must be a number from 0 to 10000." in page
    assert Interview.objects.get(pk=interview_a.pk).status == "started"
    assert not Delivery.objects.filter(interview=interview_a).exists()


def test_an_empty_breakdown_is_refused(recruiter_a, interview_a):
    page = login(recruiter_a).post(f"{LIST}{interview_a.pk}/score/", breakdown_rows()).content.decode()

    assert "At least one item is required." in page
    assert Interview.objects.get(pk=interview_a.pk).status == "started"


def test_a_recruiter_of_another_organization_cannot_open_the_form(recruiter_b, interview_a):
    client = login(recruiter_b)
    form = f"{LIST}{interview_a.pk}/score/"

    assert interview_a.candidate_email not in client.get(form, follow=True).content.decode()
    client.post(form, breakdown_rows(("Correctness", "1", "10", "")))
    assert Interview.objects.get(pk=interview_a.pk).status == "started"
