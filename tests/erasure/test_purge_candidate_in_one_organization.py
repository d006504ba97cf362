"""`--organization SLUG` erases the candidate in that organization only; an unknown slug stops
the command before anything is erased."""

import io

import pytest
from django.core.management import CommandError, call_command

from assessments.models import Erasure, Interview
from tests.support.candidate_data import ZOLTAN, invite


@pytest.fixture
def at_acme(ats) -> Interview:
    return invite(ats, ZOLTAN, callback_url="https://ats.example.com/hooks/acme")


@pytest.fixture
def at_globex(client_for, other_api_key, fake_dns) -> Interview:
    return invite(client_for(other_api_key), ZOLTAN, callback_url="https://ats.example.com/hooks/globex")


def test_only_the_named_organizations_interviews_are_erased(at_acme, at_globex, other_organization):
    out = io.StringIO()
    call_command("purge_candidate", ZOLTAN.email.lower(), "--organization", "globex", stdout=out)

    assert Interview.objects.get(pk=at_globex.pk).candidate_email == ""
    kept = Interview.objects.get(pk=at_acme.pk)
    assert (kept.candidate_email, kept.candidate_last_name) == (ZOLTAN.email, ZOLTAN.last_name)
    assert Erasure.objects.get().organization == other_organization
    assert "(organization globex):" in out.getvalue()
    assert "  interviews: 1" in out.getvalue()


def test_an_unknown_organization_exits_with_an_error_and_erases_nothing(at_acme):
    with pytest.raises(CommandError, match="No organization with slug 'initech'") as raised:
        call_command("purge_candidate", ZOLTAN.email, "--organization", "initech", stdout=io.StringIO())

    assert raised.value.returncode != 0
    assert Interview.objects.get(pk=at_acme.pk).candidate_email == ZOLTAN.email
    assert not Erasure.objects.exists()
