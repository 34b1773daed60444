"""The Board front sheet of a draft report: who the paper is for, from whom, and what the meeting is asked to do."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from core.permissions import require_permission
from reports.annual import content_actions
from reports.annual.actions import ReportFrozenError
from reports.content_forms import FrontSheetForm
from reports.models import Report


@require_permission("reports.edit_narrative")
@require_http_methods(["GET", "POST"])
def front_sheet(request, pk):
    report = get_object_or_404(Report, pk=pk)
    if report.is_approved:
        messages.error(request, str(ReportFrozenError(report)))
        return redirect("report_detail", report.pk)
    form = FrontSheetForm(request.POST or None, instance=Report.objects.get(pk=report.pk))
    if request.method == "POST" and form.is_valid():
        try:
            content_actions.save_front_sheet(report, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Saved the front sheet.")
            return redirect("report_detail", report.pk)
    return TemplateResponse(request, "reports/annual/front_sheet_form.html", {"report": report, "form": form})
