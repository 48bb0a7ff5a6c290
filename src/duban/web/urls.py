"""URL routes of the web pages."""

urlpatterns: list = []
