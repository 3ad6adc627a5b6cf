from django.urls import path

from phoihop.clocks import views

app_name = "clocks"
urlpatterns = [
    path("", views.calculator, name="calculator"),
    path("calendar/", views.calendar_year, name="calendar"),
]
