"""The admin shows which ATS each interview came from, on the list (under its status) and on its page."""

import re

from django.urls import reverse

from assessments.models import Interview
from tests.support.admin_login import login


def came_from_cells(html: str) -> list[str]:
    return re.findall(r'<span class="mh-clip mh-muted mh-came-from">([^<]*)</span>', html)


def test_the_list_and_the_page_say_greenhouse_or_ashby(account_manager, interview_a, organization):
    from_ashby = Interview.objects.create(
        integration="ashby",
        organization=organization,
        assessment=interview_a.assessment,
        candidate_email="sam@example.com",
        request_key="application-1",
    )
    client = login(account_manager)

    listing = client.get(reverse("admin:assessments_interview_changelist")).content.decode()
    page = client.get(reverse("admin:assessments_interview_change", args=[from_ashby.pk])).content.decode()

    assert sorted(came_from_cells(listing)) == ["Ashby", "Greenhouse"]
    assert "Came from" in page
    assert re.search(r"Came from:?\s*</label>\s*<div class=\"readonly\">Ashby</div>", page), page


def test_the_list_can_be_filtered_by_where_interviews_came_from(account_manager, interview_a, organization):
    Interview.objects.create(
        integration="ashby",
        organization=organization,
        assessment=interview_a.assessment,
        candidate_email="sam@example.com",
        request_key="application-1",
    )

    listing = login(account_manager).get(reverse("admin:assessments_interview_changelist") + "?integration=ashby")

    assert came_from_cells(listing.content.decode()) == ["Ashby"]
