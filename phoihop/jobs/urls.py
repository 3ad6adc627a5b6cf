from django.urls import path

from phoihop.jobs import views

app_name = "jobs"
urlpatterns = [
    path("<uuid:job_id>/", views.job_page, name="job"),
    path("<uuid:job_id>/file/", views.job_file, name="file"),
]
