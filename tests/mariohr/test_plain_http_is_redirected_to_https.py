"""With an https PUBLIC_BASE_URL, a request that came over plain HTTP is sent to https (301); one
that a TLS-ending proxy forwarded (X-Forwarded-Proto: https) is served."""

from tests.support.production_env import PUBLIC_HOST, production_env, run_django

REQUEST = """
from django.test import Client
client = Client(HTTP_HOST={host!r})
plain = client.get("/api/ats/list_tests?x=1")
print(plain.status_code, plain.get("Location"))
proxied = client.get("/api/ats/list_tests", HTTP_X_FORWARDED_PROTO="https")
print(proxied.status_code, proxied.get("Location"))
"""


def test_plain_http_is_redirected_to_https_and_forwarded_https_is_served():
    ran = run_django(REQUEST.format(host=PUBLIC_HOST), production_env())

    assert ran.returncode == 0, ran.stderr
    plain, proxied = ran.stdout.split("\n")[:2]
    assert plain == f"301 https://{PUBLIC_HOST}/api/ats/list_tests?x=1"
    # Served: the partner API answers for itself (no key: 401), no redirect.
    assert proxied == "401 None"
