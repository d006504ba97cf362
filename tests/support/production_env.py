"""A process started as production starts it: DEBUG off, an https PUBLIC_BASE_URL, secrets of its own.

Settings are read once per process, so what production does with them is seen in a new one.
"""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

PROJECT_DIR = Path(__file__).resolve().parents[2]
PUBLIC_HOST = "mariohr.com"
SECRETS = {
    "SECRET_KEY": "test-production-secret-key-of-our-own",
    "RUNTIME_API_TOKEN": "test-production-runtime-token",
    "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
}


def production_env(**overrides: str | None) -> dict[str, str]:
    """This process's environment as production's; an override of None unsets that variable."""
    env = {**os.environ, "DEBUG": "false", "PUBLIC_BASE_URL": f"https://{PUBLIC_HOST}", **SECRETS}
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_django(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run `code` in a new Python process after django.setup(), from the project folder."""
    setup = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mariohr.settings'); django.setup()\n"
    return subprocess.run(
        [sys.executable, "-c", setup + code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60
    )
