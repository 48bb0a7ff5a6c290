"""Root URL configuration: the Django admin, the REST API (``/api/v1/``) and the web pages."""

from django.contrib import admin
from django.urls import include, path

from duban.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("crossdoc/", include("duban.crossdoc.urls")),
    path("", include("duban.web.urls")),
]
