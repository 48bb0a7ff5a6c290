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
    locked = getattr(request, "duban_login_locked", False)
    record_event(AuthEventKind.LOCKED if locked else AuthEventKind.FAILED, request, username)
