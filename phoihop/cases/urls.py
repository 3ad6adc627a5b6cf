from django.urls import path

from phoihop.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("cases/new/", views.case_create, name="create"),
    path("cases/export/<str:what>.<str:fmt>", views.case_export, name="export"),
    path("cases/<int:pk>/", views.case_detail, name="detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="edit"),
    path("cases/<int:pk>/events/", views.case_record_event, name="record_event"),
    path("cases/<int:pk>/persons/", views.case_add_person, name="add_person"),
    path("cases/<int:pk>/assets/", views.case_record_asset, name="record_asset"),
]
