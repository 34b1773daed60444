"""The worker's writes to a job: claim it, then record how it ended."""

from django.utils import timezone

from jobs.models import Job


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
    end_job(job.pk, status=Job.Status.DONE, **fields)


def fail_job(*, job: Job, message: str) -> None:
    """The job could not do its work; ``message`` says so in words for the user (never an exception's text)."""
    end_job(job.pk, status=Job.Status.FAILED, message=message[:500])


def end_job(job_id, **fields) -> None:
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(finished_at=now, updated_at=now, stage="", **fields)
