"""The sign-in form: Django's, with a clear message while the username+address is locked."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from duban.security.throttle import client_ip, is_locked, lock_message


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = AuthenticationForm.error_messages | {
        "invalid_login": "用户名或密码不正确，请重新输入。",
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if is_locked(username, client_ip(self.request)):
            raise forms.ValidationError(lock_message(), code="locked")
        return super().clean()
