"""Headers for pages about one candidate: the candidate's invitation and the recruiter's report."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpResponse
from django.views.decorators.cache import never_cache


def private_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep the page out of search engines, shared caches and other sites' Referer headers.

    The candidate's link is their credential (an invitation token), and both pages show personal
    data, so neither may be indexed, stored by a proxy or the browser's cache (never_cache sends
    `Cache-Control: private, no-store`, among others), or leak its address to a link or a video host.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        # Not "no-referrer": chromium then sends `Origin: null` with the page's own forms, which
        # Django's CSRF check rightly refuses. same-origin keeps the link from every other site.
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    return never_cache(wrapped)
