"""Bulk import in the browser: upload, preview every bad row, confirm. Nothing is saved unless every row is good.

A big file is checked, and a big import written, by a background job (jobs app) whose page shows its
progress: files over settings.IMPORT_BACKGROUND_BYTES, imports of more than IMPORT_BACKGROUND_ROWS rows.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST

from activity.forms import UploadForm
from activity.importing import IMPORT_KINDS, plan_import
from activity.importing.batches import confirm_import, is_checked, keep_upload
from activity.importing.files import unpacked_size
from activity.importing.mapping import Mapping
from activity.job_kinds import IMPORT, IMPORT_CHECK
from activity.models import ImportBatch, ImportMapping
from activity.record_types import RECORD_TYPES
from jobs.actions import clean_up, start_job
from jobs.models import Job

# A workbook that unpacks to more than this many times IMPORT_BACKGROUND_BYTES is checked by a job too,
# however small it is packed: a real one packs about 4 to 11 to 1 (docs/benchmarks.md), while one made to
# overload the importer may pack up to 100 to 1 and still pass the importer's limits.
_UNPACKED_PER_PACKED = 12


def _kinds_for(user) -> list[tuple[str, str]]:
    allowed = []
    for kind, name in IMPORT_KINDS.items():
        permission = RECORD_TYPES[kind].permission("add") if kind in RECORD_TYPES else "activity.add_return"
        if user.has_perm(permission):
            allowed.append((kind, name))
    return allowed


@require_http_methods(["GET", "POST"])
def import_new(request):
    kinds = _kinds_for(request.user)
    if not kinds:
        raise PermissionDenied
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        kinds=kinds,
        mappings=ImportMapping.objects.filter(kind__in=[kind for kind, _ in kinds]),
        initial={"kind": request.GET.get("kind")},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        saved = form.cleaned_data.get("saved_mapping")
        mapping = Mapping.of(saved) if saved is not None else None
        clean_up()  # uploads never imported, past their time
        if _is_big(content):
            batch = keep_upload(
                by=request.user,
                kind=form.cleaned_data["kind"],
                file_name=upload.name,
                content=content,
                mapping=mapping,
            )
            return redirect("job_detail", _start(IMPORT_CHECK, batch, request.user).pk)
        plan = plan_import(
            kind=form.cleaned_data["kind"],
            content=content,
            file_name=upload.name,
            user=request.user,
            request=request,
            mapping=mapping,
        )
        batch = keep_upload(
            by=request.user, kind=form.cleaned_data["kind"], file_name=upload.name, content=content, plan=plan
        )
        return redirect("import_preview", batch.pk)
    return TemplateResponse(request, "imports/new.html", {"form": form})


def _is_big(content: bytes) -> bool:
    limit = settings.IMPORT_BACKGROUND_BYTES
    return len(content) > limit or unpacked_size(content) > _UNPACKED_PER_PACKED * limit


def _own_batch(request, batch_id):
    """The user's own upload of a kind this importer reads (another app's uploads wait in the same table)."""
    return get_object_or_404(ImportBatch, pk=batch_id, uploaded_by=request.user, record_type__in=list(IMPORT_KINDS))


def _start(kind: str, batch: ImportBatch, user) -> Job:
    """The batch's job of this kind that is waiting or running, or a new one."""
    waiting = Job.objects.of(user).unfinished().filter(kind=kind, params__batch=str(batch.pk)).first()
    if waiting is not None:
        return waiting
    verb = "Check" if kind == IMPORT_CHECK else "Import"
    params = {"batch": str(batch.pk), "record_type": batch.record_type}
    return start_job(kind=kind, by=user, title=f"{verb} {batch.file_name}", params=params)


def import_preview(request, batch_id):
    batch = _own_batch(request, batch_id)
    summary = batch.summary
    if not is_checked(batch):
        checking = Job.objects.of(request.user).unfinished().filter(params__batch=str(batch.pk)).first()
        if checking is not None:
            return redirect("job_detail", checking.pk)
        summary = {"file_error": "The file was not checked: upload it again."}
    context = {"batch": batch, "summary": summary, "kind_name": IMPORT_KINDS.get(batch.record_type, "")}
    return TemplateResponse(request, "imports/preview.html", context)


@require_POST
def import_confirm(request, batch_id):
    batch = _own_batch(request, batch_id)
    if batch.status == ImportBatch.Status.IMPORTED:
        messages.info(request, f"{batch.file_name} was already imported.")
        return redirect("import_preview", batch.pk)
    if not is_checked(batch):
        return redirect("import_preview", batch.pk)
    if batch.summary.get("rows", 0) > settings.IMPORT_BACKGROUND_ROWS:
        return redirect("job_detail", _start(IMPORT, batch, request.user).pk)
    outcome = confirm_import(batch, by=request.user)
    if not outcome.imported:
        messages.error(request, f"{outcome.message} See the problems below.")
        return redirect("import_preview", batch.pk)
    messages.success(request, outcome.message)
    if batch.record_type in RECORD_TYPES:
        return redirect("record_list", batch.record_type)
    return redirect("returns_grid")
