import pytest
from django.core.management.base import CommandError
from django.db import connection

from assessments.models import ApiKey
from tests.support.commands import last_line
from tests.support.partner_api import partner_client, send_test, status_of


def test_issued_key_is_printed_alone_on_the_last_line_and_opens_the_partner_api(manage, organization, client_for):
    output = manage("issue_api_key", "acme", "--label", "greenhouse")

    key = last_line(output)
    response = client_for(key).get("/api/ats/list_tests")
    assert response.status_code == 200
    assert [t["partner_test_id"] for t in response.json()] == ["12345", "py-fastapi-review", "react-debugging"]
    assert ApiKey.objects.get(organization=organization).name == "greenhouse"


def test_issued_key_is_short_enough_for_greenhouse(manage, organization):
    key = last_line(manage("issue_api_key", "acme"))

    assert 32 <= len(key) < 171
    assert key.strip() == key


def test_the_database_holds_only_a_hash_of_the_issued_key(manage, organization):
    key = last_line(manage("issue_api_key", "acme"))

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiKey._meta.db_table}")
        rows = cursor.fetchall()
    assert len(rows) == 1
    secret_part = key.split(".", 1)[-1]
    for value in rows[0]:
        assert key not in str(value)
        assert secret_part not in str(value)


def test_issue_api_key_for_an_unknown_organization_fails_and_issues_nothing(manage):
    with pytest.raises(CommandError, match="nope"):
        manage("issue_api_key", "nope")

    assert not ApiKey.objects.exists()


def test_a_sandbox_key_is_printed_alone_on_the_last_line_and_makes_sandbox_interviews(manage, organization, fake_dns):
    output = manage("issue_api_key", "acme", "--label", "integration-test", "--sandbox")

    key = last_line(output)
    assert "sandbox" in output.splitlines()[0]
    public_id = send_test(partner_client(key))
    assert status_of(partner_client(key), public_id)["metadata"]["Sandbox"] is True
    assert ApiKey.objects.get(organization=organization).sandbox is True
