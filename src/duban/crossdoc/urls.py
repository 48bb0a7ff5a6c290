"""URL routes of the crossdoc pages (mounted at ``/crossdoc/``)."""

from django.urls import path

from duban.crossdoc import views

app_name = "crossdoc"
urlpatterns = [
    path("", views.index, name="index"),
    path("units/load/", views.unit_load_pick, name="unit-load-pick"),
    path("import/<str:token>/decide/", views.import_decide, name="import-decide"),
    path("import/<str:token>/diff/<int:pk>/", views.import_diff, name="import-diff"),
    path("import/<str:token>/checklist/", views.import_checklist, name="import-checklist"),
    path("import/<str:token>/checklist.docx", views.import_checklist_docx,
         name="import-checklist-docx"),
    path("diff/", views.document_diff, name="diff"),
    path("diff.xlsx", views.document_diff_xlsx, name="diff-xlsx"),
    path("recurring/", views.recurring, name="recurring"),
    path("units/<int:pk>/load/", views.unit_load_page, name="unit-load"),
    path("cascade/", views.cascade, name="cascade"),
    path("cascade/suggest/", views.cascade_suggest, name="cascade-suggest"),
    path("links/<int:pk>/", views.link, name="link"),
]
