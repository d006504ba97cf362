"""One vocabulary: the admin says our status with the ATS's word beside it ("Invited (ATS:
sent)") on the list, its filter, the interview's page and the index, and the API docs pair each
of Greenhouse's words with the status the admin shows."""

import pytest
from django.urls import reverse

from assessments.models import Interview


@pytest.fixture
def invited(organization) -> Interview:
    return Interview.objects.create(
        integration="greenhouse",
        organization=organization,
        assessment=organization.assessments.get(test_id="py-fastapi-review"),
        candidate_email="sam@example.com",
        callback_url="https://ats.example.com/sam",
    )


@pytest.fixture
def as_recruiter(client, recruiter_a):
    client.force_login(recruiter_a)
    return client


def test_the_list_its_filter_and_the_page_say_invited_with_the_ats_word(as_recruiter, invited):
    listing = as_recruiter.get(reverse("admin:assessments_interview_changelist")).content.decode()
    page = as_recruiter.get(reverse("admin:assessments_interview_change", args=[invited.pk])).content.decode()

    assert listing.count("Invited (ATS: sent)") == 2  # the row and the filter
    assert "Scored (Greenhouse: complete; Ashby: Completed)" in listing  # the filter, over both ATSs
    assert "Invited (ATS: sent)" in page


def test_the_index_counts_interviews_in_the_same_words(as_recruiter, invited):
    index = as_recruiter.get(reverse("admin:index")).content.decode()

    assert "Invited (ATS: sent)</a>" in index and "Scored (Greenhouse: complete; Ashby: Completed)</a>" in index


def test_an_interview_of_an_ats_without_other_words_reads_ours_alone(as_recruiter, organization):
    Interview.objects.create(
        integration="ashby",
        organization=organization,
        assessment=organization.assessments.get(test_id="py-fastapi-review"),
        candidate_email="kim@example.com",
        request_key="application-1",
    )

    page = as_recruiter.get(reverse("admin:assessments_interview_changelist") + "?integration=ashby")

    assert '<span class="mh-badge" style="background:#64748b">Invited</span>' in page.content.decode()


def test_the_api_docs_pair_each_partner_status_with_the_admins_word(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    described = [
        field["description"]
        for shape in schema["components"]["schemas"].values()
        for name, field in shape.get("properties", {}).items()
        if name == "partner_status" and "description" in field
    ]
    assert described
    for pair in ("`sent` = Invited", "`started` = Started", "`complete` = Scored", "`cancelled` = Cancelled"):
        assert pair in described[0]
