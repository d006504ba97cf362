"""`/` leads staff to the admin and developers to the API docs and schema, in MarioHR's look."""

from django.urls import reverse


def test_the_start_page_links_the_admin_the_docs_and_the_schema(client, db):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("admin:index")}">Sign in to the admin</a>' in html
    assert 'href="/api/docs/">API documentation</a>' in html
    assert 'href="/api/schema/">OpenAPI schema</a>' in html
    assert "assessments/site.css" in html and '<span class="brand">MarioHR</span>' in html
    assert "{#" not in html  # no template comment shows as text


def test_the_links_lead_somewhere(client, db):
    assert client.get("/admin/").status_code == 302  # to the login page
    assert client.get("/api/docs/").status_code == 200
    assert client.get("/api/schema/").status_code == 200
