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
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from audit.log import record as audit
from audit.models import Action
from core.periods import FinancialYear
from core.permissions import require_permission
from jobs.actions import start_job
from reports.annual import actions
from reports.annual.checks import narrative_flags
from reports.annual.content import presented, report_content
from reports.annual.disclosure import rule_from_settings
from reports.annual.exporters import FORMATS
from reports.annual.specs import BlockSpec
from reports.forms import AcknowledgeForm, BlockForm, NewReportForm, NewSectionForm, SectionForm
from reports.job_kinds import REPORT_EXPORT
from reports.models import DataBlock, Report


def _report(pk) -> Report:
    return get_object_or_404(Report.objects.select_related("approved_by", "based_on", "template", "area"), pk=pk)


def _draft_only(request, report) -> bool:
    if report.is_approved:
        messages.error(request, str(actions.ReportFrozenError(report)))
        return False
    return True


@require_permission("reports.view_reports")
@require_http_methods(["GET", "POST"])
def report_list(request):
    form = NewReportForm(request.POST or None, initial={"period": FinancialYear.current().previous.label})
    if request.method == "POST":
        if not request.user.has_perm("reports.start_reports"):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = actions.create_report(
                    template=data["template"], period=data["period"], area=data["area"], by=request.user
                )
            except ValidationError as error:
                form.add_error("period", error.message_dict["period"])
            else:
                messages.success(request, f"Draft started: {report.title}.")
                return redirect("report_detail", report.pk)
    reports = Report.objects.select_related("approved_by", "updated_by", "template", "area")
    return TemplateResponse(request, "reports/annual/list.html", {"reports": reports, "form": form})


@require_permission("reports.view_reports")
def report_detail(request, pk):
    """The report on screen, full or public. A draft's public version stays on screen, headed as a preview:
    whoever writes the public narrative needs to read it beside the hidden counts before approval, and a page
    behind sign-in publishes nothing. Only its download waits for approval."""
    report = _report(pk)
    public = request.GET.get("version") == "public"
    content = report_content(report)
    document = presented(report, public=public, content=content)
    editable = not report.is_approved and not public and request.user.has_perm("reports.edit_narrative")
    stored = list(report.sections.all()) if editable else [None] * len(document.sections)
    if editable:
        _link_tables_to_blocks(stored, document)
    # A draft's checks beside each section: the narrative's in the full version, the public narrative's in the
    # public one; an approved report shows only its public narrative's open flags (see ``flag_acknowledge``).
    if public:
        flags = _with_acknowledgements(report, actions.public_narrative_flags(report, content))
        if report.is_approved:
            flags = [item for item in flags if item["acknowledgement"] is None]
    elif report.is_approved:
        flags = []
    else:
        flags = _with_acknowledgements(report, narrative_flags(content, document, actions.row_aliases()))
    by_section = {}
    for item in flags:
        by_section.setdefault(item["flag"].section_number, []).append(item)
    context = {
        "report": report,
        "document": document,
        "public": public,
        "sections": [
            (section, editable_section, by_section.get(section.number, []))
            for section, editable_section in zip(document.sections, stored, strict=True)
        ],
        "open_flags": sum(item["acknowledgement"] is None for item in flags),
        "public_refusal": actions.public_refusal(report) if public else "",
        "formats": FORMATS,
        "background_formats": settings.REPORT_BACKGROUND_FORMATS,
        "kept_formats": _kept_formats(report, public),
    }
    return TemplateResponse(request, "reports/annual/detail.html", context)


def _link_tables_to_blocks(sections, document) -> None:
    """Give each table on the page its block's id (``table.block_pk``), so an editor can open the block's row
    themes from beside it: one query, whatever the number of blocks."""
    blocks = {}
    rows = DataBlock.objects.filter(section__in=sections).order_by("position").values_list("section_id", "pk")
    for section_id, block_pk in rows:
        blocks.setdefault(section_id, []).append(block_pk)
    for presented_section, section in zip(document.sections, sections, strict=True):
        for table, block_pk in zip(presented_section.tables, blocks.get(section.pk, []), strict=True):
            table.block_pk = block_pk


def _with_acknowledgements(report, flags) -> list[dict]:
    """Each flag with its acknowledgement, or None."""
    if not flags:
        return []
    acknowledgements = {ack.key: ack for ack in report.acknowledgements.select_related("acknowledged_by")}
    return [{"flag": flag, "acknowledgement": acknowledgements.get(flag.key)} for flag in flags]


def _kept_formats(report, public) -> set[str]:
    if not report.is_approved:
        return set()
    return set(report.files.filter(public=public).values_list("format", flat=True))


