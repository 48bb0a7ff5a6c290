"""The NinjaAPI instance served at ``/api/v1/`` (OpenAPI schema at ``/api/v1/openapi.json``)."""

from __future__ import annotations

from ninja import NinjaAPI

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

api = NinjaAPI(
    title="Duban API",
    version="1",
    description="督办台账接口：文件、任务、责任单位、进展报送、督办与考核。见 docs/api.md。",
    auth=API_AUTH,
    urls_namespace="api-v1",
    renderer=ORJSONRenderer(),
)
install_error_handlers(api)
for module in (documents, tasks, units, catalog, reports, supervision, imports, tokens):
    api.add_router("", module.router)
api.add_router("", crossdoc_router)
