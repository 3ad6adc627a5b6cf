from django.urls import path

from phoihop.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("report/", views.report_page, name="report"),
    path("risk/", views.risk_list, name="risk"),
    path("cases/<str:kind>/<str:value>/", views.figure_list, name="figure"),
]
