"""The site's own pages: `/`, which leads staff to the admin and developers to the API docs."""

from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    return render(request, "home.html")
