"""The reconciliation page: do the figures agree across every report of a financial year?

Reads only; the work is ``reports.reconciliation``. The financial year is chosen from those reports start in.
"""

from django import forms
from django.template.response import TemplateResponse

from core.periods import FinancialYear
from core.permissions import require_permission
from reports.reconciliation import reconcile, years_with_reports


class ReconciliationForm(forms.Form):
    year = forms.ChoiceField(
        label="Financial year",
        error_messages={"invalid_choice": "Choose a financial year that has reports"},
    )

    def __init__(self, *args, years: list[FinancialYear], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year.label, year.label) for year in years]


@require_permission("reports.view_reports")
def report_reconciliation(request):
    years = years_with_reports()
    form = ReconciliationForm(request.GET or None, years=years)
    year = years[0] if years else None
    if form.is_bound and form.is_valid():
        year = FinancialYear.parse(form.cleaned_data["year"])
    elif not form.is_bound and year is not None:
        form = ReconciliationForm(initial={"year": year.label}, years=years)
    result = reconcile(year) if year is not None and not form.errors else None
    return TemplateResponse(request, "reports/reconciliation.html", {"form": form, "result": result})
