"""Training and supervision compliance, under /training/.

Executives, secretaries and leads read the figures (by level against each level's target, by staff group, by
service, supervision by team): counts only, never a staff identifier. Only leads import the learning system's
export and see who is due supervision, by staff identifier. Every page writes an audit event.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from activity.importing.files import ImportFileError, unpacked_size
from activity.models import ImportBatch
from audit.log import record as audit
from audit.models import Action
from core.permissions import require_permission
from jobs.actions import start_job
from training import compliance
from training.actions import import_compliance
from training.forms import ComplianceUploadForm, FiguresFilter
from training.importing import KIND_SLUG, Check, problem_counts
from training.job_kinds import TRAINING_IMPORT
from training.models import ComplianceImport

READ = "training.view_compliance"
IMPORT = "training.import_compliance"
STAFF = "training.view_staff_due"
AUDIT_KIND = KIND_SLUG
IMPORTS_LISTED = 20
# A workbook that unpacks to more than this many times the background limit is checked in the background too,
# however small it is packed (as the record import: activity.views.imports).
UNPACKED_PER_PACKED = 12


def _imported():
    return ComplianceImport.objects.filter(status=ComplianceImport.Status.IMPORTED).select_related("imported_by")


def _chosen(request, imports):
    """The filter form, the import chosen (the latest unless one is asked for) and the area, or None for all."""
    filters = FiguresFilter(request.GET or None, imports=imports)
    chosen, area = None, None
    if filters.is_bound and filters.is_valid():
        area = filters.cleaned_data["area"]
        wanted = filters.cleaned_data["compliance_import"]
        chosen = next((each for each in imports if each.pk == wanted), None)
    return filters, chosen or (imports[0] if imports else None), area


@require_permission(READ)
def figures(request):
    imports = list(_imported().order_by("-as_at", "-imported_at", "-pk")[:IMPORTS_LISTED])
    filters, chosen, area = _chosen(request, imports)
    context = {"filter": filters, "imports": imports, "chosen": chosen, "area": area}
    if chosen is not None:
        context.update(
            levels=compliance.by_level(chosen, area),
            staff_groups=compliance.by_staff_group(chosen, area),
            services=compliance.by_service(chosen, area),
            supervision=compliance.supervision(chosen, area),
            supervision_months=compliance.SUPERVISION_MONTHS,
        )
    audit(
        request,
        Action.RECORD_VIEWED,
        kind=AUDIT_KIND,
        reference=str(chosen.pk) if chosen else "",
        detail=f"Compliance figures; area: {area.name if area else 'every area'}",
    )
    return TemplateResponse(request, "training/figures.html", context)


@require_permission(READ)
def import_detail(request, pk):
    compliance_import = get_object_or_404(ComplianceImport.objects.select_related("imported_by"), pk=pk)
    audit(request, Action.RECORD_VIEWED, kind=AUDIT_KIND, reference=str(pk), detail="Import's data-quality summary")
    context = {
        "compliance_import": compliance_import,
        "problems": problem_counts(compliance_import.summary),
        "levels": compliance.by_level(compliance_import),
    }
    return TemplateResponse(request, "training/import_detail.html", context)


@require_permission(IMPORT)
@require_http_methods(["GET", "POST"])
def import_new(request):
    form = ComplianceUploadForm(request.POST or None, request.FILES or None)
    check = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        only_check = "check" in request.POST
        content = upload.read()
        if _is_big(content):
            return _in_the_background(request, form, upload.name, content, only_check)
        try:
            check, saved = import_compliance(
                content=content,
                file_name=upload.name,
                as_at=form.cleaned_data["as_at"],
                mapping=form.cleaned_data["mapping"],
                by=request.user,
                save=not only_check,
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
            audit(request, Action.UPLOAD_REFUSED, kind=AUDIT_KIND, detail="The file could not be read")
        else:
            if saved is not None:
                messages.success(request, f"Imported {check.rows_read:,} rows for {check.staff_count:,} staff.")
                return redirect("training_import_detail", saved.pk)
            if not check.is_clean:
                audit(
                    request,
                    Action.UPLOAD_REFUSED,
                    kind=AUDIT_KIND,
                    detail=f"Refused: {check.problem_count:,} problems in {check.rows_read:,} rows",
                )
    return TemplateResponse(request, "training/import.html", {"form": form, "check": check})


def _is_big(content: bytes) -> bool:
    limit = settings.IMPORT_BACKGROUND_BYTES
    return len(content) > limit or unpacked_size(content) > UNPACKED_PER_PACKED * limit


def _in_the_background(request, form, file_name: str, content: bytes, only_check: bool):
    """A big file waits for a background job (``training.job_kinds``) in a batch of the uploader's own."""
    asked = {
        "as_at": form.cleaned_data["as_at"].isoformat(),
        "mapping": form.cleaned_data["mapping"].pk,
        "check_only": only_check,
    }
    batch = ImportBatch.objects.create(
        record_type=KIND_SLUG, file_name=file_name[:255], content=content, uploaded_by=request.user, summary=asked
    )
    verb = "Check" if only_check else "Import"
    job = start_job(kind=TRAINING_IMPORT, by=request.user, title=f"{verb} {file_name}", params={"batch": str(batch.pk)})
    return redirect("job_detail", job.pk)


@require_permission(IMPORT)
def import_report(request, batch_id):
    """What a background job found in a big file: the import it made, or its problems. The uploader's alone."""
    batch = get_object_or_404(ImportBatch, pk=batch_id, uploaded_by=request.user, record_type=KIND_SLUG)
    imported = batch.summary.get("imported")
    if imported:
        return redirect("training_import_detail", imported)
    form = ComplianceUploadForm()
    report = batch.summary.get("report")
    check = Check.from_report(report) if report else None
    # The problems may name a staff identifier (the same person twice): who read them is kept.
    audit(request, Action.RECORD_VIEWED, kind=AUDIT_KIND, reference=str(batch.pk)[:60], detail="Import's report")
    context = {"form": form, "check": check, "file_error": batch.summary.get("file_error", "")}
    return TemplateResponse(request, "training/import.html", context)


@require_permission(STAFF)
def supervision_due(request):
    imports = list(_imported().order_by("-as_at", "-imported_at", "-pk")[:IMPORTS_LISTED])
    filters, chosen, area = _chosen(request, imports)
    due = compliance.staff_due(chosen, area) if chosen is not None else []
    audit(
        request,
        Action.RECORDS_LISTED,
        kind=AUDIT_KIND,
        reference=str(chosen.pk) if chosen else "",
        detail=f"Staff due safeguarding supervision: {len(due):,}; area: {area.name if area else 'every area'}",
    )
    context = {
        "filter": filters,
        "chosen": chosen,
        "area": area,
        "due": due,
        "overdue": sum(person.overdue for person in due),
        "supervision_months": compliance.SUPERVISION_MONTHS,
        "due_within_days": compliance.DUE_WITHIN_DAYS,
    }
    return TemplateResponse(request, "training/supervision_due.html", context)
