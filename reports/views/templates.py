"""Making a new kind of report (a template) from an existing report: a safeguarding lead's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from core.permissions import require_permission
from reports.annual.template_actions import save_as_template
from reports.forms import SaveAsTemplateForm
from reports.models import Report


@require_permission("reports.edit_structure")
@require_http_methods(["GET", "POST"])
def report_save_template(request, pk):
    report = get_object_or_404(Report.objects.select_related("template", "area"), pk=pk)
    form = SaveAsTemplateForm(
        request.POST or None,
        initial={"cadence": report.template.cadence, "deadline_days": report.template.deadline_days},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            template = save_as_template(
                report,
                name=data["name"],
                description=data["description"],
                cadence=data["cadence"],
                deadline_days=data["deadline_days"],
                by=request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Saved '{template.name}': choose it when you start a report.")
            return redirect("report_list")
    return TemplateResponse(request, "reports/annual/save_template.html", {"report": report, "form": form})
