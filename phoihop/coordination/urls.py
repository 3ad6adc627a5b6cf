from django.urls import path

from phoihop.coordination import views

app_name = "coordination"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("cases/<int:case_id>/requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/move/", views.request_move, name="request_move"),
    path("requests/<int:pk>/messages/", views.request_message, name="request_message"),
    path(
        "requests/<int:pk>/messages/<int:message_id>/file/",
        views.request_attachment,
        name="request_attachment",
    ),
    path("cases/<int:case_id>/obstacles/new/", views.obstacle_new, name="obstacle_new"),
    path("obstacles/<int:pk>/", views.obstacle_move, name="obstacle"),
    path("cases/<int:case_id>/plan/", views.plan_target, name="plan_target"),
    path("cases/<int:case_id>/directives/new/", views.directive_new, name="directive_new"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/hold/", views.meeting_hold, name="meeting_hold"),
    path("meetings/<int:pk>/close/", views.meeting_close, name="meeting_close"),
    path("meetings/<int:pk>/details/", views.meeting_details, name="meeting_details"),
    path("agenda/<int:item_id>/position/", views.position_record, name="position"),
    path("agenda/<int:item_id>/conclude/", views.agenda_conclude, name="conclude"),
    path("escalations/<int:pk>/", views.escalation_detail, name="escalation"),
    path("directives/<int:pk>/", views.directive_detail, name="directive"),
    path("tasks/<int:pk>/report/", views.task_report, name="task_report"),
]
