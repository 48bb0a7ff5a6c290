"""登录锁定: the username+address pairs paused by the sign-in throttle, for the office to lift."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from duban.security.throttle import locked_accounts, unlock
from duban.web.views.common import office_required


@office_required
def locked_list(request):
    return render(request, "web/locked_accounts.html", {"locked": locked_accounts()})


@require_POST
@office_required
def locked_unlock(request, pk: int):
    lifted = unlock(request.user, pk, request)
    if lifted is None:
        messages.info(request, "该锁定已到期或已被解除。")
    else:
        messages.success(request, f"已解除账号“{lifted.username}”在 {lifted.ip or '未知地址'} 的登录锁定。")
    return redirect("locked-accounts")
