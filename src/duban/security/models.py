"""The sign-in audit: one AuthEvent per sign-in, failed sign-in, refusal while locked, sign-out,
and each lock the office lifted."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuthEventKind(models.TextChoices):
    LOGIN = "login", "登录成功"
    FAILED = "failed", "登录失败"
    LOCKED = "locked", "锁定期内拒绝"
    LOGOUT = "logout", "退出"
    UNLOCKED = "unlocked", "管理员解锁"


class AuthEvent(models.Model):
    """Who tried to sign in (or out), from where and when, and how it went. Never edited."""

    time = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    kind = models.CharField("事件", max_length=16, choices=AuthEventKind.choices)
    username = models.CharField("用户名", max_length=150, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)

    class Meta:
        ordering = ["-time", "-pk"]
        verbose_name = "登录记录"
        verbose_name_plural = "登录记录"
        indexes = [models.Index(fields=["username", "ip", "time"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username}"
