from django.urls import path

from phoihop.publicity import views

app_name = "publicity"
urlpatterns = [
    path("releases/", views.release_list, name="releases"),
    path("cases/<int:case_id>/releases/new/", views.release_new, name="release_new"),
    path("releases/<int:pk>/", views.release_detail, name="release"),
    path("releases/<int:pk>/move/", views.release_move, name="release_move"),
    path("releases/<int:pk>/document/", views.release_document, name="release_document"),
    path("false-information/", views.false_report_list, name="false_reports"),
    path(
        "cases/<int:case_id>/false-information/new/",
        views.false_report_new,
        name="false_report_new",
    ),
    path("false-information/<int:pk>/", views.false_report_detail, name="false_report"),
]
