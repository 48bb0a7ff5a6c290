"""Search across all tasks: Chinese substrings of content or category, unit, category, dates."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from duban.ledger.models import Task
from duban.ledger.services import search_tasks
from duban.web.forms import SearchForm
from duban.web.tables import ListSpec
from duban.web.views.common import with_progress

TASK_LIST = ListSpec(
    columns={"document": "document__title", "seq": "order", "category": "category",
             "due": "deadline_due", "state": "state"},
    default=("document", "order", "pk"), page_size=30)


@login_required
def search(request):
    form = SearchForm(request.GET or None)
    filters = form.filters()
    searched = bool(request.GET)
    tasks = Task.objects.visible_to(request.user)
    if searched:
        tasks = search_tasks(filters.get("q") or "", unit=filters.get("unit"),
                             due_from=filters.get("due_from"), due_to=filters.get("due_to"),
                             document=filters.get("document"), base=tasks)
        if filters.get("category"):
            # A part of the category name is enough (search_tasks matches it whole).
            tasks = tasks.filter(category__icontains=filters["category"])
        if filters.get("state"):
            tasks = tasks.filter(state=filters["state"])
    listing = TASK_LIST.apply(with_progress(tasks, request.user), request)
    return render(request, "web/search.html", {"form": form, "listing": listing,
                                               "searched": searched})
