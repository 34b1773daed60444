"""Every write to a job: start it, claim it for the worker, record how it ended, delete old ones (and the
uploaded files never imported, which the same clean-up deletes)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from activity.actions import require_actor
from activity.models import ImportBatch
from jobs.models import Job

COULD_NOT_START = "The job could not be started. Try again; if it fails again, tell the service desk."
# Every field but the file, for reading a job back without the file.
_WITHOUT_RESULT = [field.attname for field in Job._meta.concrete_fields if field.name not in ("id", "result")]


def start_job(*, kind: str, by, title: str, params: dict, result_name: str = "", result_type: str = "") -> Job:
    """Record a job and queue its task; jobs and uploads past their time are deleted first (``clean_up``).

    Call it outside a transaction, as views are: the worker cannot see a job until it is committed,
    and with the immediate backend (``make run``, tests) the task runs here, before this returns.
    """
    from jobs.tasks import TASKS  # the tasks import the work, which imports the apps it works on

    require_actor(by)
    clean_up()
    job = Job.objects.create(
        kind=kind, title=title[:200], params=params, requested_by=by, result_name=result_name, result_type=result_type
    )
    try:
        task_result = TASKS[kind].enqueue(str(job.pk))
    except Exception:
        _end(job.pk, status=Job.Status.FAILED, message=COULD_NOT_START)
        raise
    Job.objects.filter(pk=job.pk).update(task_result_id=task_result.id)
    job.refresh_from_db(fields=[*_WITHOUT_RESULT])
    return job


def claim_job(*, job_id) -> Job | None:
    """Mark a queued job as running and return it; None if it is not waiting (deleted, or already claimed)."""
    now = timezone.now()
    if not Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, updated_at=now
    ):
        return None
    return Job.objects.defer("result").get(pk=job_id)


def finish_job(*, job: Job, message: str = "", content: bytes | None = None) -> None:
    """The job has done its work: ``message`` says what it did, ``content`` is the file it made (if any)."""
    fields = {"message": message[:500]}
    if content is not None:
        fields.update(result=content, result_size=len(content))
    _end(job.pk, status=Job.Status.DONE, **fields)


def fail_job(*, job: Job, message: str) -> None:
    """The job could not do its work; ``message`` says so in words for the user (never an exception's text)."""
    _end(job.pk, status=Job.Status.FAILED, message=message[:500])


def _end(job_id, **fields) -> None:
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(finished_at=now, updated_at=now, stage="", **fields)


def clean_up(*, now=None) -> tuple[int, int]:
    """Delete old jobs and old uploads never imported (``delete_old_jobs``, ``delete_old_uploads``); how many."""
    return delete_old_jobs(now=now), delete_old_uploads(now=now)


def delete_old_uploads(*, now=None) -> int:
    """Delete every uploaded file not imported (refused, or left at its preview) more than IMPORT_UPLOADS_KEPT_DAYS
    after its upload, with what its preview showed; how many went. An imported file's content went when it was
    imported (``jobs.work.confirm_import``); its row stays, as the record of the import."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.IMPORT_UPLOADS_KEPT_DAYS)
    deleted, _ = ImportBatch.objects.filter(status=ImportBatch.Status.PREVIEWED, uploaded_at__lt=cutoff).delete()
    return deleted


def delete_old_jobs(*, now=None) -> int:
    """Delete every job started more than JOBS_KEPT_DAYS ago, its file and its task's row; how many jobs went.

    A job still queued or running by then is deleted too (its worker never came, or died), and
    its task with it, so that no worker picks it up later.
    """
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - timedelta(days=settings.JOBS_KEPT_DAYS)
    old = Job.objects.filter(created_at__lt=cutoff)
    task_ids = [_uuid(task_id) for task_id in old.values_list("task_result_id", flat=True)]
    deleted, _ = old.delete()
    DBTaskResult.objects.filter(id__in=[task_id for task_id in task_ids if task_id]).delete()
    return deleted


def _uuid(task_id: str) -> uuid.UUID | None:
    """A database task's id (a UUID); None for an immediate backend's task, which left no row."""
    try:
        return uuid.UUID(task_id)
    except ValueError:
        return None