@require_permission("reports.edit_narrative")
@require_http_methods(["GET", "POST"])
def section_edit(request, pk, section_pk):
    report = _report(pk)
    section = get_object_or_404(report.sections.select_related("updated_by"), pk=section_pk)
    if not _draft_only(request, report):
        return redirect("report_detail", report.pk)
    initial = {
        "title": section.title,
        "level": section.level,
        "narrative": section.narrative,
        "public_narrative": section.narrative if section.public_narrative is None else section.public_narrative,
        "opened_at": section.updated_at,
    }
    form = SectionForm(request.POST or None, initial=initial, threshold=rule_from_settings().threshold)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.save_section(
                section=section,
                by=request.user,
                title=data["title"],
                narrative=data["narrative"],
                public_narrative=_public_narrative(request, form, section),
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


def _public_narrative(request, form, section):
    """The public narrative to save: left as it is when the post has no such field (an older form), or when it
    follows the Board narrative and was not touched (its box showed the Board narrative as it was when the
    form opened, so saving a new Board narrative keeps it following, rather than keeping the old words)."""
    if "public_narrative" not in request.POST:
        return actions.UNCHANGED
    if section.public_narrative is None and "public_narrative" not in form.changed_data:
        return actions.UNCHANGED
    return form.cleaned_data["public_narrative"]


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
        try:
            report = actions.approve_report(report=report, by=request.user)
        except actions.OpenFlagsError as error:
            return _approve_page(request, report, refused=error.flags)
        messages.success(
            request, f"Approved. The report now shows its figures as at {report.approved_at:%d/%m/%Y %H:%M}."
        )
        return redirect("report_detail", report.pk)
    return _approve_page(request, report)


def _approve_page(request, report, *, refused=(), failed: AcknowledgeForm | None = None):
    """The approval page: every flag, each acknowledged (who, why) or with a form to acknowledge it."""
    items = _with_acknowledgements(report, actions.report_flags(report))
    for number, item in enumerate(items, start=1):
        if item["acknowledgement"] is None:
            auto_id = f"flag-{number}-%s"
            if failed is not None and failed["key"].value() == item["flag"].key:
                failed.auto_id = auto_id
                item["form"] = failed
            else:
                item["form"] = AcknowledgeForm(initial={"key": item["flag"].key}, auto_id=auto_id)
    context = {
        "report": report,
        "flags": items,
        "open_flags": [item for item in items if item["acknowledgement"] is None],
        "refused": refused,
        "form": failed,  # its errors head the page
    }
    status = 409 if refused else 200
    return TemplateResponse(request, "reports/annual/approve.html", context, status=status)


@require_permission("reports.approve_reports")
@require_POST
def flag_acknowledge(request, pk):
    """Acknowledge one flag with a reason: from the approval page (a draft), or from an approved report's
    public version, whose public narrative is flagged after approval if the disclosure threshold is raised."""
    report = _report(pk)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        if not report.is_approved:
            return _approve_page(request, report, failed=form)
        messages.error(request, " ".join(form.errors.get("reason", ["The flag was not acknowledged."])))
    else:
        try:
            actions.acknowledge_flag(
                report=report, key=form.cleaned_data["key"], reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except actions.ReportFrozenError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Acknowledged. The reason is kept in the report's history.")
    if report.is_approved:
        return redirect(f"{reverse('report_detail', args=[report.pk])}?version=public")
    return redirect("report_approve", report.pk)


@require_permission("reports.start_reports")
@require_POST
def report_new_draft(request, pk):
    report = _report(pk)
    try:
        draft = actions.start_draft_from(report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.message_dict["period"]))
        return redirect("report_detail", report.pk)
    messages.success(request, f"New draft started from the approved {report.period_label} report.")
    return redirect("report_detail", draft.pk)


@require_permission("reports.export_reports")
@require_http_methods(["GET", "POST"])
def report_export(request, pk, fmt):
    """A download of the report. An approved report's files are made once and kept (``actions.report_file``):
    a kept file comes back at once, to a GET or a POST. Until then, formats that take long to make (settings.
    REPORT_BACKGROUND_FORMATS: the PDF) are made by a background job, started by a POST, whose page offers the
    file when it is ready; the others come back straight away, to a GET. The public version is made only from
    an approved report with no open flag on its public narrative (409 otherwise). Each download writes an
    audit event (a job's, when its file is downloaded)."""
    if fmt not in FORMATS:
        raise Http404("No such format")
    report = _report(pk)
    public = request.GET.get("version") == "public"
    kept = actions.kept_file(report, fmt, public=public)
    background = kept is None and fmt in settings.REPORT_BACKGROUND_FORMATS
    allowed = ["GET", "POST"] if kept is not None else ["POST"] if background else ["GET"]
    if request.method not in allowed:
        return HttpResponseNotAllowed(allowed)
    refusal = actions.public_refusal(report) if public else ""
    if refusal:
        context = {"report": report, "refusal": refusal}
        return TemplateResponse(request, "reports/annual/export_refused.html", context, status=409)
    detail = (
        f"{_which(report)} ({report.get_status_display().lower()}), "
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
    content = kept if kept is not None else actions.report_file(report, fmt, public=public)
    response = HttpResponse(content, content_type=FORMATS[fmt].content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(report, fmt, public=public)}"'
    audit(request, Action.REPORT_EXPORTED, detail=detail)
    return response


def _which(report) -> str:
    """The report as the audit log names it: "2021/22" for the annual report to the Board, otherwise its kind,
    period and area: "Quarterly report to the committee, Q4 2021/22, Swindon"."""
    parts = [] if report.template.slug == report.template.ANNUAL_BOARD else [report.template.name]
    parts.append(report.period_label)
    if report.area_id:
        parts.append(report.area.name)
    return ", ".join(parts)


def export_filename(report, fmt, *, public=False) -> str:
    """safeguarding-annual-report-2021-22-draft.pdf; another template's slug and its period for the rest:
    safeguarding-quarterly-committee-2021-22-q4-bsw-approved.pdf."""
    kind = "annual-report" if report.template.slug == report.template.ANNUAL_BOARD else report.template.slug
    label = slugify(report.period.replace("/", "-").replace("..", "-to-"))
    area = f"-{report.area.slug}" if report.area_id else ""
    status = "approved" if report.is_approved else "draft"
    return f"safeguarding-{kind}-{label}{area}-{status}{'-public' if public else ''}.{FORMATS[fmt].extension}"
