"""seed_demo: the demo organization, catalog and key (contract section 5), which `make run` prints.

On the embedded default database (DATABASE_URL unset) the key and the demo account manager's
password are kept in var/demo/, readable by the local user only, and every run prints the same
ones. A real database keeps nothing on disk: each run prints a new key and revokes the one before.
"""

import json
import re
import stat
from pathlib import Path

import pytest
from django.test import Client

import assessments

DEMO_CATALOG = json.loads((Path(assessments.__file__).parent / "demo" / "catalog.json").read_text())


def printed_key(output: str) -> str:
    return re.search(r"^KEY='([^']+)'$", output, re.MULTILINE).group(1)


def printed_admin_login(output: str) -> tuple[str, str]:
    username, password = re.search(r"^  Admin .* (\S+@\S+) / (\S+) ", output, re.MULTILINE).groups()
    return username, password


@pytest.fixture
def embedded_database(settings, tmp_path, monkeypatch) -> Path:
    """`make run` on the embedded defaults: no DATABASE_URL; var/ is a folder of this test's."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def real_database(settings, tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("DATABASE_URL", "postgres://mariohr@db.internal:5432/mariohr")
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_seed_demo_prints_a_key_that_lists_the_demo_catalog(manage, client_for, embedded_database):
    key = printed_key(manage("seed_demo"))

    response = client_for(key).get("/api/ats/list_tests")

    assert response.status_code == 200
    assert sorted(t["partner_test_id"] for t in response.json()) == sorted(e["partner_test_id"] for e in DEMO_CATALOG)


def test_seed_demo_again_prints_the_same_working_key_kept_where_only_the_user_can_read_it(
    manage, client_for, embedded_database
):
    first_key = printed_key(manage("seed_demo"))

    second_key = printed_key(manage("seed_demo"))

    assert second_key == first_key
    assert client_for(first_key).get("/api/ats/list_tests").status_code == 200
    kept = embedded_database / "demo" / "api-key"
    assert kept.read_text().strip() == first_key
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_a_kept_key_that_no_longer_works_is_replaced(manage, client_for, embedded_database):
    (embedded_database / "demo").mkdir()
    (embedded_database / "demo" / "api-key").write_text("Xy12abCd.not-a-key-of-this-database\n")

    key = printed_key(manage("seed_demo"))

    assert key != "Xy12abCd.not-a-key-of-this-database"
    assert client_for(key).get("/api/ats/list_tests").status_code == 200
    assert (embedded_database / "demo" / "api-key").read_text().strip() == key


def test_the_printed_admin_login_opens_the_admin_at_every_run(manage, embedded_database):
    username, password = printed_admin_login(manage("seed_demo"))
    assert printed_admin_login(manage("seed_demo")) == (username, password)

    browser = Client()
    logged_in = browser.post("/admin/login/?next=/admin/", {"username": username, "password": password}, follow=True)
    assert logged_in.redirect_chain == [("/admin/", 302)]
    assert logged_in.context["user"].username == username
    kept = embedded_database / "demo" / "manager-password"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_on_a_real_database_each_run_revokes_the_previous_key_and_writes_nothing(manage, client_for, real_database):
    first_output = manage("seed_demo")
    first_key = printed_key(first_output)

    second_key = printed_key(manage("seed_demo"))

    assert second_key != first_key
    assert client_for(first_key).get("/api/ats/list_tests").status_code == 401
    assert client_for(second_key).get("/api/ats/list_tests").status_code == 200
    assert list(real_database.iterdir()) == []
    assert " / " not in first_output  # no login with a password is made or printed
