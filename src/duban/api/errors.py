"""One error body for every failure: ``{"detail": "...", "code": "...", "errors": [...]?}``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from duban.ledger.services import DuplicateDocument, EditConflict, ImportFailed

STATUS_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
}


class ErrorOut(Schema):
    detail: str
    code: str
    errors: list[dict] | None = None


ERRORS = {frozenset(STATUS_CODES): ErrorOut}


def error_response(api, request, status: int, detail: str, code: str | None = None, errors=None):
    body = {"detail": detail, "code": code or STATUS_CODES.get(status, "error")}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


def django_messages(exc: DjangoValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [f"{k}: {m}" if k != "__all__" else m
                for k, msgs in exc.message_dict.items() for m in msgs]
    return list(exc.messages)


def field_name(loc: list[str]) -> str:
    """The field an error is about: ``["body", "payload", "version"]`` → ``version``; the body
    itself (``["body", "payload"]``) → ``body``."""
    names = [part for part in loc[1:] if part != "payload"]
    return ".".join(names) or (loc[0] if loc else "body")


def install_error_handlers(api) -> None:
    """Register the handlers that turn every known exception into the one error body."""

    @api.exception_handler(NinjaValidationError)
    def invalid_request(request, exc):
        errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
                  for e in exc.errors]
        named = "；".join(f"{field_name(e['loc'])}: {e['msg']}" for e in errors)
        return error_response(api, request, 422, f"请求参数无效：{named}" if named else
                              "请求参数无效", "invalid", errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return error_response(api, request, 401, "需要登录或有效的接口令牌")

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return error_response(api, request, exc.status_code, str(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error_response(api, request, 404, "对象不存在或不可见")

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return error_response(api, request, 403, str(exc) or "无权执行此操作")

    @api.exception_handler(DuplicateDocument)
    def duplicate(request, exc):
        return error_response(api, request, 409, str(exc), "duplicate_document")

    @api.exception_handler(EditConflict)
    def edit_conflict(request, exc):
        return error_response(api, request, 409, "；".join(django_messages(exc)), "edit_conflict")

    @api.exception_handler(ImportFailed)
    def import_failed(request, exc):
        return error_response(api, request, 422, str(exc), "import_failed")

    @api.exception_handler(DjangoValidationError)
    def invalid_data(request, exc):
        messages = django_messages(exc)
        return error_response(api, request, 422, "；".join(messages) or "数据无效", "invalid",
                              [{"msg": m} for m in messages])
