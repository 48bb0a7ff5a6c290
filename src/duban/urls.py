"""Root URL configuration: the Django admin and the web pages (``duban.web.urls``)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("duban.web.urls")),
]
