"""URL routes of the web pages and the sign-in / sign-out pages."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from duban.security.forms import ThrottledAuthenticationForm
from duban.web.views import documents, home, imports, search, signins, tasks, units

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html",
                                                authentication_form=ThrottledAuthenticationForm,
                                                redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("documents/", documents.document_list, name="documents"),
    path("documents/<int:pk>/", documents.document_detail, name="document"),
    path("documents/<int:pk>/ledger.xlsx", documents.document_xlsx, name="document-xlsx"),
    path("documents/<int:pk>/ledger.csv", documents.document_csv, name="document-csv"),
    path("documents/<int:pk>/original/", documents.document_original, name="document-original"),
    path("import/", imports.import_upload, name="import"),
    path("import/<str:token>/", imports.import_preview, name="import-preview"),
    path("import/<str:token>/status/", imports.import_status, name="import-status"),
    path("import/<str:token>/confirm/", imports.import_confirm, name="import-confirm"),
    path("import/<str:token>/cancel/", imports.import_cancel, name="import-cancel"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task"),
    path("tasks/<int:pk>/report/", tasks.task_report, name="task-report"),
    path("tasks/<int:pk>/edit/", tasks.task_edit, name="task-edit"),
    path("reports/<int:pk>/review/", tasks.report_review, name="report-review"),
    path("evidence/<int:pk>/", tasks.evidence_download, name="evidence"),
    path("units/", units.unit_list, name="units"),
    path("units/merge/", units.unit_merge, name="unit-merge"),
    path("units/groups/", units.group_list, name="unit-groups"),
    path("units/groups/<int:pk>/", units.group_detail, name="unit-group"),
    path("units/<int:pk>/", units.unit_detail, name="unit"),
    path("units/<int:pk>/aliases/", units.alias_add, name="alias-add"),
    path("units/<int:pk>/aliases/<int:alias_pk>/delete/", units.alias_delete, name="alias-delete"),
    path("my/", units.my_list, name="my-list"),
    path("search/", search.search, name="search"),
    path("locked/", signins.locked_list, name="locked-accounts"),
    path("locked/<int:pk>/unlock/", signins.locked_unlock, name="locked-unlock"),
    path("supervision/", include("duban.web.supervision.urls")),
]
