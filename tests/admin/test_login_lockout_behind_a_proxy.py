"""Behind a load balancer (TRUSTED_PROXY_COUNT=1) the login lockout counts each client by the address
the balancer saw: a client cannot dodge it with a forged X-Forwarded-For, nor lock out the others."""

from django.test import Client

from assessments.services.staff import create_staff_user

BALANCER = "10.0.0.5"
LOGIN = "/admin/login/?next=/admin/"


def through_the_balancer(client_address: str, forged: str = "") -> Client:
    # The balancer appends the address it saw to whatever the client sent.
    forwarded = f"{forged}, {client_address}" if forged else client_address
    return Client(REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=forwarded)


def test_failed_logins_lock_out_the_client_not_everyone_behind_the_balancer(db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    create_staff_user(email="am@mariohr.com", role="account_manager", organizations=[], password="right-pass-99")
    attacker = "203.0.113.7"

    for attempt in range(3):
        client = through_the_balancer(attacker, forged=f"198.18.0.{attempt}")
        client.post(LOGIN, {"username": "am@mariohr.com", "password": "wrong"})
    locked = through_the_balancer(attacker, forged="198.18.0.99")
    refused = locked.post(LOGIN, {"username": "am@mariohr.com", "password": "right-pass-99"})
    colleague = through_the_balancer("198.51.100.9")
    admitted = colleague.post(LOGIN, {"username": "am@mariohr.com", "password": "right-pass-99"})

    assert refused.status_code == 429
    assert "_auth_user_id" not in locked.session
    assert admitted.status_code == 302
    assert "_auth_user_id" in colleague.session
