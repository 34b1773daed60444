"""Every write to an uploaded file (``ImportBatch``): keep it, keep what its check found, import it, delete it.

A file is kept from its upload until it is imported (then only its row stays, as the record of the import,
and its content goes: it may hold notes) or, never imported, until IMPORT_UPLOADS_KEPT_DAYS after its upload.
"""

from dataclasses import asdict, dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from activity.importing import StaleImportError, apply_import, plan_import
from activity.importing.mapping import Mapping
from activity.models import ImportBatch
from core.permissions import require_actor


def plan_summary(plan) -> dict:
    """What an import's preview shows of its plan (kept in ``ImportBatch.summary``), with the mapping the file
    was read through, if any (a copy: its import reads the file as it was checked, whatever the saved one
    becomes)."""
    summary = _mapping_summary(plan.mapping)
    return {
        **summary,
        "file_error": plan.file_error,
        "errors": [asdict(error) for error in plan.errors],
        "rows": plan.row_count,
        "new": plan.new_count,
        "changed": plan.changed_count,
        "unchanged": plan.unchanged_count,
        "valid": plan.is_valid,
    }


def _mapping_summary(mapping: Mapping | None) -> dict:
    return {"mapping": mapping.as_summary()} if mapping is not None else {}


def batch_mapping(batch: ImportBatch) -> Mapping | None:
    """The mapping the batch's file is read through (as it was when the file was uploaded), or None."""
    kept = batch.summary.get("mapping")
    return Mapping.from_summary(kept) if isinstance(kept, dict) else None


def keep_upload(
    *, by, kind: str, file_name: str, content: bytes, plan=None, mapping: Mapping | None = None
) -> ImportBatch:
    """Keep an uploaded file for its preview; with its ``plan`` if it was checked as it came (a small file),
    and the ``mapping`` it is to be read through, if any (a big file's check, a job, reads it from the batch)."""
    require_actor(by)
    return ImportBatch.objects.create(
        record_type=kind,
        file_name=file_name[:255],
        content=content,
        uploaded_by=by,
        summary=plan_summary(plan) if plan is not None else _mapping_summary(mapping),
    )


def keep_plan(batch: ImportBatch, plan, **more) -> None:
    """Keep what the batch's preview shows of this plan (and anything more, such as the result)."""
    batch.summary = {**plan_summary(plan), **more}
    batch.save(update_fields=["summary"])


def is_checked(batch: ImportBatch) -> bool:
    """Whether the uploaded file has been checked (a big file is checked by a job after the upload)."""
    return "valid" in batch.summary


@dataclass(frozen=True)
class ImportOutcome:
    imported: bool
    message: str


def confirm_import(batch: ImportBatch, *, by, progress=None) -> ImportOutcome:
    """Check the batch's file again and, if every row is still good, import it: all of it or none.

    ``progress(done, total)`` is called as rows are written. When nothing is saved, the message
    says why in a sentence, and the batch's summary holds the problems found, for its preview
    page to list.
    """
    require_actor(by)
    plan = plan_import(
        kind=batch.record_type,
        content=bytes(batch.content),
        file_name=batch.file_name,
        user=by,
        mapping=batch_mapping(batch),
    )
    if not plan.is_valid:
        keep_plan(batch, plan)
        return ImportOutcome(False, "The file no longer imports cleanly: nothing was saved.")
    try:
        result = apply_import(plan, by=by, file_name=batch.file_name, progress=progress)
    except StaleImportError as stale:
        keep_plan(batch, stale.plan)
        return ImportOutcome(False, str(stale))
    batch.status = ImportBatch.Status.IMPORTED
    batch.imported_at = timezone.now()
    batch.summary = {**plan_summary(plan), "result": result}
    batch.content = b""  # imported: the file is no longer needed, and it may hold notes
    batch.save(update_fields=["status", "imported_at", "summary", "content"])
    return ImportOutcome(
        True,
        f"{batch.file_name} imported: {plan.new_count:,} new, {plan.changed_count:,} changed, "
        f"{plan.unchanged_count:,} unchanged.",
    )


def delete_old_uploads(*, now=None) -> int:
    """Delete every uploaded file not imported (refused, or left at its preview) more than IMPORT_UPLOADS_KEPT_DAYS
    after its upload, with what its preview showed; how many went. An imported file's content went when it was
    imported (``confirm_import``); its row stays, as the record of the import."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.IMPORT_UPLOADS_KEPT_DAYS)
    deleted, _ = ImportBatch.objects.filter(status=ImportBatch.Status.PREVIEWED, uploaded_at__lt=cutoff).delete()
    return deleted
