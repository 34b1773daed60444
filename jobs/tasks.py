"""The tasks the worker runs (django-tasks; on Django 6, ``django.tasks``): one for each kind of job.

Each takes the job's id, claims the job, does its work (``jobs.work``) in a child process with a time
and a memory limit (``jobs.limits``) and records how it ended. Work stopped at a limit fails the job with
a message saying so. A fault fails the job with a general message, then is raised again, so the task is
recorded as failed and its traceback reaches the log, and never the page.

Report downloads go to a queue of their own (settings.REPORTS_QUEUE), which a worker of its own runs,
so a PDF never waits behind an import.
"""

import logging

from django.conf import settings
from django_tasks import task

from jobs import actions
from jobs.limits import OutOfMemory, OutOfTime, run_limited
from jobs.models import Job
from jobs.progress import Progress
from jobs.work import JobFailed, Outcome, import_check_job, import_job, report_export_job

logger = logging.getLogger(__name__)

FAULT = {
    Job.Kind.REPORT_EXPORT: "Something went wrong and the file was not made.",
    Job.Kind.IMPORT_CHECK: "Something went wrong and the file was not checked. Nothing was saved.",
    Job.Kind.IMPORT: "Something went wrong and nothing was saved.",
}


def _minutes(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def out_of_time(kind: str) -> str:
    took = f"took more than {_minutes(settings.JOB_TIME_LIMIT_SECONDS)}"
    return {
        Job.Kind.REPORT_EXPORT: f"The file {took} to make, so it was stopped. Try again later; if it happens "
        "again, tell the service desk.",
        Job.Kind.IMPORT_CHECK: f"The file {took} to check, so it was stopped. Nothing was saved. Split it into "
        "smaller files and upload them one at a time.",
        Job.Kind.IMPORT: f"The import {took} to write, so it was stopped. Nothing was saved. Split the file into "
        "smaller files and import them one at a time.",
    }[kind]


def out_of_memory(kind: str) -> str:
    return {
        Job.Kind.REPORT_EXPORT: "The file needed more memory to make than a job may use, so it was stopped. "
        "Try again later; if it happens again, tell the service desk.",
        Job.Kind.IMPORT_CHECK: "The file needed more memory to check than a job may use, so it was stopped. "
        "Nothing was saved. Split it into smaller files and upload them one at a time.",
        Job.Kind.IMPORT: "The import needed more memory than a job may use, so it was stopped. Nothing was "
        "saved. Split the file into smaller files and import them one at a time.",
    }[kind]


def _work_then_close(work, job: Job, progress: Progress) -> Outcome:
    """The work, then its progress's own connection closed (in the child, where the work may run)."""
    try:
        return work(job, progress)
    finally:
        progress.close()


def _perform(job_id: str, work) -> None:
    job = actions.claim_job(job_id=job_id)
    if job is None:
        logger.warning("Job %s is not waiting to run (deleted, or run already): nothing to do", job_id)
        return
    progress = Progress(job.pk)
    try:
        outcome = run_limited(_work_then_close, work, job, progress, result=Outcome, expected=(JobFailed,))
    except JobFailed as failure:
        actions.fail_job(job=job, message=str(failure))
        return
    except OutOfTime:
        logger.warning("Job %s (%s) ran past %s s and was stopped", job.pk, job.kind, settings.JOB_TIME_LIMIT_SECONDS)
        actions.fail_job(job=job, message=out_of_time(job.kind))
        return
    except OutOfMemory:
        logger.warning("Job %s (%s) ran out of memory and was stopped", job.pk, job.kind)
        actions.fail_job(job=job, message=out_of_memory(job.kind))
        return
    except BaseException:
        logger.error("Job %s (%s) failed; the task's traceback follows in the log", job.pk, job.kind)
        actions.fail_job(
            job=job,
            message=f"{FAULT[job.kind]} Try again; if it fails again, tell the service desk, quoting {job.pk}.",
        )
        raise
    finally:
        progress.close()
    actions.finish_job(job=job, message=outcome.message, content=outcome.content)


@task(queue_name=settings.REPORTS_QUEUE)
def export_report(job_id: str) -> None:
    _perform(job_id, report_export_job)


@task()
def check_import(job_id: str) -> None:
    _perform(job_id, import_check_job)


@task()
def run_import(job_id: str) -> None:
    _perform(job_id, import_job)


TASKS = {Job.Kind.REPORT_EXPORT: export_report, Job.Kind.IMPORT_CHECK: check_import, Job.Kind.IMPORT: run_import}
