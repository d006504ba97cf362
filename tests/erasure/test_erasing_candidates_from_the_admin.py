"""The interviews' "Erase the candidate's personal data" action: account managers only, and only
once they have confirmed what will be erased."""

from dataclasses import replace

import pytest
from django.test import Client

from assessments.models import Erasure, Interview
from assessments.services.staff import create_staff_user
from tests.support.candidate_data import WILHELMINA, ZOLTAN, invite, scored_with_everything
from tests.support.stored_text import stored_values_containing

CHANGELIST = "/admin/assessments/interview/"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def account_manager(db):
    return create_staff_user(email="am@mariohr.com", role="account_manager", organizations=[], password=None)[0]


@pytest.fixture
def recruiter(organization):
    return create_staff_user(email="rita@acme.example", role="recruiter", organizations=[organization], password=None)[
        0
    ]


@pytest.fixture
def interviews(ats) -> tuple[Interview, Interview, Interview]:
    """Zoltan twice at Acme (the second invitation's address in other case), and Wilhelmina."""
    first = invite(ats, ZOLTAN, callback_url="https://ats.example.com/hooks/1")
    second = invite(ats, replace(ZOLTAN, email=ZOLTAN.email.upper()), callback_url="https://ats.example.com/hooks/2")
    other = invite(ats, WILHELMINA, callback_url="https://ats.example.com/hooks/3")
    return first, second, other


def erase(client: Client, *interviews: Interview, confirmed: bool):
    data = {"action": "erase_candidates", "_selected_action": [interview.pk for interview in interviews]}
    if confirmed:
        data["confirmed"] = "yes"
    return client.post(CHANGELIST, data, follow=True)


def test_the_action_asks_for_confirmation_and_erases_nothing_until_then(account_manager, interviews):
    first, _second, _other = interviews

    page = erase(logged_in(account_manager), first, confirmed=False).content.decode()

    assert "This cannot be undone" in page
    assert ZOLTAN.email in page
    assert "<td>2</td>" in page  # both of Zoltan's interviews at Acme
    assert Interview.objects.get(pk=first.pk).candidate_email == ZOLTAN.email
    assert not Erasure.objects.exists()


def test_once_confirmed_the_candidate_is_erased_and_the_record_names_the_account_manager(account_manager, interviews):
    first, second, other = interviews

    page = erase(logged_in(account_manager), first, confirmed=True).content.decode()

    assert "Erasure" in page and "2 interview(s) erased" in page
    assert Interview.objects.filter(pk__in=[first.pk, second.pk], candidate_email="").count() == 2
    assert Interview.objects.get(pk=other.pk).candidate_email == WILHELMINA.email
    assert Erasure.objects.get().by == "am@mariohr.com"
    assert stored_values_containing(*ZOLTAN.traces) == []


def test_a_recruiter_has_no_such_action_and_cannot_post_it(recruiter, interviews):
    first, _second, _other = interviews
    client = logged_in(recruiter)

    assert "erase_candidates" not in client.get(CHANGELIST).content.decode()
    erase(client, first, confirmed=True)

    assert Interview.objects.get(pk=first.pk).candidate_email == ZOLTAN.email
    assert not Erasure.objects.exists()


def test_the_worker_deletes_the_recording_once_the_erasure_commits(
    account_manager, ats, post_event, sink, s3, bucket, django_capture_on_commit_callbacks, tasks_run_at_once
):
    interview = scored_with_everything(ats=ats, post_event=post_event, sink=sink, s3=s3, bucket=bucket, person=ZOLTAN)

    with django_capture_on_commit_callbacks(execute=True):
        erase(logged_in(account_manager), interview, confirmed=True)

    assert s3.list_object_versions(Bucket=bucket).get("Versions", []) == []
    assert Erasure.objects.get().finished_at is not None
