from django.urls import path

from phoihop.cases import import_views, reading_views, views
from phoihop.core.replicas import heavy_read

app_name = "cases"
urlpatterns = [
    # The list and its exports are heavy reads: a read replica may answer them
    # (phoihop/core/replicas.py).
    path("", heavy_read(views.case_list), name="list"),
    path("cases/new/", views.case_create, name="create"),
    path("cases/export/<str:what>.<str:fmt>", heavy_read(views.case_export), name="export"),
    path("cases/import/", import_views.case_import, name="import"),
    path(
        "cases/import/template.<str:fmt>",
        import_views.case_import_template,
        name="import_template",
    ),
    path("cases/import/files/<str:name>", import_views.case_import_file, name="import_file"),
    path("cases/<int:pk>/", views.case_detail, name="detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="edit"),
    path("cases/<int:pk>/events/", views.case_record_event, name="record_event"),
    path(
        "cases/<int:pk>/events/<int:sequence>/change/",
        views.case_change_event,
        name="change_event",
    ),
    path("cases/<int:pk>/documents/", reading_views.case_read_document, name="read_document"),
    path(
        "cases/<int:pk>/documents/<int:document_id>/",
        reading_views.case_review_document,
        name="review_document",
    ),
    path(
        "cases/<int:pk>/documents/<int:document_id>/file",
        reading_views.case_document_file,
        name="document_file",
    ),
    path(
        "cases/<int:pk>/documents/batch/<uuid:job_id>/",
        reading_views.case_reading_batch,
        name="reading_batch",
    ),
    path("cases/<int:pk>/agencies/", views.case_add_agency, name="add_agency"),
    path("cases/<int:pk>/split/", views.case_split, name="split"),
    path("cases/<int:pk>/persons/", views.case_add_person, name="add_person"),
    path("cases/<int:pk>/assets/", views.case_record_asset, name="record_asset"),
]
