"""The assurance self-assessment's pages, under /governance/assurance/: frameworks and their standards, a year by
partnership grid of RAG ratings, and each standard's assessment (evidence, files, scores, rating, actions).

Read by those who read the reports; kept by those who keep the governance records (the lead and the
secretary). Every write goes through ``governance.assurance_actions`` with a reason kept in the history. A file of
evidence is downloaded only by those who read the reports, and each download is in the audit log.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from activity.models import Area
from audit.log import record as audit
from audit.models import Action
from core.periods import FinancialYear
from governance import assurance_actions
from governance.actions import save_record
from governance.assurance_forms import (
    ActionForm,
    AttachmentForm,
    EvidenceForm,
    FrameworkForm,
    ModerationForm,
    RagForm,
    RemoveForm,
    StandardForm,
    StartForm,
)
from governance.assurance_summary import grid, in_words, overall
from governance.assurance_tasks import assessment_url
from governance.forms import year_choices
from governance.models import (
    Assessment,
    AssessmentAttachment,
    AssuranceAction,
    AssuranceFramework,
    AssuranceStandard,
)

MANAGE = "governance.manage_governance"
READ = "reports.view_reports"
TRUST = "trust"


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _area_of(slug: str) -> Area | None:
    return None if slug == TRUST else get_object_or_404(Area, slug=slug)


def _year_of(year: int) -> FinancialYear:
    if not 2000 <= year <= 2100:
        raise Http404("No such financial year")  # never reached by a link: a year the app could not hold
    return FinancialYear(year)


def _edit(request, *, form, what, back, added, heading, extra=None):
    """Show ``form``; on a valid POST save it with ``save_record`` and go to ``back`` (a path)."""
    creating = form.instance.pk is None
    if request.method == "POST" and form.is_valid():
        reason = added if creating else form.cleaned_data["reason"]
        try:
            record = save_record(form.instance, by=request.user, reason=reason)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{'Added' if creating else 'Saved'} {what} '{record}'.")
            return redirect(back)
    context = {"form": form, "heading": heading, "back": back, "creating": creating, **(extra or {})}
    return TemplateResponse(request, "governance/assurance/form.html", context)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# Frameworks and standards


def framework_list(request):
    _require(request, READ)
    frameworks = AssuranceFramework.objects.annotate(standard_count=Count("standards"))
    return TemplateResponse(request, "governance/assurance/framework_list.html", {"frameworks": frameworks})


@require_http_methods(["GET", "POST"])
def framework_add(request):
    _require(request, MANAGE)
    form = FrameworkForm(request.POST or None)
    form.instance.updated_by = request.user
    back = reverse("governance_assurance_frameworks")
    return _edit(
        request, form=form, what="the framework", back=back, added="Framework added", heading="Add a framework"
    )


@require_http_methods(["GET", "POST"])
def framework_edit(request, pk):
    _require(request, MANAGE)
    framework = get_object_or_404(AssuranceFramework, pk=pk)
    form = FrameworkForm(request.POST or None, instance=framework)
    back = reverse("governance_assurance_framework", args=[pk])
    return _edit(
        request, form=form, what="the framework", back=back, added="", heading=f"Change the framework '{framework}'"
    )


def framework_detail(request, pk):
    """The framework's standards and the grid of its ratings by year and partnership."""
    _require(request, READ)
    framework = get_object_or_404(AssuranceFramework, pk=pk)
    areas = Area.objects.filter(is_active=True).order_by("path")
    start = StartForm(request.GET or None)
    start.fields["year"].choices = year_choices()
    start.fields["year"].initial = FinancialYear.current().start_year
    start.fields["area"].choices = [(TRUST, "Whole trust"), *((area.slug, area.name) for area in areas)]
    if request.GET and start.is_valid():
        year, slug = start.cleaned_data["year"], start.cleaned_data["area"]
        return redirect("governance_assurance_summary", pk=pk, year=year, area=slug)
    context = {
        "framework": framework,
        "standards": framework.standards.all(),
        "grid": grid(framework),
        "start": start,
        "may_keep": request.user.has_perm(MANAGE),
    }
    return TemplateResponse(request, "governance/assurance/framework_detail.html", context)


