def test_list_tests_returns_the_organizations_enabled_assessments_in_stable_order(ats, other_organization):
    response = ats.get("/api/ats/list_tests")

    assert response.status_code == 200
    assert response.json() == [
        {"partner_test_id": "12345", "partner_test_name": "Numeric Id Test", "description": ""},
        {
            "partner_test_id": "py-fastapi-review",
            "partner_test_name": "Python FastAPI Code Review",
            "description": "Repo-based exercise for backend roles.",
        },
        {
            "partner_test_id": "react-debugging",
            "partner_test_name": "React Debugging Session",
            "description": "Fix three bugs.",
        },
    ]


def test_list_tests_shows_only_what_the_organization_may_send(client_for, other_api_key):
    response = client_for(other_api_key).get("/api/ats/list_tests")

    assert [t["partner_test_id"] for t in response.json()] == ["py-fastapi-review"]
