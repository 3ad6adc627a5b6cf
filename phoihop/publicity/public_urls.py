from django.urls import path

from phoihop.publicity import public_views

app_name = "public"
urlpatterns = [
    path("", public_views.releases, name="releases"),
    path("releases/<str:ref>/", public_views.release, name="release"),
    path("provinces/<str:code>/", public_views.province, name="province"),
]
