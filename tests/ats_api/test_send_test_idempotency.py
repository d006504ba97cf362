from assessments.models import Interview


def send(client, body) -> str:
    response = client.post("/api/ats/send_test", body, format="json")
    assert response.status_code == 200
    return response.json()["partner_interview_id"]


def test_send_test_retried_with_the_same_test_and_url_returns_the_same_interview(ats, send_test_body):
    first = send(ats, send_test_body())
    second = send(ats, send_test_body())

    assert first == second
    assert Interview.objects.count() == 1


def test_send_test_retried_with_the_integer_form_of_the_test_id_returns_the_same_interview(ats, send_test_body):
    first = send(ats, send_test_body(partner_test_id="12345"))
    second = send(ats, send_test_body(partner_test_id=12345))

    assert first == second
    assert Interview.objects.count() == 1


def test_send_test_with_another_callback_url_is_a_new_interview(ats, send_test_body):
    first = send(ats, send_test_body(url="https://ats.example.com/applications/1"))
    second = send(ats, send_test_body(url="https://ats.example.com/applications/2"))

    assert first != second
    assert Interview.objects.count() == 2


def test_send_test_with_another_test_and_the_same_url_is_a_new_interview(ats, send_test_body):
    first = send(ats, send_test_body(partner_test_id="py-fastapi-review"))
    second = send(ats, send_test_body(partner_test_id="react-debugging"))

    assert first != second
    assert Interview.objects.count() == 2


def test_the_same_url_from_another_organization_is_that_organizations_own_interview(
    ats, client_for, other_api_key, send_test_body, organization, other_organization
):
    ours = send(ats, send_test_body())
    theirs = send(client_for(other_api_key), send_test_body())

    assert ours != theirs
    assert Interview.objects.get(public_id=ours).organization == organization
    assert Interview.objects.get(public_id=theirs).organization == other_organization
