app_name = "runtime_api"

urlpatterns: list = []
