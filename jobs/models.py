"""A job: one piece of work run in the background for one user, with its progress, outcome and file."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from jobs import kinds

# A running job that has said nothing for this long is taken to have stopped (its worker was killed,
# or the machine restarted); an import's transaction died with the worker, so nothing of it was saved.
# The longest silence of a job that is alive: checking a file of 200,000 rows (about 80 s from Excel),
# then, on SQLite only (where progress cannot be written during the import's transaction), writing
# them (about 90 s; docs/benchmarks.md). Ten minutes leaves room for a busy machine.
STALLED_AFTER = timedelta(minutes=10)
# A job still queued after this long says so: no worker may be running (docs/operations.md).
WAITING_LONG = timedelta(minutes=2)


class JobQuerySet(models.QuerySet):
    def of(self, user) -> "JobQuerySet":
        return self.filter(requested_by=user)

    def unfinished(self) -> "JobQuerySet":
        """Waiting to start, or running and not stalled."""
        return self.filter(
            models.Q(status=Job.Status.QUEUED)
            | models.Q(status=Job.Status.RUNNING, updated_at__gte=timezone.now() - STALLED_AFTER)
        ).defer("result")


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # One of the kinds the apps declare (jobs.kinds): this app knows none of them.
    kind = models.CharField(max_length=20)
    title = models.CharField(max_length=200, help_text="What the job makes or does, as its page names it.")
    # What the work needs: ids and choices, never the content of a record or a file.
    params = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now, help_text="When the job last said anything.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=100, blank=True, help_text='What it is doing now: "Writing rows".')
    done_count = models.PositiveIntegerField(default=0)
    total_count = models.PositiveIntegerField(null=True, blank=True)
    # How it ended, in words safe to show the user: never an exception's text or a traceback.
    message = models.CharField(max_length=500, blank=True)
    result = models.BinaryField(null=True, blank=True, editable=False)
    result_name = models.CharField(max_length=200, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    result_size = models.PositiveIntegerField(default=0)
    task_result_id = models.CharField(max_length=64, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["requested_by", "created_at"], name="job_by_user"),
            models.Index(fields=["created_at"], name="job_by_time"),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display().lower()})"

    @property
    def is_stalled(self) -> bool:
        return self.status == self.Status.RUNNING and timezone.now() - self.updated_at > STALLED_AFTER

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED) or self.is_stalled

    @property
    def state(self) -> str:
        """The status the user is shown: a stalled job has failed, whatever its row still says."""
        return self.Status.FAILED if self.is_stalled else self.status

    @property
    def percent(self) -> int | None:
        if self.status == self.Status.DONE:
            return 100
        if not self.total_count:
            return None
        return min(100, self.done_count * 100 // self.total_count)

    @property
    def progress_text(self) -> str:
        if self.status == self.Status.QUEUED:
            waited = timezone.now() - self.created_at
            if waited > WAITING_LONG:
                return (
                    f"Still waiting to start, {waited.seconds // 60 + waited.days * 1440} minutes after it was asked "
                    "for. If it does not start soon, tell the service desk."
                )
            return "Waiting to start"
        if self.stage and self.total_count:
            return f"{self.stage}: {self.done_count:,} of {self.total_count:,}"
        return self.stage or self.get_status_display()

    @property
    def kind_label(self) -> str:
        return kinds.get(self.kind).label

    @property
    def failure_title(self) -> str:
        return kinds.get(self.kind).failure_title

    @property
    def waiting_note(self) -> str:
        return kinds.get(self.kind).waiting_note

    @property
    def outcome_message(self) -> str:
        """How it ended, in words for the user (a stalled job's row still says it is running)."""
        if self.is_stalled:
            return "The job stopped before it finished, and nothing was saved. Try again."
        return self.message

    @property
    def kept_until(self):
        return self.created_at + timedelta(days=settings.JOBS_KEPT_DAYS)
