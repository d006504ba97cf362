import base64
import contextlib
import json
import socket
import ssl

import pytest

from demo_ats.models import ReceivedCallback
from demo_ats.server import MAX_BODY_BYTES, DemoAtsHandler
from tests.support.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

AUTH = {"Authorization": "Basic " + base64.b64encode(b"demo-key:").decode(), "Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status"),
    [
        ("PATCH", "/callbacks/demo", b"{not json", AUTH, 400),
        ("PATCH", "/callbacks/demo", b"[1, 2]", AUTH, 400),
        ("PATCH", "/callbacks/demo", b'{"partner_score": NaN}', AUTH, 400),
        ("PATCH", "/callbacks/demo", b"\xff\xfe", AUTH, 400),
        ("PATCH", "/callbacks/demo", b'{"partner_interview_id": "a\\u0000b"}', AUTH, 400),
        ("PATCH", "/callbacks/demo", b'{"report": {"a\\u0000": 1}}', AUTH, 400),
        ("PATCH", "/callbacks/demo", b"[" * 100_000, AUTH, 400),
        ("PATCH", "/callbacks/demo", b'{"a": "' + b"x" * MAX_BODY_BYTES + b'"}', AUTH, 413),
        ("PATCH", "/callbacks/demo", b'{"partner_status": "complete"}', {}, 401),
        ("PATCH", "/callbacks/demo", b"{}", {"Authorization": "Bearer demo-key"}, 401),
        ("POST", "/ashby/assessment.update", b"{}", {"Authorization": "Basic !!"}, 401),
        ("PATCH", "/elsewhere", b"{}", AUTH, 404),
        ("GET", "/", b"", {}, 404),
        ("POST", "/callbacks/demo", b"{}", AUTH, 405),
        ("PATCH", "/ashby/assessment.update", b"{}", AUTH, 405),
    ],
)
def test_bad_requests_are_answered_with_an_error_and_nothing_is_stored(demo_ats, method, path, body, headers, status):
    answered, answer = demo_ats.request(method, path, body=body, headers=headers)

    assert answered == status
    assert json.loads(answer)["errors"]
    assert ReceivedCallback.objects.count() == 0
    assert f"Z  refused {method} {path}: {status}" in demo_ats.printed[-1]


def test_garbage_instead_of_tls_and_a_stalled_handshake_do_not_stop_the_receiver(demo_ats):
    with socket.create_connection(("127.0.0.1", demo_ats.server.port), timeout=10) as plain:
        plain.sendall(b"PATCH /callbacks/demo HTTP/1.1\r\nHost: localhost\r\n\r\n\x00\x01garbage")
        with contextlib.suppress(ConnectionResetError):
            assert plain.recv(100) == b""  # the receiver hangs up
    # A client that opens a connection and never says a word holds up no one else.
    stalled = socket.create_connection(("127.0.0.1", demo_ats.server.port), timeout=10)
    try:
        status, _ = demo_ats.request("PATCH", "/callbacks/demo", b'{"partner_interview_id": "abc"}', AUTH)
    finally:
        stalled.close()

    assert status == 200
    assert list(ReceivedCallback.objects.values_list("interview_id", flat=True)) == ["abc"]
    assert any("TLS handshake failed" in line for line in demo_ats.printed)


def test_a_client_that_does_not_trust_the_receiver_is_refused_by_its_own_tls(demo_ats):
    untrusting = ssl.create_default_context()
    with (
        socket.create_connection(("127.0.0.1", demo_ats.server.port), timeout=10) as raw,
        pytest.raises(ssl.SSLCertVerificationError),
    ):
        untrusting.wrap_socket(raw, server_hostname="localhost")


def test_a_client_stalled_mid_body_is_dropped_and_holds_up_no_one(demo_ats, monkeypatch):
    monkeypatch.setattr(DemoAtsHandler, "timeout", 1.0)
    stalled = demo_ats.connection()
    stalled.putrequest("PATCH", "/callbacks/stalled")
    for name, value in {**AUTH, "Content-Length": "100"}.items():
        stalled.putheader(name, value)
    stalled.endheaders(b'{"partner_')
    try:
        status, _ = demo_ats.request("PATCH", "/callbacks/demo", b'{"partner_interview_id": "abc"}', AUTH)
        assert status == 200
        wait_until(lambda: any("Z  dropped PATCH /callbacks/stalled" in line for line in demo_ats.printed))
    finally:
        stalled.close()
    assert list(ReceivedCallback.objects.values_list("interview_id", flat=True)) == ["abc"]
