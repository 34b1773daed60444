"""The page where a lead records a known change in a process, so that the dashboard's chart of the figure starts a
new phase at it, and withdraws one recorded in error (``reports.process_changes``). Reading the recorded changes
takes the same permission."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from activity.metrics import METRICS
from core.permissions import require_permission
from reports.figures import all_areas
from reports.models import ProcessChange
from reports.process_change_forms import ProcessChangeForm, WithdrawForm
from reports.process_changes import record_process_change, withdraw_process_change


def _name(change: ProcessChange) -> str:
    return METRICS[change.metric].name if change.metric in METRICS else change.metric


@require_permission("reports.add_processchange")
@require_http_methods(["GET", "POST"])
def process_changes(request):
    areas = all_areas()
    withdrawing = request.method == "POST" and "withdraw" in request.POST
    form = ProcessChangeForm(None if withdrawing else request.POST or None, areas=areas)
    withdraw = WithdrawForm(request.POST if withdrawing else None)
    if withdrawing and withdraw.is_valid():
        change = withdraw.cleaned_data["withdraw"]
        withdraw_process_change(change, by=request.user, reason=withdraw.cleaned_data["withdraw_reason"])
        messages.success(request, f"Withdrawn: {_name(change)} from {change.starts_on:%B %Y}.")
        return redirect("dashboard_process_changes")
    if not withdrawing and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = record_process_change(
                metric=data["metric"],
                area=data["area"],
                starts_on=data["month"],
                note=data["note"],
                by=request.user,
                reason=data["reason"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Recorded: {_name(change)} starts again from {change.starts_on:%B %Y}.")
            return redirect("dashboard_process_changes")
    recorded = [
        (change, _name(change))
        for change in ProcessChange.objects.select_related("area", "created_by").order_by("-starts_on", "-pk")
    ]
    context = {"form": form, "withdraw": withdraw, "withdrawing": withdrawing, "recorded": recorded}
    return TemplateResponse(request, "reports/process_changes.html", context)
