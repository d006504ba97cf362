import base64
import json

import pytest

from demo_ats.models import ReceivedCallback

pytestmark = pytest.mark.django_db(transaction=True)


def test_past_its_limit_the_receiver_forgets_the_oldest_callbacks(demo_ats):
    demo_ats.server.keep = 3
    auth = {"Authorization": "Basic " + base64.b64encode(b"key:").decode()}

    for number in range(5):
        body = json.dumps({"partner_interview_id": f"interview-{number}"}).encode()
        assert demo_ats.request("PATCH", f"/callbacks/{number}", body, auth)[0] == 200

    kept = list(ReceivedCallback.objects.values_list("interview_id", flat=True))
    assert kept == ["interview-4", "interview-3", "interview-2"]
