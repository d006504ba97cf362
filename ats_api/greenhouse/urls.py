from django.urls import path

from ats_api.greenhouse import views

app_name = "greenhouse"

urlpatterns = [
    path("list_tests", views.ListTestsView.as_view(), name="list_tests"),
    path("send_test", views.SendTestView.as_view(), name="send_test"),
    path("test_status", views.TestStatusView.as_view(), name="test_status"),
    path("response_error", views.ResponseErrorView.as_view(), name="response_error"),
]
