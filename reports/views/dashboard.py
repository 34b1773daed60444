"""The dashboard page: parses the form, builds the dashboard (``reports.dashboard``) and renders what its presenter
(``reports.dashboard_presenter``) makes of it."""

from django.template.response import TemplateResponse
from django.utils import timezone

from core.periods import FinancialYear
from core.permissions import require_permission
from reports.dashboard import build
from reports.dashboard_presenter import present
from reports.figures import all_areas
from reports.forms import DashboardForm


@require_permission("reports.view_dashboard")
def dashboard(request):
    areas = all_areas()
    form = DashboardForm(request.GET or None, areas=areas)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    year = FinancialYear(chosen.get("year") or FinancialYear.current().start_year)
    roots = [area for area in sorted(areas.values(), key=lambda a: a.path) if area.parent_id is None]
    if not roots:
        return TemplateResponse(request, "reports/dashboard_no_areas.html")
    area = areas.get(chosen.get("area")) or roots[0]
    if not form.is_bound:
        form = DashboardForm(initial={"year": year.start_year, "area": area.pk}, areas=areas)
    board = build(year, area, timezone.localdate(), areas=areas)
    return TemplateResponse(request, "reports/dashboard.html", {"form": form, **present(board)})
