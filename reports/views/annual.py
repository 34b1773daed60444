"""The annual report's pages: the list, the preview, editing sections and blocks, approval, exports.

Views stay thin: every change goes through ``reports.annual.actions``, and every figure
shown comes from ``reports.annual.content``.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST

from audit.log import record as audit
from audit.models import Action
from core.periods import FinancialYear
from core.permissions import require_permission
from jobs.actions import start_job
from reports.annual import actions
from reports.annual.content import presented
from reports.annual.exporters import FORMATS, export
from reports.annual.specs import BlockSpec
from reports.forms import BlockForm, NewReportForm, NewSectionForm, SectionForm
from reports.job_kinds import REPORT_EXPORT
from reports.models import DataBlock, Report


def _report(pk) -> Report:
    return get_object_or_404(Report.objects.select_related("approved_by", "based_on"), pk=pk)


def _draft_only(request, report) -> bool:
    if report.is_approved:
        messages.error(request, str(actions.ReportFrozenError(report)))
        return False
    return True


@require_permission("reports.view_reports")
@require_http_methods(["GET", "POST"])
def report_list(request):
    form = NewReportForm(request.POST or None, initial={"year": FinancialYear.current().previous.start_year})
    if request.method == "POST":
        if not request.user.has_perm("reports.start_reports"):
            raise PermissionDenied
        if form.is_valid():
            try:
                report = actions.create_report(year=FinancialYear(form.cleaned_data["year"]), by=request.user)
            except ValidationError as error:
                form.add_error("year", error.message_dict["year"])
            else:
                messages.success(request, f"Draft started for {report.financial_year.label}.")
                return redirect("report_detail", report.pk)
    reports = Report.objects.select_related("approved_by", "updated_by")
    return TemplateResponse(request, "reports/annual/list.html", {"reports": reports, "form": form})


@require_permission("reports.view_reports")
def report_detail(request, pk):
    report = _report(pk)
    public = request.GET.get("version") == "public"
    document = presented(report, public=public)
    editable = not report.is_approved and not public and request.user.has_perm("reports.edit_narrative")
    stored = list(report.sections.all()) if editable else [None] * len(document.sections)
    context = {
        "report": report,
        "document": document,
        "public": public,
        "sections": list(zip(document.sections, stored, strict=True)),
        "formats": FORMATS,
        "background_formats": settings.REPORT_BACKGROUND_FORMATS,
    }
    return TemplateResponse(request, "reports/annual/detail.html", context)


@require_permission("reports.edit_narrative")
@require_http_methods(["GET", "POST"])
def section_edit(request, pk, section_pk):
    report = _report(pk)
    section = get_object_or_404(report.sections.select_related("updated_by"), pk=section_pk)
    if not _draft_only(request, report):
        return redirect("report_detail", report.pk)
    initial = {"title": section.title, "level": section.level, "narrative": section.narrative}
    form = SectionForm(request.POST or None, initial={**initial, "opened_at": section.updated_at})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.save_section(
                section=section,
                by=request.user,
                title=data["title"],
                narrative=data["narrative"],
                level=data["level"],
                opened_at=data["opened_at"],
            )
        except actions.StaleSectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved '{data['title']}'.")
            return redirect("report_detail", report.pk)
    return TemplateResponse(
        request, "reports/annual/section_form.html", {"report": report, "section": section, "form": form}
    )


@require_permission("reports.edit_structure")
@require_http_methods(["GET", "POST"])
def report_structure(request, pk):
    report = _report(pk)
    if not _draft_only(request, report):
        return redirect("report_detail", report.pk)
    form = NewSectionForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        section = actions.add_section(
            report=report, by=request.user, title=data["title"], level=data["level"], after=data["after"]
        )
        messages.success(request, f"Added '{section.title}'.")
        return redirect("report_structure", report.pk)
    sections = report.sections.prefetch_related("blocks")
    return TemplateResponse(
        request, "reports/annual/structure.html", {"report": report, "sections": sections, "form": form}
    )


@require_permission("reports.edit_structure")
@require_POST
def section_change(request, pk, section_pk, change):
    report = _report(pk)
    section = get_object_or_404(report.sections, pk=section_pk)
    if _draft_only(request, report):
        if change in ("up", "down"):
            actions.move_section(section=section, by=request.user, up=change == "up")
        elif change == "remove":
            actions.remove_section(section=section, by=request.user)
            messages.success(request, f"Removed '{section.title}'.")
        else:
            raise Http404
    return redirect("report_structure", report.pk)


@require_permission("reports.edit_structure")
@require_http_methods(["GET", "POST"])
def block_add(request, pk, section_pk):
    report = _report(pk)
    section = get_object_or_404(report.sections, pk=section_pk)
    if not _draft_only(request, report):
        return redirect("report_detail", report.pk)
    form = BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        spec = BlockSpec(
            title=data["title"],
            metrics=tuple(data["metrics"]),
            by=data["by"],
            years=data["years"],
            layout=data["layout"],
            area_rows=data["area_rows"],
            within=data["within"].slug if data["within"] else "",
            services=tuple(service.slug for service in data["services"]),
            kind=data["kind"],
        )
        actions.add_block(section=section, by=request.user, spec=spec)
        messages.success(request, f"Added '{spec.title}' to '{section.title}'.")
        return redirect("report_structure", report.pk)
    return TemplateResponse(
        request, "reports/annual/block_form.html", {"report": report, "section": section, "form": form}
    )


@require_permission("reports.edit_structure")
@require_POST
def block_remove(request, pk, block_pk):
    report = _report(pk)
    block = get_object_or_404(DataBlock.objects.filter(section__report=report), pk=block_pk)
    if _draft_only(request, report):
        actions.remove_block(block=block, by=request.user)
        messages.success(request, f"Removed '{block.title}'.")
    return redirect("report_structure", report.pk)


@require_permission("reports.approve_reports")
@require_http_methods(["GET", "POST"])
def report_approve(request, pk):
    report = _report(pk)
    if not _draft_only(request, report):
        return redirect("report_detail", report.pk)
    if request.method == "POST":
        report = actions.approve_report(report=report, by=request.user)
        messages.success(
            request, f"Approved. The report now shows its figures as at {report.approved_at:%d/%m/%Y %H:%M}."
        )
        return redirect("report_detail", report.pk)
    return TemplateResponse(request, "reports/annual/approve.html", {"report": report})


@require_permission("reports.start_reports")
@require_POST
def report_new_draft(request, pk):
    report = _report(pk)
    try:
        draft = actions.start_draft_from(report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.message_dict["year"]))
        return redirect("report_detail", report.pk)
    messages.success(request, f"New draft started from the approved {report.financial_year.label} report.")
    return redirect("report_detail", draft.pk)


@require_permission("reports.export_reports")
@require_http_methods(["GET", "POST"])
def report_export(request, pk, fmt):
    """A download of the report. Formats that take long (settings.REPORT_BACKGROUND_FORMATS: the PDF) are made
    by a background job, started by a POST, whose page offers the file when it is ready; the others come back
    straight away, to a GET. Each download writes an audit event (a job's, when its file is downloaded)."""
    if fmt not in FORMATS:
        raise Http404("No such format")
    background = fmt in settings.REPORT_BACKGROUND_FORMATS
    if request.method != ("POST" if background else "GET"):
        return HttpResponseNotAllowed(["POST" if background else "GET"])
    report = _report(pk)
    public = request.GET.get("version") == "public"
    detail = (
        f"{report.financial_year.label} ({report.get_status_display().lower()}), "
        f"{fmt.upper()}, {'public' if public else 'full'} version"
    )
    if background:
        job = start_job(
            kind=REPORT_EXPORT,
            by=request.user,
            title=f"{report.title}: {FORMATS[fmt].label}{', public version' if public else ''}",
            params={"report": report.pk, "format": fmt, "public": public, "audit_detail": detail},
            result_name=export_filename(report, fmt, public=public),
            result_type=FORMATS[fmt].content_type,
        )
        return redirect("job_detail", job.pk)
    document = presented(report, public=public)
    response = HttpResponse(export(document, fmt), content_type=FORMATS[fmt].content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(report, fmt, public=public)}"'
    audit(request, Action.REPORT_EXPORTED, detail=detail)
    return response


def export_filename(report, fmt, *, public=False) -> str:
    label = report.financial_year.label.replace("/", "-")
    status = "approved" if report.is_approved else "draft"
    return f"safeguarding-annual-report-{label}-{status}{'-public' if public else ''}.{FORMATS[fmt].extension}"
