"""How many SQL queries a request costs."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(request) -> int:
    """The number of queries `request()` ran; asserts it answered 200."""
    with CaptureQueriesContext(connection) as queries:
        response = request()
    assert response.status_code == 200, response.content
    return len(queries)
