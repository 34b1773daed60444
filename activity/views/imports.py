"""Bulk import in the browser: upload, preview every bad row, confirm. Nothing is saved unless every row is good."""

from dataclasses import asdict

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from activity.importing import IMPORT_KINDS, MAX_IMPORT_BYTES, StaleImportError, apply_import, plan_import
from activity.models import ImportBatch
from activity.record_types import RECORD_TYPES


def _kinds_for(user) -> list[tuple[str, str]]:
    allowed = []
    for kind, name in IMPORT_KINDS.items():
        permission = RECORD_TYPES[kind].permission("add") if kind in RECORD_TYPES else "activity.add_return"
        if user.has_perm(permission):
            allowed.append((kind, name))
    return allowed


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="What the file holds", error_messages={"required": "Choose what the file holds"})
    file = forms.FileField(
        label="File",
        help_text="A CSV or Excel (XLSX) file with a header row: the columns a list's export has.",
        error_messages={"required": "Choose a file to upload", "empty": "The file is empty"},
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choose…"), *kinds]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 2**20:.1f} MB; the most an import takes is {MAX_IMPORT_BYTES // 2**20} MB"
            )
        return upload


@require_http_methods(["GET", "POST"])
def import_new(request):
    kinds = _kinds_for(request.user)
    if not kinds:
        raise PermissionDenied
    form = UploadForm(
        request.POST or None, request.FILES or None, kinds=kinds, initial={"kind": request.GET.get("kind")}
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        plan = plan_import(kind=form.cleaned_data["kind"], content=content, file_name=upload.name, user=request.user)
        batch = ImportBatch.objects.create(
            record_type=form.cleaned_data["kind"],
            file_name=upload.name[:255],
            content=content,
            uploaded_by=request.user,
            summary=_summary(plan),
        )
        return redirect("import_preview", batch.pk)
    return TemplateResponse(request, "imports/new.html", {"form": form})


def _summary(plan) -> dict:
    return {
        "file_error": plan.file_error,
        "errors": [asdict(error) for error in plan.errors],
        "rows": plan.row_count,
        "new": plan.new_count,
        "changed": plan.changed_count,
        "unchanged": plan.unchanged_count,
        "valid": plan.is_valid,
    }


def _own_batch(request, batch_id):
    return get_object_or_404(ImportBatch, pk=batch_id, uploaded_by=request.user)


def import_preview(request, batch_id):
    batch = _own_batch(request, batch_id)
    context = {"batch": batch, "summary": batch.summary, "kind_name": IMPORT_KINDS.get(batch.record_type, "")}
    return TemplateResponse(request, "imports/preview.html", context)


@require_POST
def import_confirm(request, batch_id):
    batch = _own_batch(request, batch_id)
    if batch.status == ImportBatch.Status.IMPORTED:
        messages.info(request, f"{batch.file_name} was already imported.")
        return redirect("import_preview", batch.pk)
    plan = plan_import(
        kind=batch.record_type, content=bytes(batch.content), file_name=batch.file_name, user=request.user
    )
    if not plan.is_valid:
        batch.summary = _summary(plan)
        batch.save(update_fields=["summary"])
        messages.error(request, "The file no longer imports cleanly: nothing was saved. See the problems below.")
        return redirect("import_preview", batch.pk)
    try:
        result = apply_import(plan, by=request.user, file_name=batch.file_name)
    except StaleImportError as stale:
        batch.summary = _summary(stale.plan)
        batch.save(update_fields=["summary"])
        messages.error(request, f"Nothing was saved: {stale}. See the problems below.")
        return redirect("import_preview", batch.pk)
    batch.status = ImportBatch.Status.IMPORTED
    batch.imported_at = timezone.now()
    batch.summary = {**_summary(plan), "result": result}
    batch.save(update_fields=["status", "imported_at", "summary"])
    messages.success(
        request,
        f"{batch.file_name} imported: {plan.new_count} new, {plan.changed_count} changed, "
        f"{plan.unchanged_count} unchanged.",
    )
    if batch.record_type in RECORD_TYPES:
        return redirect("record_list", batch.record_type)
    return redirect("returns_grid")
