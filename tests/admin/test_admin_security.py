from django.test import Client
from django.urls import clear_url_caches

from assessments.services.staff import create_staff_user
from tests.support.production_env import production_env, run_django


def test_the_login_locks_out_after_repeated_failures(db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    create_staff_user(email="am@mariohr.com", role="account_manager", organizations=[], password="right-pass-99")
    client = Client()

    for _ in range(3):
        client.post("/admin/login/?next=/admin/", {"username": "am@mariohr.com", "password": "wrong"})
    locked = client.post("/admin/login/?next=/admin/", {"username": "am@mariohr.com", "password": "right-pass-99"})

    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_admin_path_is_a_setting(db, settings, monkeypatch):
    import importlib

    import mariohr.urls

    settings.ADMIN_PATH = "backstage-42/"
    importlib.reload(mariohr.urls)
    clear_url_caches()
    try:
        assert Client().get("/backstage-42/login/").status_code == 200
        assert Client().get("/admin/login/").status_code == 404
    finally:
        settings.ADMIN_PATH = "admin/"
        importlib.reload(mariohr.urls)
        clear_url_caches()


def test_production_cookies_are_secure_and_hsts_is_on_behind_https():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )

    out = run_django(code, production_env())

    assert out.stdout.split() == ["True", "True", "True"], out.stderr
