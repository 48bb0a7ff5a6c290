"""Template helpers: state badges, sort headers and page links that keep the other filters."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from duban.ledger.choices import IndicatorOp
from duban.ledger.permissions import role_of

register = template.Library()


def query_with(request, **changes) -> str:
    """The current query string with ``changes`` applied (None removes a parameter)."""
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def sort_header(context, listing, key: str, label: str):
    """A column header linking to this list sorted by ``key`` (a second click reverses it)."""
    request = context["request"]
    spec = listing.spec
    descending = listing.sort == key
    target = f"-{key}" if descending else key
    arrow = ""
    if listing.sort == key:
        arrow = "▲"
    elif listing.sort == f"-{key}":
        arrow = "▼"
    url = query_with(request, **{spec.param("sort"): target, spec.param("page"): None})
    return format_html('<a href="{}">{} <span class="dir">{}</span></a>', url, label, arrow)


@register.simple_tag(takes_context=True)
def page_url(context, listing, number):
    return query_with(context["request"], **{listing.spec.param("page"): number})


@register.inclusion_tag("web/partials/pagination.html", takes_context=True)
def pagination(context, listing):
    return {"listing": listing, "request": context["request"]}


@register.simple_tag
def state_badge(obj, field: str = "state"):
    """A coloured badge for a TextChoices field (task state, report state, review status)."""
    value = getattr(obj, field)
    label = getattr(obj, f"get_{field}_display")()
    css = "review" if field == "review_status" else "state"
    return format_html('<span class="badge {}-{}">{}</span>', css, value, label)


@register.filter
def plain(value) -> str:
    """A Decimal without exponent or trailing zeros (100.0000 -> 100, 68.5000 -> 68.5)."""
    if value is None:
        return ""
    return f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)


@register.filter
def op_label(op: str) -> str:
    """The words of a comparison (">=" -> 不低于)."""
    return IndicatorOp(op).label if op in IndicatorOp.values else op


@register.simple_tag
def target_text(indicator) -> str:
    """An indicator's target in words: 不低于 75%."""
    return f"{indicator.get_op_display()} {plain(indicator.value)}{indicator.unit}"


@register.filter
def role_label(user) -> str:
    role = role_of(user)
    profile = getattr(user, "profile", None)
    if profile is not None:
        return profile.get_role_display()
    return "医改办" if role else ""
