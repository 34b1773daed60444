"""A user's writes to jobs: start one, and delete old ones (with what the apps keep for them past its time,
such as uploaded files never imported). The worker's writes are in ``jobs.lifecycle``."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from core.permissions import require_actor
from jobs import kinds, tasks
from jobs.lifecycle import end_job
from jobs.models import Job

COULD_NOT_START = "The job could not be started. Try again; if it fails again, tell the service desk."
# Every field but the file, for reading a job back without the file.
_WITHOUT_RESULT = [field.attname for field in Job._meta.concrete_fields if field.name not in ("id", "result")]


def start_job(*, kind: str, by, title: str, params: dict, result_name: str = "", result_type: str = "") -> Job:
    """Record a job and queue its task; jobs and uploads past their time are deleted first (``clean_up``).

    Call it outside a transaction, as views are: the worker cannot see a job until it is committed,
    and with the immediate backend (``make run``, tests) the task runs here, before this returns.
    """
    require_actor(by)
    queue = kinds.get(kind).queue
    clean_up()
    job = Job.objects.create(
        kind=kind, title=title[:200], params=params, requested_by=by, result_name=result_name, result_type=result_type
    )
    try:
        task_result = tasks.run_job.using(queue_name=queue).enqueue(str(job.pk))
    except Exception:
        end_job(job.pk, status=Job.Status.FAILED, message=COULD_NOT_START)
        raise
    Job.objects.filter(pk=job.pk).update(task_result_id=task_result.id)
    job.refresh_from_db(fields=[*_WITHOUT_RESULT])
    return job


def clean_up(*, now=None) -> tuple[int, int]:
    """Delete old jobs (``delete_old_jobs``) and what the apps keep for them past its time (their registered
    cleaners: uploads never imported); how many of each."""
    return delete_old_jobs(now=now), sum(cleaner(now=now) for cleaner in kinds.cleaners())


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
