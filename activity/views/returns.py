"""Returns: a grid of areas by periods for one metric, to enter or correct counts."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from activity import actions
from activity.metrics import METRICS
from activity.models import Area, Return
from activity.models.reference import tree_position
from core.periods import FinancialYear
from core.permissions import require_permission

YEARS_SHOWN = 5
FIRST_YEAR = 2000  # nothing is recorded before 1 January 2000
LAST_YEAR = 9998  # the latest financial year whose dates a calendar can hold
MAX_COUNT = 2_147_483_647  # the most a count column holds (PostgreSQL's integer)


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


def _cell_name(area, period):
    return f"cell_{area.pk}_{period.start:%Y%m%d}"


class ReturnsGridForm(forms.Form):
    source = forms.CharField(
        label="Source of these figures",
        max_length=120,
        required=False,
        help_text="For example, 'MASH system' or 'Learning system extract, 3 May'.",
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(
        label="Reason for any correction",
        max_length=200,
        required=False,
        help_text="Needed when you change or clear a figure already entered.",
    )

    def __init__(self, *args, areas, periods, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = []
        self.existing = existing
        for area in areas:
            row = []
            for period in periods:
                name = _cell_name(area, period)
                current = existing.get((area.pk, period.start))
                self.fields[name] = forms.IntegerField(
                    label=f"{area.name}, {period.label}",
                    required=False,
                    min_value=0,
                    max_value=MAX_COUNT,
                    initial=current.value if current else None,
                    error_messages={
                        "invalid": f"{area.name}, {period.label}: enter a whole number",
                        "min_value": f"{area.name}, {period.label}: a count cannot be negative",
                        "max_value": f"{area.name}, {period.label}: a count cannot be more than {MAX_COUNT:,}",
                    },
                )
                row.append((name, period))
            self.cells.append((area, row))

    def changes(self):
        """(area, period, new value or None, existing return or None) for each cell that changed."""
        changed = []
        for area, row in self.cells:
            for name, period in row:
                current = self.existing.get((area.pk, period.start))
                value = self.cleaned_data.get(name)
                if (current.value if current else None) != value:
                    changed.append((area, period, value, current))
        return changed

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        changes = self.changes()
        if changes and not cleaned.get("source"):
            self.add_error("source", "Say where these figures come from")
        if any(current is not None for _, _, _, current in changes) and not cleaned.get("reason"):
            self.add_error("reason", "Give a reason for correcting figures already entered")
        return cleaned


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