@require_http_methods(["GET", "POST"])
def standard_add(request, pk):
    _require(request, MANAGE)
    framework = get_object_or_404(AssuranceFramework, pk=pk)
    form = StandardForm(request.POST or None, initial={"position": framework.standards.count() + 1})
    form.instance.framework = framework
    form.instance.updated_by = request.user
    back = reverse("governance_assurance_framework", args=[pk])
    return _edit(
        request,
        form=form,
        what="the standard",
        back=back,
        added="Standard added",
        heading=f"Add a standard to '{framework}'",
    )


@require_http_methods(["GET", "POST"])
def standard_edit(request, pk):
    _require(request, MANAGE)
    standard = get_object_or_404(AssuranceStandard.objects.select_related("framework"), pk=pk)
    form = StandardForm(request.POST or None, instance=standard)
    back = reverse("governance_assurance_framework", args=[standard.framework_id])
    return _edit(
        request, form=form, what="the standard", back=back, added="", heading=f"Change the standard '{standard}'"
    )


# A year and partnership: every standard's scores and rating


def summary(request, pk, year, area):
    _require(request, READ)
    framework = get_object_or_404(AssuranceFramework, pk=pk)
    financial_year, place = _year_of(year), _area_of(area)
    assessments = Assessment.objects.filter(year=year, area=place).annotate(
        open_actions=Count("actions", filter=Q(actions__completed_on__isnull=True))
    )
    standards = framework.standards.prefetch_related(Prefetch("assessments", queryset=assessments, to_attr="this_year"))
    rows = [(standard, standard.this_year[0] if standard.this_year else None) for standard in standards]
    counts: dict[str, int] = {}
    for _, assessment in rows:
        if assessment and assessment.rag:
            counts[assessment.rag] = counts.get(assessment.rag, 0) + 1
    context = {
        "framework": framework,
        "year": financial_year,
        "area": place,
        "area_slug": area,
        "rows": rows,
        "overall": overall(counts),
        "in_words": in_words(counts),
    }
    return TemplateResponse(request, "governance/assurance/summary.html", context)


# A standard's assessment

FORMS = ("evidence", "moderation", "rag", "attachment", "action")


@require_http_methods(["GET", "POST"])
def assessment(request, pk, year, area):
    _require(request, READ)
    standard = get_object_or_404(AssuranceStandard.objects.select_related("framework"), pk=pk)
    financial_year, place = _year_of(year), _area_of(area)
    framework = standard.framework
    record = assurance_actions.assessment_for(standard, year, place)
    if request.method == "POST":
        _require(request, MANAGE)
    posted = request.POST.get("form") if request.method == "POST" else None
    if posted not in FORMS:
        posted = None

    def bound(name):
        return request.POST if posted == name else None

    forms = {
        "evidence": EvidenceForm(
            bound("evidence"),
            framework=framework,
            prefix="evidence",
            initial={"evidence": record.evidence, "self_score": record.self_score},
        ),
        "moderation": ModerationForm(
            bound("moderation"),
            framework=framework,
            prefix="moderation",
            initial={"moderated_score": record.moderated_score},
        ),
        "rag": RagForm(bound("rag"), prefix="rag", initial={"rag": record.rag, "rag_reason": record.rag_reason}),
        "attachment": AttachmentForm(
            bound("attachment"), request.FILES if posted == "attachment" else None, prefix="file"
        ),
        "action": ActionForm(bound("action"), prefix="action"),
    }
    if posted is not None and request.method == "POST":
        form = forms[posted]
        if form.is_valid():
            try:
                done = _save(posted, form, record, request)
            except ValidationError as error:
                _add_errors(form, error)
                if posted == "attachment":
                    audit(request, Action.UPLOAD_REFUSED, kind="assurance-file", reference=str(record.pk or ""))
            else:
                messages.success(request, done)
                return redirect(assessment_url(standard.pk, year, None if place is None else place.slug))
    attachments = (
        record.attachments.defer("content").select_related("uploaded_by")
        if record.pk
        else AssessmentAttachment.objects.none()
    )
    actions = record.actions.select_related("owner", "task__owner") if record.pk else AssuranceAction.objects.none()
    history = record.history.select_related("history_user").order_by("-history_date")[:20] if record.pk else []
    expected_rag = framework.rag_for(record.moderated_score)
    context = {
        "standard": standard,
        "framework": framework,
        "year": financial_year,
        "area": place,
        "area_slug": area,
        "assessment": record,
        "expected_rag": expected_rag,
        "rag_hint": _rag_hint(expected_rag),
        "forms": forms,
        "failed": forms[posted] if posted else None,
        "attachments": attachments,
        "actions": actions,
        "history": history,
        "today": timezone.localdate(),
        "may_keep": request.user.has_perm(MANAGE),
        "size_hint": f"At most {assurance_actions.megabytes(assurance_actions.attachment_max_bytes())}.",
    }
    return TemplateResponse(request, "governance/assurance/assessment.html", context)


