"""The tasks the worker runs (django-tasks; on Django 6, ``django.tasks``): one for each kind of job.

Each takes the job's id, claims the job, does its work (``jobs.work``) and records how it ended.
A fault fails the job with a general message, then is raised again, so the task is recorded as
failed and its traceback reaches the log, and never the page.
"""

import logging

from django_tasks import task

from jobs import actions
from jobs.models import Job
from jobs.progress import Progress
from jobs.work import JobFailed, import_check_job, import_job, report_export_job

logger = logging.getLogger(__name__)

FAULT = {
    Job.Kind.REPORT_EXPORT: "Something went wrong and the file was not made.",
    Job.Kind.IMPORT_CHECK: "Something went wrong and the file was not checked. Nothing was saved.",
    Job.Kind.IMPORT: "Something went wrong and nothing was saved.",
}


def _perform(job_id: str, work) -> None:
    job = actions.claim_job(job_id=job_id)
    if job is None:
        logger.warning("Job %s is not waiting to run (deleted, or run already): nothing to do", job_id)
        return
    progress = Progress(job.pk)
    try:
        outcome = work(job, progress)
    except JobFailed as failure:
        actions.fail_job(job=job, message=str(failure))
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


@task()
def export_report(job_id: str) -> None:
    _perform(job_id, report_export_job)


@task()
def check_import(job_id: str) -> None:
    _perform(job_id, import_check_job)


@task()
def run_import(job_id: str) -> None:
    _perform(job_id, import_job)


TASKS = {Job.Kind.REPORT_EXPORT: export_report, Job.Kind.IMPORT_CHECK: check_import, Job.Kind.IMPORT: run_import}
