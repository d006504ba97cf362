"""EMAIL_URL alone configures how email leaves (contract section 6): the backend, the server, its
credentials and TLS, read from one URL (django-environ's email_url)."""

import json

import pytest

from tests.support.local_process import run_python
from tests.support.smtp_server import SmtpServer


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


def test_an_email_goes_to_the_server_email_url_names(smtp, tmp_path):
    sent = run_python(
        "import django; django.setup(); from django.core.mail import send_mail; "
        "send_mail('Your assessment', 'Hello', 'no-reply@mariohr.com', ['candidate@example.com'])",
        cwd=tmp_path,
        var_dir=tmp_path,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
    )

    assert sent.returncode == 0, sent.stderr
    assert [(mail.rcpt_to, mail.message["Subject"]) for mail in smtp.received] == [
        (["candidate@example.com"], "Your assessment")
    ]


def test_email_url_sets_the_server_its_credentials_and_tls(tmp_path):
    read = run_python(
        "import json; from django.conf import settings; print(json.dumps({name: getattr(settings, name) for name in "
        "('EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', "
        "'EMAIL_USE_TLS', 'EMAIL_USE_SSL')}))",
        cwd=tmp_path,
        var_dir=tmp_path,
        EMAIL_URL="smtp+tls://mailer:p%40ss@smtp.example.com:587",
    )

    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout) == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.com",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "mailer",
        "EMAIL_HOST_PASSWORD": "p@ss",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
    }
