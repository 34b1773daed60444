"""The background job of a big learning-system export: checked and, if every row is good, imported, as a lead would
wait for a small one (registered with ``jobs.kinds``). The file waits in an ``activity.ImportBatch`` of the
uploader's, emptied once read; its report (the problems, or the import made) is kept in the batch's summary."""

from datetime import date

from django.urls import reverse

from activity.importing.files import ImportFileError
from activity.models import ImportBatch, ImportMapping
from audit.log import record as audit
from audit.models import Action
from jobs import kinds
from jobs.kinds import JobFailed, JobKind, Outcome
from jobs.models import Job
from jobs.progress import Progress
from training.actions import import_compliance
from training.importing import KIND_SLUG

TRAINING_IMPORT = "training_import"


def waiting_batch(job: Job) -> ImportBatch:
    batch = ImportBatch.objects.filter(
        pk=job.params["batch"], uploaded_by=job.requested_by, record_type=KIND_SLUG
    ).first()
    if batch is None:
        raise JobFailed("The uploaded file is no longer held. Upload it again.")
    return batch


def run_import(job: Job, progress: Progress) -> Outcome:
    batch = waiting_batch(job)
    asked = batch.summary
    mapping = ImportMapping.objects.filter(pk=asked.get("mapping"), kind=KIND_SLUG).first()
    if mapping is None:
        raise JobFailed("The mapping chosen for the file was deleted. Upload the file again with another.")
    progress.stage("Checking every row" if asked.get("check_only") else "Checking and importing every row")
    try:
        check, saved = import_compliance(
            content=bytes(batch.content),
            file_name=batch.file_name,
            as_at=date.fromisoformat(asked["as_at"]),
            mapping=mapping,
            by=job.requested_by,
            save=not asked.get("check_only"),
        )
    except ImportFileError as error:
        batch.summary = {**asked, "file_error": str(error)}
        message = str(error)
    else:
        batch.summary = {**asked, "report": report_of(check), "imported": saved.pk if saved else None}
        if saved is not None:
            batch.status, message = ImportBatch.Status.IMPORTED, f"Imported {check.rows_read:,} rows."
        elif check.is_clean:
            message = f"{check.rows_read:,} rows checked: no problems. Nothing was saved."
        else:
            message = f"{check.problem_count:,} problems in {check.rows_read:,} rows: nothing was imported."
            audit(None, Action.UPLOAD_REFUSED, user=job.requested_by, kind=KIND_SLUG, detail=f"Refused: {message}")
    batch.content = b""
    batch.save(update_fields=["summary", "status", "content"])
    return Outcome(message=message)


def report_of(check) -> dict:
    """What the report page shows again: counts, the first problems, never a staff identifier in the counts."""
    return {
        "file_name": check.file_name,
        "mapping_name": check.mapping_name,
        "as_at": check.as_at.isoformat(),
        "rows": check.rows_read,
        "staff": len(check.staff),
        "counts": dict(check.counts),
        "problems": [[problem.row, problem.kind, problem.column, problem.message] for problem in check.problems],
    }


def _report_page(job: Job) -> str:
    return reverse("training_import_report", args=[job.params["batch"]])


def _links(job: Job) -> list[tuple[str, str]]:
    return [(reverse("training_import"), "Upload a file"), (reverse("training_compliance"), "See the figures")]


_TOO_BIG = "The export may be more than the import can take in one go: ask for it to be looked at."
kinds.register(
    JobKind(
        name=TRAINING_IMPORT,
        label="Importing the learning system's export",
        work=run_import,
        links=_links,
        page_when_done=_report_page,
        failure_title="The export was not imported",
        fault="Something went wrong and nothing was saved.",
        out_of_time=f"The file {{took}} to import, so it was stopped. Nothing was saved. {_TOO_BIG}",
        out_of_memory="The file needed more memory than a job may use, so it was stopped. Nothing was saved. "
        f"{_TOO_BIG}",
    )
)
