"""Starting a scheduled report before the schedule does, from the home page's "Reports due"."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from core.permissions import require_permission
from reports.annual.actions import create_report
from reports.forms import NewReportForm


@require_permission("reports.start_reports")
@require_POST
def report_start_due(request):
    """Start the draft the home page lists as not started yet; back home, saying why, if it cannot be."""
    form = NewReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That report could not be started: " + " ".join(_errors(form)))
        return redirect("home")
    data = form.cleaned_data
    try:
        report = create_report(
            template=data["template"],
            period=data["period"],
            area=data["area"],
            by=request.user,
            reason="Started from the home page, before the schedule started it",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.message_dict["period"]))
        return redirect("home")
    messages.success(request, f"Draft started: {report.title}.")
    return redirect("report_detail", report.pk)


def _errors(form) -> list[str]:
    return [str(message) for messages_of_field in form.errors.values() for message in messages_of_field]
