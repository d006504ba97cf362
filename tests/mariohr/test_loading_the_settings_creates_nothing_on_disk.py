"""Loading the settings writes nothing to disk: every process reads them (web, worker, beat, each
manage.py command, a test run). The folders of the embedded defaults are made where they are used:
the filesystem broker's when a process first configures Celery (mariohr/celery.py), var/ itself is
in every clone (var/.gitignore)."""

from tests.support.local_process import run_python


def test_loading_the_settings_and_the_apps_creates_no_file_or_folder(tmp_path):
    loaded = run_python(
        "import django; django.setup(); from django.conf import settings; print(settings.CELERY_BROKER_URL)",
        cwd=tmp_path,
        var_dir=tmp_path / "var",
    )

    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "filesystem://"
    assert list(tmp_path.iterdir()) == []


def test_the_embedded_broker_makes_its_folders_when_a_task_is_first_queued(tmp_path):
    var_dir = tmp_path / "var"

    queued = run_python(
        "import django; django.setup(); from mariohr.celery import app; "
        "app.send_task('callbacks.tasks.sweep_due_deliveries')",
        cwd=tmp_path,
        var_dir=var_dir,
    )

    assert queued.returncode == 0, queued.stderr
    assert len(list((var_dir / "broker" / "queue").iterdir())) == 1
