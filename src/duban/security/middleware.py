"""Response headers of every page: the Content-Security-Policy (scripts only from our origin)."""

from __future__ import annotations

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Sets ``Content-Security-Policy`` from settings.DUBAN_CONTENT_SECURITY_POLICY unless the
    view already set one (a view may tighten it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.DUBAN_CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response
