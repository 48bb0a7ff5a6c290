"""The caller's own API tokens: list, create (the raw token is returned once), revoke."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from duban.api.errors import ERRORS
from duban.api.models import ApiToken
from duban.api.schemas import TokenCreatedOut, TokenIn, TokenOut
from duban.api.tokens import issue_token, revoke_token
from duban.api.types import PathId

router = Router(tags=["tokens"])


@router.get("/tokens", response={200: list[TokenOut], **ERRORS})
def list_tokens(request):
    return list(ApiToken.objects.filter(user=request.user))


@router.post("/tokens", response={201: TokenCreatedOut, **ERRORS})
def create_token(request, payload: TokenIn):
    token, raw = issue_token(request.user, payload.name)
    token.token = raw
    return Status(201, token)


@router.delete("/tokens/{token_id}", response={200: TokenOut, **ERRORS})
def delete_token(request, token_id: PathId):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    return revoke_token(request.user, token)
