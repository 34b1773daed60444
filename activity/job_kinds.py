"""The jobs of imports: checking a big uploaded file, and writing a big import (registered with ``jobs.kinds``)."""

from django.urls import reverse

from activity.importing import IMPORT_KINDS, plan_import
from activity.importing.batches import batch_mapping, confirm_import, delete_old_uploads, keep_plan
from activity.models import ImportBatch
from activity.record_types import RECORD_TYPES
from jobs import kinds
from jobs.kinds import JobFailed, JobKind, Outcome
from jobs.models import Job
from jobs.progress import Progress

IMPORT_CHECK = "import_check"
IMPORT = "import"


def _batch(job: Job) -> ImportBatch:
    batch = ImportBatch.objects.filter(pk=job.params["batch"], uploaded_by=job.requested_by).first()
    if batch is None:
        raise JobFailed("The uploaded file is no longer held. Upload it again.")
    return batch


def check_file(job: Job, progress: Progress) -> Outcome:
    batch = _batch(job)
    progress.stage("Checking every row")
    plan = plan_import(
        kind=batch.record_type,
        content=bytes(batch.content),
        file_name=batch.file_name,
        user=job.requested_by,
        mapping=batch_mapping(batch),
    )
    keep_plan(batch, plan)
    if plan.file_error:
        return Outcome(message="The file cannot be imported.")
    if plan.errors:
        return Outcome(message=f"{len(plan.errors):,} problems in {plan.row_count:,} rows: nothing has been saved.")
    return Outcome(message=f"{plan.row_count:,} rows checked.")


def write_import(job: Job, progress: Progress) -> Outcome:
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


def _check_links(job: Job) -> list[tuple[str, str]]:
    words = "Upload the file again" if job.state == Job.Status.FAILED else "Upload another file"
    return [(reverse("import_new"), words)]


def _import_links(job: Job) -> list[tuple[str, str]]:
    upload = reverse("import_new")
    preview = reverse("import_preview", args=[job.params["batch"]])
    if job.state == Job.Status.DONE:
        kind = job.params.get("record_type", "")
        if kind in RECORD_TYPES:
            return [
                (reverse("record_list", args=[kind]), f"See the {IMPORT_KINDS[kind].lower()}"),
                (upload, "Import another file"),
            ]
        return [(reverse("returns_grid"), "See the returns"), (upload, "Import another file")]
    if job.state == Job.Status.FAILED:
        return [(preview, "See the file's page"), (upload, "Upload a corrected file")]
    return [(preview, "Back to the file's page")]


def _preview_page(job: Job) -> str:
    """A finished check's outcome is the file's own page."""
    return reverse("import_preview", args=[job.params["batch"]])


_SPLIT = "Split it into smaller files and upload them one at a time."
kinds.register(
    JobKind(
        name=IMPORT_CHECK,
        label="Checking a file to import",
        work=check_file,
        links=_check_links,
        page_when_done=_preview_page,
        failure_title="The file was not checked",
        fault="Something went wrong and the file was not checked. Nothing was saved.",
        out_of_time=f"The file {{took}} to check, so it was stopped. Nothing was saved. {_SPLIT}",
        out_of_memory="The file needed more memory to check than a job may use, so it was stopped. "
        f"Nothing was saved. {_SPLIT}",
    )
)
kinds.register(
    JobKind(
        name=IMPORT,
        label="Import",
        work=write_import,
        links=_import_links,
        failure_title="Nothing was imported",
        fault="Something went wrong and nothing was saved.",
        out_of_time="The import {took} to write, so it was stopped. Nothing was saved. Split the file into "
        "smaller files and import them one at a time.",
        out_of_memory="The import needed more memory than a job may use, so it was stopped. Nothing was "
        "saved. Split the file into smaller files and import them one at a time.",
    )
)
kinds.register_clean_up(delete_old_uploads)
