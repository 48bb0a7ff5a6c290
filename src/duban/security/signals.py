"""Receivers that write every sign-in, failed sign-in and sign-out to the AuthEvent audit."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from duban.security.models import AuthEventKind
from duban.security.throttle import record_event


@receiver(user_logged_in, dispatch_uid="duban-auth-login")
def on_login(sender, request, user, **kwargs):
    record_event(AuthEventKind.LOGIN, request, user.get_username(), user)


@receiver(user_logged_out, dispatch_uid="duban-auth-logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record_event(AuthEventKind.LOGOUT, request, user.get_username(), user)


@receiver(user_login_failed, dispatch_uid="duban-auth-failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username", "")
    # Refused by axes while locked: axes marks the request locked without counting a failure
    # (a failure that reaches the limit is counted, and is a failure).
    locked = getattr(request, "axes_locked_out", False) and getattr(
        request, "axes_failures_since_start", None) is None
    record_event(AuthEventKind.LOCKED if locked else AuthEventKind.FAILED, request, username)
