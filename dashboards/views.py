"""The senior managers' dashboards: all councils, one council, CSV files, caseload figures."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.audit_actions import AuditAction
from core.exports import csv_download
from council.models import Council
from dashboards import attention, selectors, services, tables
from dashboards.forms import CUSTOM, CaseloadForm, PeriodForm
from dashboards.models import Snapshot
from dashboards.periods import Period
from dashboards.tables import headline as headline_tables
from users.models import User
from users.permissions import role_required
from users.roles import Role

dashboard_required = role_required(Role.SENIOR_MANAGER)
caseload_required = role_required(Role.ADMINISTRATOR)


def _snapshot(scope: str, period: Period) -> tuple[Snapshot, bool]:
    """The figures to show, and whether a newer count is on its way.

    Fresh figures are shown as they are; older ones are shown while the worker counts
    again; missing (or very old) ones are counted now, while the page waits.
    """
    found = selectors.latest_snapshot(scope=scope, period=period)
    if found is not None:
        age = selectors.snapshot_age(found)
        if age == "fresh":
            return found, False
        if age == "stale":
            services.snapshot_refresh_later(period=period)
            return found, True
    counted = services.snapshot_refresh(period=period).get(scope)
    if counted is None:  # a scope that the count does not know: no such council
        raise Http404
    return counted, False


def _drawn_key(snapshot: Snapshot, monthly: list[tuple]) -> str:
    """A key that changes whenever the figures a drawn block shows change: the snapshot (counted
    again every 20 minutes) and the monthly figures behind the trend charts."""
    source = json.dumps(
        [snapshot.pk, snapshot.computed_at.isoformat(), monthly], default=str, sort_keys=True
    )
    return hashlib.sha256(source.encode()).hexdigest()[:32]


def _period_query(key: str, period: Period) -> str:
    if key == CUSTOM:
        return urlencode(
            {
                "period": CUSTOM,
                "date_from": period.start.isoformat(),
                "date_to": period.end.isoformat(),
            }
        )
    return urlencode({"period": key})


def _page(
    request: HttpRequest,
    council: Council | None,
    template: str = "dashboards/dashboard_detail.html",
) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    context: dict[str, Any] = {
        "council": council,
        "form": form,
        "councils": selectors.councils_for_dashboard() if council else None,
    }
    if request.GET and not form.is_valid():
        return render(request, "dashboards/dashboard_detail.html", context)
    if not request.GET:
        form = PeriodForm({})
        form.is_valid()
        context["form"] = form
    key, period = form.chosen()
    scope = str(council.pk) if council else Snapshot.ALL
    snapshot, recounting = _snapshot(scope, period)
    monthly = selectors.monthly_figures(scope=scope)
    query = _period_query(key, period)
    dashboard_url = (
        reverse("dashboards:council", kwargs={"slug": council.slug})
        if council
        else reverse("dashboards:index")
    )
    context.update(
        {
            "attention": attention.items(snapshot.data, dashboard_url=f"{dashboard_url}?{query}"),
            "attention_rules": attention.rules(),
            # Built only when the drawn headline is not in the cache (see the template).
            "headline": SimpleLazyObject(lambda: headline_tables.cards(snapshot.data, monthly)),
            "headline_key": _drawn_key(snapshot, monthly),
            "previous_period_text": _previous_text(snapshot.data),
            "period_key": key,
            "period": period,
            "period_text": tables.period_text(period.start, period.end),
            "as_of": tables.as_of(snapshot.computed_at),
            "snapshot": snapshot,
            "recounting": recounting,
            # Built only when the drawn sections are not in the cache (see the template).
            "sections": SimpleLazyObject(lambda: tables.sections(snapshot.data)),
            "query": query,
        }
    )
    return render(request, template, context)


def _previous_text(data: dict[str, Any]) -> str:
    previous = data.get("previous_period")
    if not previous:
        return ""
    return tables.period_text(
        date.fromisoformat(previous["start"]), date.fromisoformat(previous["end"])
    )


@require_GET
@dashboard_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return _page(request, None)


@require_GET
@dashboard_required
def council_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, selectors.council_for_dashboard(slug=slug))


BOARD_PACK = "dashboards/board_pack.html"


@require_GET
@dashboard_required
def board_pack(request: HttpRequest) -> HttpResponse:
    """The board pack: attention, headline figures, trends and representativeness, for A4."""
    return _page(request, None, BOARD_PACK)


@require_GET
@dashboard_required
def council_board_pack(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, selectors.council_for_dashboard(slug=slug), BOARD_PACK)


def _export(
    request: HttpRequest, council: Council | None, table_key: str
) -> HttpResponse | StreamingHttpResponse:
    form = PeriodForm(request.GET or None)
    if request.GET and not form.is_valid():
        messages.error(request, _("Choose a real period before downloading."))
        target = (
            reverse("dashboards:council", kwargs={"slug": council.slug})
            if council
            else reverse("dashboards:index")
        )
        return redirect(f"{target}?{request.GET.urlencode()}")
    if not request.GET:
        form = PeriodForm({})
        form.is_valid()
    _key, period = form.chosen()
    scope = str(council.pk) if council else Snapshot.ALL
    snapshot, _recounting = _snapshot(scope, period)
    table = tables.table_keys(snapshot.data).get(table_key)
    if table is None:
        raise Http404
    name = council.slug if council else "all-councils"
    columns, rows = table.csv()
    return csv_download(
        request,
        filename=f"dashboard-{name}-{table_key}-{period.start}-{period.end}.csv",
        header=columns,
        rows=rows,
        audit_action=AuditAction.DASHBOARDS_TABLE_EXPORT,
        obj=council,
        detail={"table": table_key, "start": str(period.start), "end": str(period.end)},
    )


@require_GET
@dashboard_required
def export(request: HttpRequest, table: str) -> HttpResponse | StreamingHttpResponse:
    return _export(request, None, table)


@require_GET
@dashboard_required
def council_export(
    request: HttpRequest, slug: str, table: str
) -> HttpResponse | StreamingHttpResponse:
    return _export(request, selectors.council_for_dashboard(slug=slug), table)


@require_POST
@dashboard_required
def refresh(request: HttpRequest) -> HttpResponse:
    """Count the figures again now, for the period on the page (every council at once)."""
    form = PeriodForm(request.POST)
    slug = request.POST.get("council", "")
    council = Council.objects.filter(slug=slug).first() if slug else None
    target = (
        reverse("dashboards:council", kwargs={"slug": council.slug})
        if council
        else reverse("dashboards:index")
    )
    if not form.is_valid():
        return redirect(target)
    key, period = form.chosen()
    services.snapshot_refresh_later(period=period)
    messages.success(
        request,
        _(
            "The figures are being counted again. At national scale this takes up to a "
            "minute: reload the page to see the new figures."
        ),
    )
    return redirect(f"{target}?{_period_query(key, period)}")


@require_GET
@caseload_required
def caseload_list(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboards/caseload_list.html", {"rows": selectors.caseload_summary()})


@require_http_methods(["GET", "POST"])
@caseload_required
def caseload_edit(request: HttpRequest, slug: str) -> HttpResponse:
    council = selectors.council_for_dashboard(slug=slug)
    if request.method == "POST":
        form = CaseloadForm(request.POST, council=council)
        if form.is_valid():
            try:
                services.caseload_set(
                    council=council,
                    figures_by_category=form.figures(),
                    as_of=form.cleaned_data["as_of"],
                    actor=cast(User, request.user),  # signed in: caseload_required
                    request=request,
                )
            except ValueError:  # a place removed while the form was open
                form.add_error(None, _("The places have changed. Check the figures again."))
            else:
                messages.success(
                    request,
                    _("Caseload figures for %(council)s saved. The dashboards show them now.")
                    % {"council": council.name},
                )
                return redirect("dashboards:caseload-list")
    else:
        form = CaseloadForm(initial=CaseloadForm.initial_for(council), council=council)
    return render(
        request, "dashboards/caseloadfigure_form.html", {"form": form, "council": council}
    )
