"""The work a job does: make a report's file, check an uploaded file, import it.

Each ``*_job`` function takes the job and its ``Progress`` and returns an ``Outcome``, or raises
``JobFailed`` with words for the user when the work cannot be done for a reason they can act on.
Anything else it raises is a fault: the job fails with a general message and the worker logs the
traceback. ``confirm_import`` is also called by the import page itself for a small file.
"""

from dataclasses import asdict, dataclass

from django.utils import timezone

from activity.importing import StaleImportError, apply_import, plan_import
from activity.models import ImportBatch
from jobs.models import Job
from jobs.progress import Progress
from reports.annual.content import presented
from reports.annual.exporters import FORMATS, export
from reports.models import Report


class JobFailed(Exception):
    """The work cannot be done, for a reason the message gives the user as it is."""


@dataclass(frozen=True)
class Outcome:
    message: str = ""
    content: bytes | None = None


# -- annual report downloads -------------------------------------------------------------------------


def report_export_job(job: Job, progress: Progress) -> Outcome:
    report = Report.objects.filter(pk=job.params["report"]).first()
    if report is None:
        raise JobFailed("The report no longer exists, so its file could not be made.")
    export_format = FORMATS[job.params["format"]]
    progress.stage("Reading the report's figures")
    document = presented(report, public=job.params["public"])
    progress.stage(f"Laying out the {export_format.label}")
    content = export(document, job.params["format"])
    return Outcome(message=f"The {export_format.label} is ready.", content=content)


# -- imports -----------------------------------------------------------------------------------------


def plan_summary(plan) -> dict:
    """What an import's preview shows of its plan (kept in ``ImportBatch.summary``)."""
    return {
        "file_error": plan.file_error,
        "errors": [asdict(error) for error in plan.errors],
        "rows": plan.row_count,
        "new": plan.new_count,
        "changed": plan.changed_count,
        "unchanged": plan.unchanged_count,
        "valid": plan.is_valid,
    }


def _keep_plan(batch: ImportBatch, plan, **more) -> None:
    """Keep what the batch's preview shows of this plan (and anything more, such as the result)."""
    batch.summary = {**plan_summary(plan), **more}
    batch.save(update_fields=["summary"])


def is_checked(batch: ImportBatch) -> bool:
    """Whether the uploaded file has been checked (a big file is checked by a job after the upload)."""
    return "valid" in batch.summary


def _batch(job: Job) -> ImportBatch:
    batch = ImportBatch.objects.filter(pk=job.params["batch"], uploaded_by=job.requested_by).first()
    if batch is None:
        raise JobFailed("The uploaded file is no longer held. Upload it again.")
    return batch


def import_check_job(job: Job, progress: Progress) -> Outcome:
    batch = _batch(job)
    progress.stage("Checking every row")
    plan = plan_import(
        kind=batch.record_type, content=bytes(batch.content), file_name=batch.file_name, user=job.requested_by
    )
    _keep_plan(batch, plan)
    if plan.file_error:
        return Outcome(message="The file cannot be imported.")
    if plan.errors:
        return Outcome(message=f"{len(plan.errors):,} problems in {plan.row_count:,} rows: nothing has been saved.")
    return Outcome(message=f"{plan.row_count:,} rows checked.")


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
    plan = plan_import(kind=batch.record_type, content=bytes(batch.content), file_name=batch.file_name, user=by)
    if not plan.is_valid:
        _keep_plan(batch, plan)
        return ImportOutcome(False, "The file no longer imports cleanly: nothing was saved.")
    try:
        result = apply_import(plan, by=by, file_name=batch.file_name, progress=progress)
    except StaleImportError as stale:
        _keep_plan(batch, stale.plan)
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


def import_job(job: Job, progress: Progress) -> Outcome:
    batch = _batch(job)
    if batch.status == ImportBatch.Status.IMPORTED:
        return Outcome(message=f"{batch.file_name} was already imported.")
    progress.stage("Checking the file again")
    started = False

    def rows_written(done: int, total: int) -> None:
        nonlocal started
        if not started:
            progress.stage("Writing rows", total=total)
            started = True
        progress.rows(done, total)

    outcome = confirm_import(batch, by=job.requested_by, progress=rows_written)
    if not outcome.imported:
        raise JobFailed(f"{outcome.message} The file's page lists the problems.")
    return Outcome(message=outcome.message)
