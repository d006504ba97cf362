"""A new Python process on the embedded defaults: settings are read once per process, so what a
process does with its environment is seen in a new one."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
# Unset, so that the embedded defaults (SQLite, filesystem broker, console email) apply.
SERVICES = ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "EMAIL_URL", "EMAIL_BACKEND")


def run_python(code: str, cwd: Path, var_dir: Path, **env_vars: str) -> subprocess.CompletedProcess:
    """`code` in a new process on the embedded defaults but for `env_vars`, from `cwd`, with local
    state in `var_dir`."""
    env = embedded_env(var_dir, **env_vars)
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def start_python(code: str, *args: str, cwd: Path, var_dir: Path, **env_vars: str) -> subprocess.Popen:
    """`code` (with `args` in sys.argv) started as run_python runs it, without waiting for it."""
    env = embedded_env(var_dir, **env_vars)
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def embedded_env(var_dir: Path, **env_vars: str) -> dict[str, str]:
    """This process's environment without the services' variables, plus `env_vars`."""
    env = {name: value for name, value in os.environ.items() if name not in SERVICES}
    env.update(
        MARIOHR_VAR_DIR=str(var_dir),
        PYTHONPATH=str(PROJECT_DIR),
        PYTHONDONTWRITEBYTECODE="1",
        DJANGO_SETTINGS_MODULE="mariohr.settings",
        **env_vars,
    )
    return env
