from django.urls import path

from runtime_api import views

app_name = "runtime_api"

urlpatterns = [
    path("interviews/<str:partner_interview_id>/events", views.InterviewEventsView.as_view(), name="interview_events"),
]
