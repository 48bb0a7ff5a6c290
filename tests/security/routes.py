"""Walking the URL configuration: every route (admin, web, API) as (key, pattern, kwargs)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver


def walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = entry.name or ""
            key = f"{namespace}:{name}" if namespace and name else (name or prefix + str(entry.pattern))
            yield key, prefix + str(entry.pattern), list(entry.pattern.regex.groupindex)


def all_routes() -> list[tuple[str, str, list[str]]]:
    """(key, pattern, kwarg names) of every route; the key is ``namespace:name``."""
    return list(walk(get_resolver().url_patterns))
