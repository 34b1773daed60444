"""Returns: a grid of areas by periods for one metric, to enter or correct counts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from activity import actions
from activity.forms_returns import ReturnsGridForm
from activity.metrics import METRICS
from activity.models import Area, Return
from activity.models.reference import tree_position
from core.periods import FinancialYear
from core.permissions import require_permission

YEARS_SHOWN = 5
FIRST_YEAR = 2000  # nothing is recorded before 1 January 2000
LAST_YEAR = 9998  # the latest financial year whose dates a calendar can hold


def _grid_choice(request):
    returnable = [metric for metric in METRICS.values() if metric.accepts_returns]
    metric = METRICS.get(request.GET.get("metric")) or returnable[0]
    try:
        year = FinancialYear(int(request.GET.get("year", "")))
    except ValueError:
        year = FinancialYear.current()
    if not FIRST_YEAR <= year.start_year <= LAST_YEAR:  # a year typed into the address, out of any calendar
        year = FinancialYear.current()
    by_quarter = request.GET.get("by") == "quarters"
    periods = year.quarters if by_quarter else year.last(YEARS_SHOWN)
    return returnable, metric, year, by_quarter, periods


def _area_rows():
    by_id = {area.pk: area for area in Area.objects.all()}
    active = [area for area in by_id.values() if area.is_active]
    return sorted(active, key=lambda area: tree_position(area, by_id))


@require_permission("activity.view_return")
@require_http_methods(["GET", "POST"])
def returns_grid(request):
    returnable, metric, year, by_quarter, periods = _grid_choice(request)
    areas = _area_rows()
    existing = {
        (entry.area_id, entry.period_start): entry
        for entry in Return.objects.filter(
            metric=metric.slug,
            service__isnull=True,
            category__isnull=True,
            period_start__in=[period.start for period in periods],
        )
        if (entry.period_start, entry.period_end) in {(p.start, p.end) for p in periods}
    }
    may_edit = request.user.has_perm("activity.add_return") and request.user.has_perm("activity.change_return")
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    form = ReturnsGridForm(request.POST or None, areas=areas, periods=periods, existing=existing)
    if request.method == "POST" and form.is_valid():
        saved = _save(form, metric, request.user)
        messages.success(request, f"{saved} figure{'s' if saved != 1 else ''} saved for {metric.name}.")
        query = urlencode({"metric": metric.slug, "year": year.start_year, "by": "quarters" if by_quarter else "years"})
        return redirect(f"{reverse('returns_grid')}?{query}")
    recent = (
        Return.history.filter(metric=metric.slug).select_related("history_user", "area").order_by("-history_date")[:20]
    )
    context = {
        "form": form,
        "metrics": returnable,
        "metric": metric,
        "year": year,
        "years": [FinancialYear(y) for y in range(FinancialYear.current().start_year, 2014, -1)],
        "by_quarter": by_quarter,
        "periods": periods,
        "may_edit": may_edit,
        "recent": recent,
    }
    return TemplateResponse(request, "returns/grid.html", context)


@transaction.atomic
def _save(form, metric, user) -> int:
    data = form.cleaned_data
    changes = form.changes()
    for area, period, value, current in changes:
        if value is None:
            actions.remove_return(entry=current, by=user, reason=data["reason"])
        else:
            actions.enter_return(
                metric=metric.slug,
                area=area,
                period=period,
                value=value,
                source=data["source"],
                note=data["note"],
                by=user,
                reason=data["reason"] if current else "",
            )
    return len(changes)
