"""Contract section 6: with DEBUG off and an https PUBLIC_BASE_URL the service does not start while
SECRET_KEY, RUNTIME_API_TOKEN or FIELD_ENCRYPTION_KEY is unset or still a built-in default."""

import subprocess
import sys

import pytest

from mariohr.startup_checks import LOCAL_FIELD_ENCRYPTION_KEY, LOCAL_RUNTIME_API_TOKEN, LOCAL_SECRET_KEY
from tests.support.production_env import PROJECT_DIR, production_env, run_django

BUILT_IN = {
    "SECRET_KEY": LOCAL_SECRET_KEY,
    "RUNTIME_API_TOKEN": LOCAL_RUNTIME_API_TOKEN,
    "FIELD_ENCRYPTION_KEY": LOCAL_FIELD_ENCRYPTION_KEY,
}


@pytest.mark.parametrize("name", sorted(BUILT_IN))
@pytest.mark.parametrize("state", ["unset", "built-in default"])
def test_production_refuses_to_start_naming_the_variable(name, state):
    env = production_env(**{name: None if state == "unset" else BUILT_IN[name]})

    started = run_django("print('started')", env)

    assert started.returncode != 0
    assert "started" not in started.stdout
    assert "ImproperlyConfigured" in started.stderr
    # The message begins with the variable that is wrong, and only that one.
    message = started.stderr.strip().splitlines()[-1]
    assert message.startswith(f"django.core.exceptions.ImproperlyConfigured: {name}: unset or still"), message


def test_the_release_command_refuses_as_well():
    env = production_env(SECRET_KEY=None)

    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check", "--noinput"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert migrate.returncode != 0
    assert "SECRET_KEY" in migrate.stderr


def test_production_starts_with_secrets_of_its_own():
    started = run_django("print('started')", production_env())

    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "started"


@pytest.mark.parametrize("local", [{"DEBUG": "true"}, {"PUBLIC_BASE_URL": "http://localhost:8000"}])
def test_local_use_starts_on_the_built_in_defaults(local):
    env = production_env(SECRET_KEY=None, RUNTIME_API_TOKEN=None, FIELD_ENCRYPTION_KEY=None, **local)

    started = run_django("print('started')", env)

    assert started.returncode == 0, started.stderr
