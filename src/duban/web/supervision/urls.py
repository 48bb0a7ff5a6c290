"""URL routes of the supervision pages (namespace ``supervision``, mounted at ``supervision/``)."""

from django.urls import path

from duban.web.supervision import nudge, views

app_name = "supervision"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rules/", views.rules, name="rules"),
    path("inbox/", views.inbox, name="inbox"),
    path("notifications/", views.notifications, name="notifications"),
    path("escalations/", views.escalations, name="escalations"),
    path("escalations/<int:pk>/", nudge.escalation, name="escalation"),
    path("escalations/<int:pk>/notice.docx", views.escalation_download, name="escalation-docx"),
    path("escalations/answers/<int:pk>/file", nudge.answer_file, name="escalation-answer-file"),
    path("nudge/", nudge.nudge, name="nudge"),
    path("review/", views.review_queue, name="review"),
    path("reports/<int:pk>/review/", views.review, name="report-review"),
    path("tasks/<int:pk>/", views.task_panel, name="task"),
    path("tasks/<int:pk>/closing/", views.closing_apply, name="closing-apply"),
    path("tasks/<int:pk>/reopen/", views.task_reopen, name="task-reopen"),
    path("closing/<int:pk>/decide/", views.closing_decide, name="closing-decide"),
    path("documents/<int:pk>/timeline/", views.timeline, name="timeline"),
    path("documents/<int:pk>/cadence/", views.cadence, name="cadence"),
    path("documents/<int:pk>/dispatch/", views.dispatch, name="dispatch"),
    path(
        "documents/<int:pk>/dispatch.<str:fmt>", views.dispatch_download, name="dispatch-download"
    ),
    path("units/<int:pk>/contact/", views.contact, name="contact"),
    path("assessment/", views.assessment, name="assessment"),
]
