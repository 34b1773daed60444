"""The task the worker runs (django-tasks; on Django 6, ``django.tasks``) for every kind of job.

It takes the job's id, claims the job, does its kind's work (``jobs.kinds``) in a child process with a time
and a memory limit (``jobs.limits``) and records how it ended. Work stopped at a limit fails the job with
a message saying so. A fault fails the job with a general message, then is raised again, so the task is
recorded as failed and its traceback reaches the log, and never the page.

A kind names its queue: report downloads have one of their own (settings.REPORTS_QUEUE), which a worker of
its own runs, so a PDF never waits behind an import.
"""

import logging

from django.conf import settings
from django_tasks import task

from jobs import kinds, lifecycle
from jobs.kinds import JobFailed, JobKind, Outcome
from jobs.limits import OutOfMemory, OutOfTime, run_limited
from jobs.models import Job
from jobs.progress import Progress

logger = logging.getLogger(__name__)


def _minutes(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def out_of_time(kind: JobKind) -> str:
    return kind.out_of_time.format(took=f"took more than {_minutes(settings.JOB_TIME_LIMIT_SECONDS)}")


def _work_then_close(work, job: Job, progress: Progress) -> Outcome:
    """The work, then its progress's own connection closed (in the child, where the work may run)."""
    try:
        return work(job, progress)
    finally:
        progress.close()


@task()
def run_job(job_id: str) -> None:
    """Run the job's work (its kind's, ``jobs.kinds``); the queue is chosen by its kind when it is started."""
    job = lifecycle.claim_job(job_id=job_id)
    if job is None:
        logger.warning("Job %s is not waiting to run (deleted, or run already): nothing to do", job_id)
        return
    kind = kinds.get(job.kind)
    progress = Progress(job.pk)
    try:
        outcome = run_limited(_work_then_close, kind.work, job, progress, result=Outcome, expected=(JobFailed,))
    except JobFailed as failure:
        lifecycle.fail_job(job=job, message=str(failure))
        return
    except OutOfTime:
        logger.warning("Job %s (%s) ran past %s s and was stopped", job.pk, job.kind, settings.JOB_TIME_LIMIT_SECONDS)
        lifecycle.fail_job(job=job, message=out_of_time(kind))
        return
    except OutOfMemory:
        logger.warning("Job %s (%s) ran out of memory and was stopped", job.pk, job.kind)
        lifecycle.fail_job(job=job, message=kind.out_of_memory)
        return
    except BaseException:
        logger.error("Job %s (%s) failed; the task's traceback follows in the log", job.pk, job.kind)
        lifecycle.fail_job(
            job=job,
            message=f"{kind.fault} Try again; if it fails again, tell the service desk, quoting {job.pk}.",
        )
        raise
    finally:
        progress.close()
    lifecycle.finish_job(job=job, message=outcome.message, content=outcome.content)
