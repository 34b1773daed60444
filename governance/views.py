"""The pages where the service keeps its audits, priorities ("we said, we did"), policies and learning from reviews.

Anyone who reads the reports may read these lists; changing them takes governance.manage_governance. Every write
goes through ``governance.actions`` with a reason. These are the service's records about its own work, never
about a person, so reading them writes no audit event.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.paging import configure_table
from core.periods import FinancialYear
from core.permissions import require_permission
from governance.actions import delete_record, save_record
from governance.filters import YearFilter
from governance.forms import AuditForm, DeleteForm, LearningForm, PolicyForm, PriorityForm, PriorityUpdateForm
from governance.models import Policy, Priority, PriorityUpdate, ReviewLearning, ServiceAudit
from governance.tables import AuditTable, PolicyTable

MANAGE = "governance.manage_governance"
READ = "reports.view_reports"
PAGE_SIZE = 50


def _year_filter(request, queryset) -> YearFilter:
    data = request.GET.copy()
    data.setdefault("year", str(YearFilter.default_year()))
    return YearFilter(data, queryset=queryset)


def _filtered(filters: YearFilter):
    return filters.qs if filters.is_valid() else filters.queryset.none()


def _edit(request, *, form, what: str, back: str, added: str, heading: str, extra=None):
    """Show ``form``; on a valid POST save it through ``save_record`` and go ``back``; else show it again."""
    creating = form.instance.pk is None
    if request.method == "POST" and form.is_valid():
        reason = added if creating else form.cleaned_data["reason"]
        try:
            record = save_record(form.instance, by=request.user, reason=reason)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"{'Added' if creating else 'Saved'} {what} '{record}'.")
            return redirect(back)
    context = {"form": form, "heading": heading, "back": back, "creating": creating, **(extra or {})}
    return TemplateResponse(request, "governance/form.html", context)


# Audits


@require_permission(READ)
def audit_list(request):
    filters = _year_filter(request, ServiceAudit.objects.select_related("area"))
    table = AuditTable(_filtered(filters), editable=request.user.has_perm(MANAGE))
    configure_table(request, table, default=PAGE_SIZE)
    return TemplateResponse(request, "governance/audit_list.html", {"filter": filters, "table": table})


@require_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def audit_add(request):
    form = AuditForm(request.POST or None, initial={"year": YearFilter.default_year()})
    form.instance.updated_by = request.user
    return _edit(
        request, form=form, what="the audit", back="governance_audit_list", added="Audit added", heading="Add an audit"
    )


@require_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def audit_edit(request, pk):
    audit = get_object_or_404(ServiceAudit, pk=pk)
    form = AuditForm(request.POST or None, instance=audit)
    return _edit(
        request,
        form=form,
        what="the audit",
        back="governance_audit_list",
        added="",
        heading=f"Change the audit '{audit}'",
        extra={"delete_url": "governance_audit_delete", "delete_label": "audit", "record": audit},
    )


@require_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def audit_delete(request, pk):
    audit = get_object_or_404(ServiceAudit, pk=pk)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        delete_record(audit, by=request.user, reason=f"Deleted: {form.cleaned_data['reason']}")
        messages.success(request, f"Deleted the audit '{audit}'.")
        return redirect("governance_audit_list")
    context = {"form": form, "record": audit, "what": "audit", "back": "governance_audit_edit"}
    return TemplateResponse(request, "governance/delete.html", context)


# Priorities


@require_permission(READ)
def priority_list(request):
    updates = PriorityUpdate.objects.select_related("updated_by").order_by("on", "pk")
    queryset = Priority.objects.prefetch_related(Prefetch("updates", queryset=updates))
    filters = _year_filter(request, queryset)
    context = {"filter": filters, "priorities": _filtered(filters)}
    return TemplateResponse(request, "governance/priority_list.html", context)


@require_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def priority_add(request):
    form = PriorityForm(request.POST or None, initial={"year": FinancialYear.current().start_year})
    form.instance.updated_by = request.user
    return _edit(
        request,
        form=form,
        what="the priority",
        back="governance_priority_list",
        added="Priority added",
        heading="Add a priority",
    )


@require_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def priority_edit(request, pk):
    priority = get_object_or_404(Priority, pk=pk)
    form = PriorityForm(request.POST or None, instance=priority)
    return _edit(
        request,
        form=form,
        what="the priority",
        back="governance_priority_list",
        added="",
        heading=f"Change the priority '{priority}'",
    )


@require_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def priority_update_add(request, pk):
    priority = get_object_or_404(Priority, pk=pk)
    form = PriorityUpdateForm(request.POST or None, initial={"on": timezone.localdate()})
    form.instance.priority = priority
    form.instance.updated_by = request.user
    return _edit(
        request,
        form=form,
        what="what we did on",
        back="governance_priority_list",
        added="'We did' update added",
        heading=f"What we did: '{priority}'",
        extra={"priority": priority},
    )


# Policies


@require_permission(READ)
def policy_list(request):
    table = PolicyTable(Policy.objects.all(), editable=request.user.has_perm(MANAGE))
    configure_table(request, table, default=PAGE_SIZE)
    overdue = Policy.objects.filter(review_due__lt=timezone.localdate()).count()
    return TemplateResponse(request, "governance/policy_list.html", {"table": table, "overdue": overdue})


@require_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def policy_add(request):
    form = PolicyForm(request.POST or None)
    form.instance.updated_by = request.user
    return _edit(
        request,
        form=form,
        what="the policy",
        back="governance_policy_list",
        added="Policy added",
        heading="Add a policy",
    )


@require_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def policy_edit(request, pk):
    policy = get_object_or_404(Policy, pk=pk)
    form = PolicyForm(request.POST or None, instance=policy)
    return _edit(
        request,
        form=form,
        what="the policy",
        back="governance_policy_list",
        added="",
        heading=f"Change the policy '{policy}'",
    )


# Learning from reviews


@require_permission(READ)
def learning_list(request):
    filters = _year_filter(request, ReviewLearning.objects.select_related("area"))
    context = {"filter": filters, "learning": _filtered(filters)}
    return TemplateResponse(request, "governance/learning_list.html", context)


@require_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def learning_add(request):
    form = LearningForm(request.POST or None, initial={"year": YearFilter.default_year()})
    form.instance.updated_by = request.user
    return _edit(
        request,
        form=form,
        what="the learning",
        back="governance_learning_list",
        added="Learning from a review added",
        heading="Add learning from a review",
    )


@require_permission(MANAGE)
@require_http_methods(["GET", "POST"])
def learning_edit(request, pk):
    learning = get_object_or_404(ReviewLearning, pk=pk)
    form = LearningForm(request.POST or None, instance=learning)
    return _edit(
        request,
        form=form,
        what="the learning",
        back="governance_learning_list",
        added="",
        heading="Change learning from a review",
    )
