"""Progress reports across tasks, and the office's review (accept / send back)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router

from duban.api.errors import ERRORS
from duban.api.filtersets import ReportFilter, filter_reports
from duban.api.pagination import PageParams, keyset_page
from duban.api.schemas import ReportOut, ReviewIn, page_of
from duban.api.types import PathId
from duban.ledger.permissions import get_report_for_user, require_office
from duban.supervision.services.closing import review_and_rejudge

router = Router(tags=["reports"])
ReportPage = page_of(ReportOut, "ReportPage")


@router.get("/reports", response={200: ReportPage, **ERRORS})
def list_reports(request, filters: Query[ReportFilter], page: Query[PageParams]):
    return keyset_page(filter_reports(request.user, filters), page, newest_first=True)


@router.get("/reports/{report_id}", response={200: ReportOut, **ERRORS})
def report_detail(request, report_id: PathId):
    get_report_for_user(request.user, report_id)
    return filter_reports(request.user, ReportFilter()).get(pk=report_id)


@router.post("/reports/{report_id}/review", response={200: ReportOut, **ERRORS})
def review(request, report_id: PathId, payload: ReviewIn):
    require_office(request.user)
    report = get_object_or_404(filter_reports(request.user, ReportFilter()), pk=report_id)
    review_and_rejudge(request.user, report, payload.status, payload.comment,
                       timezone.localdate())
    return filter_reports(request.user, ReportFilter()).get(pk=report_id)
