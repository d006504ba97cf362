import json

import pytest
from django.core.management.base import CommandError

from assessments.models import Assessment

FIRST = {
    "partner_test_id": "go-concurrency",
    "partner_test_name": "Go Concurrency",
    "description": "Channels and contexts.",
    "fields": [
        {"name": "repository", "label": "Repository", "value": "https://git.example/go", "secret": False},
        {"name": "vpn-password", "label": "VPN password", "value": "s3cret", "secret": True},
    ],
}


@pytest.fixture
def catalog_file(tmp_path):
    def write(content) -> str:
        path = tmp_path / "catalog.json"
        path.write_text(content if isinstance(content, str) else json.dumps(content))
        return str(path)

    return write


def fields_of(test_id: str) -> list[tuple]:
    return list(Assessment.objects.get(test_id=test_id).fields.values_list("name", "label", "value", "secret"))


def test_import_catalog_creates_the_assessments_with_their_fields(manage, catalog_file):
    second = {"partner_test_id": "sql-basics", "partner_test_name": "SQL Basics"}

    output = manage("import_catalog", catalog_file([FIRST, second]))

    assert "2 created" in output
    assessment = Assessment.objects.get(test_id="go-concurrency")
    assert (assessment.name, assessment.description) == ("Go Concurrency", "Channels and contexts.")
    assert fields_of("go-concurrency") == [
        ("repository", "Repository", "https://git.example/go", False),
        ("vpn-password", "VPN password", "s3cret", True),
    ]
    assert Assessment.objects.get(test_id="sql-basics").fields.count() == 0


def test_importing_again_updates_names_and_replaces_fields(manage, catalog_file):
    manage("import_catalog", catalog_file([FIRST]))
    renamed = {
        **FIRST,
        "partner_test_name": "Go Concurrency (v2)",
        "fields": [{"name": "duration", "label": "Time allowed", "value": "60 minutes", "secret": False}],
    }

    output = manage("import_catalog", catalog_file([renamed]))

    assert "0 created, 1 updated" in output
    assert list(Assessment.objects.values_list("test_id", "name")) == [("go-concurrency", "Go Concurrency (v2)")]
    assert fields_of("go-concurrency") == [("duration", "Time allowed", "60 minutes", False)]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[{not json", "not valid JSON"),
        ({"partner_test_id": "go-concurrency", "partner_test_name": "Go"}, "JSON array"),
        ([FIRST, {"partner_test_name": "No Id"}], "entry 2.partner_test_id"),
        ([{**FIRST, "fields": [{"name": "has spaces"}]}], "entry 1.fields.1.name"),
    ],
    ids=["not-json", "not-an-array", "missing-partner_test_id", "bad-field-name"],
)
def test_an_invalid_catalog_file_fails_naming_the_problem_and_imports_nothing(manage, catalog_file, content, problem):
    with pytest.raises(CommandError, match=problem):
        manage("import_catalog", catalog_file(content))

    assert not Assessment.objects.exists()


def test_a_missing_catalog_file_fails_naming_the_file(manage, tmp_path):
    missing = str(tmp_path / "missing.json")

    with pytest.raises(CommandError, match=r"missing\.json"):
        manage("import_catalog", missing)
