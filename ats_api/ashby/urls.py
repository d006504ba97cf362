from django.urls import path

from ats_api.ashby import views

app_name = "ashby"

# Ashby calls <the partner base url>/<method>: no trailing slash.
urlpatterns = [
    path("assessment.list", views.ListView.as_view(), name="assessment_list"),
    path("assessment.start", views.StartView.as_view(), name="assessment_start"),
    path("assessment.cancel", views.CancelView.as_view(), name="assessment_cancel"),
]
