"""The NinjaAPI instance served at ``/api/v1/`` (OpenAPI schema at ``/api/v1/openapi.json``)."""

from __future__ import annotations

from django.shortcuts import render
from ninja import NinjaAPI, Swagger

from duban.api.auth import API_AUTH
from duban.api.errors import install_error_handlers
from duban.api.renderers import ORJSONRenderer
from duban.api.routers import (
    catalog,
    documents,
    imports,
    reports,
    supervision,
    tasks,
    tokens,
    units,
)
from duban.crossdoc.api import router as crossdoc_router


class LocalSwagger(Swagger):
    """Swagger UI from the app's own static files (vendored from the npm package
    ``swagger-ui-dist`` into ``api/static/vendor/swagger-ui``): no CDN, and no inline script,
    so ``/api/v1/docs`` works under the site's Content-Security-Policy."""

    template = "api/swagger.html"

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": dict(self.settings), "api": api, "add_csrf": True}
        return render(request, self.template, context)


api = NinjaAPI(
    title="Duban API",
    version="1",
    description="督办台账接口：文件、任务、责任单位、进展报送、督办与考核。见 docs/api.md。",
    auth=API_AUTH,
    urls_namespace="api-v1",
    renderer=ORJSONRenderer(),
    docs=LocalSwagger(),
)
install_error_handlers(api)
for module in (documents, tasks, units, catalog, reports, supervision, imports, tokens):
    api.add_router("", module.router)
api.add_router("", crossdoc_router)
