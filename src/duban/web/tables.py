"""Sortable, paginated lists: one declaration of a list's sortable columns serves its page.

A ``ListSpec`` names the columns a visitor may sort by (``?sort=due`` / ``?sort=-due``) and the
page size; ``ListSpec.apply`` turns a queryset and the request into a ``Listing`` the templates
render with the ``sort_header`` and ``pagination`` tags.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet

PAGE_SIZE = 50


@dataclass(frozen=True)
class ListSpec:
    """Sortable columns (key -> model field path) and the default order."""

    columns: dict[str, str]
    default: tuple[str, ...]
    page_size: int = PAGE_SIZE
    prefix: str = ""

    def param(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def ordering(self, sort: str) -> tuple[list, str]:
        """The ORDER BY for ``sort`` (nulls last) and the sort key actually applied."""
        key = sort.lstrip("-")
        if key not in self.columns:
            return list(self.default), ""
        expression = F(self.columns[key])
        if sort.startswith("-"):
            return [expression.desc(nulls_last=True), "pk"], sort
        return [expression.asc(nulls_last=True), "pk"], sort

    def apply(self, queryset: QuerySet, request) -> Listing:
        order, applied = self.ordering(request.GET.get(self.param("sort"), ""))
        paginator = Paginator(queryset.order_by(*order), self.page_size)
        page = paginator.get_page(request.GET.get(self.param("page")))
        return Listing(spec=self, page=page, sort=applied)


@dataclass
class Listing:
    """One page of a sorted list, with what the headers and page links need."""

    spec: ListSpec
    page: Page
    sort: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def rows(self):
        return self.page.object_list

    @property
    def total(self) -> int:
        return self.page.paginator.count
