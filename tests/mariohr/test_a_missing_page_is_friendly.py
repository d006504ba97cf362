"""A page that does not exist says so in MarioHR's look and leads back to `/`; the API's routes
keep answering the contract's JSON 404."""


def test_a_missing_page_says_so_and_leads_back_to_the_start(client, db):
    response = client.get("/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "<h1>Page not found</h1>" in html
    assert 'href="/">Go to MarioHR' in html
    assert "assessments/site.css" in html


def test_a_missing_api_route_still_answers_json(client, db):
    response = client.get("/api/ats/no_such_route")

    assert response.status_code == 404
    assert response.json() == {"errors": ["path: no such route '/api/ats/no_such_route'"]}