def _rag_hint(expected) -> str:
    following = f" (here, {expected})" if expected else ""
    return f"The rating follows the moderated score{following}. To rate it otherwise, say why."


def _save(posted: str, form, record: Assessment, request) -> str:
    data, by = form.cleaned_data, request.user
    if posted == "evidence":
        assurance_actions.save_evidence(
            record, by=by, evidence=data["evidence"], self_score=data["self_score"], reason=data["reason"]
        )
        return "Saved the evidence and self score."
    if posted == "moderation":
        assurance_actions.moderate(record, by=by, score=data["moderated_score"], reason=data["reason"])
        return "Saved the moderated score."
    if posted == "rag":
        assurance_actions.set_rag(record, by=by, rag=data["rag"], rag_reason=data["rag_reason"], reason=data["reason"])
        return "Saved the RAG rating."
    if posted == "attachment":
        upload = data["file"]
        limit = assurance_actions.attachment_max_bytes()
        if upload.size > limit:  # refused by its size before anything reads it
            raise ValidationError(
                {
                    "file": f"The file is {assurance_actions.megabytes(upload.size)}: a file of evidence must be at "
                    f"most {assurance_actions.megabytes(limit)}."
                }
            )
        try:
            assurance_actions.add_attachment(
                record,
                by=by,
                name=upload.name,
                content=upload.read(),
                description=data["description"],
                reason=data["reason"],
            )
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        return "Added the file of evidence."
    action = form.instance
    action.assessment = record
    action.updated_by = by
    assurance_actions.save_action(action, by=by, reason="Action added")
    return "Added the action: its owner has it as a task."


@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    _require(request, MANAGE)
    action = get_object_or_404(
        AssuranceAction.objects.select_related("assessment__standard__framework", "assessment__area"), pk=pk
    )
    found = action.assessment
    back = assessment_url(found.standard_id, found.year, found.area.slug if found.area_id else None)
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        try:
            assurance_actions.save_action(form.instance, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Saved the action.")
            return redirect(back)
    context = {"form": form, "heading": "Change an assurance action", "back": back, "creating": False}
    return TemplateResponse(request, "governance/assurance/form.html", context)


@require_http_methods(["POST"])
def attachment_remove(request, pk):
    """A file of evidence taken away (uploaded in error, or holding what it should not): its content is deleted,
    and its history keeps who removed it and why."""
    _require(request, MANAGE)
    attachment = get_object_or_404(AssessmentAttachment.objects.select_related("assessment__area"), pk=pk)
    found = attachment.assessment
    back = assessment_url(found.standard_id, found.year, found.area.slug if found.area_id else None)
    form = RemoveForm(request.POST)
    if form.is_valid():
        assurance_actions.remove_attachment(
            attachment, by=request.user, reason=f"Removed: {form.cleaned_data['reason']}"
        )
        messages.success(request, f"Removed the file '{attachment.file_name}'.")
    else:
        messages.error(request, f"Reason for removing '{attachment.file_name}': {form.errors['reason'][0]}")
    return redirect(back)


def attachment_download(request, pk):
    """The file as it was uploaded, under the name its content gives it; the download is in the audit log."""
    _require(request, READ)
    attachment = get_object_or_404(AssessmentAttachment, pk=pk)
    audit(
        request,
        Action.RECORD_VIEWED,
        kind="assurance-file",
        reference=str(attachment.pk),
        detail=f"Downloaded a file of evidence ({attachment.content_type.rsplit('/', 1)[-1][:40]})",
    )
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{attachment.file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
