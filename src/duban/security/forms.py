"""The sign-in form: Django's, with the message in Chinese (a lock is answered by axes with
``duban.security.throttle.lockout_response``)."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = AuthenticationForm.error_messages | {
        "invalid_login": "用户名或密码不正确，请重新输入。",
    }
