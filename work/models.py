"""The team's work: tasks with a named owner, a due date and a state, each change kept with who made it and why.

A task says what is due and links to where the work is done; its title never holds a case reference or
anything typed into a record, so it may be read by anyone the task is for and sent by email. The apps above
make tasks for their own things (a review action, a MASH enquiry open too long, a consultation that needs a
lead, a return, a policy, a report) through ``work.actions``; this app knows none of them.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    REVIEW_ACTION = "review_action", "Review action"
    MASH_ENQUIRY = "mash_enquiry", "MASH enquiry open too long"
    LEAD_NEEDED = "lead_needed", "Consultation needs a lead"
    RETURN_DUE = "return_due", "Return due"
    POLICY_REVIEW = "policy_review", "Policy due for review"
    REPORT_DUE = "report_due", "Report due"
    ASSURANCE_ACTION = "assurance_action", "Assurance action"


class State(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    # The thing it was for went away (a flag taken off, an enquiry closed before anyone acted): nothing is owed.
    WITHDRAWN = "withdrawn", "No longer needed"


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one scope for tasks: a lead sees the team's; anyone else who holds tasks sees their own."""
        if not user.is_authenticated or not user.has_perm("work.view_task"):
            return self.none()
        if user.has_perm("work.manage_tasks"):
            return self
        return self.filter(owner=user)

    def open(self):
        return self.filter(state=State.OPEN)

    def overdue(self, today: date):
        return self.open().filter(due_on__lt=today)

    def in_work_order(self):
        """Overdue first, then by due date; a task with no owner before an owned one on the same day."""
        return self.order_by("due_on", models.F("owner").asc(nulls_first=True), "pk")


class Task(models.Model):
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What the task is for, as its maker names it ("review-action:12"): one task per thing, never two.
    source_key = models.CharField(max_length=80)
    title = models.CharField(max_length=200, help_text="What is due. Never a case reference or a record's notes.")
    link = models.CharField(max_length=300, blank=True, help_text="Where in the app the work is done.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
        help_text="Empty: the safeguarding leads' until one of them takes it or gives it to someone.",
    )
    due_on = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    done_on = models.DateField(null=True, blank=True)
    escalated_on = models.DateField(null=True, blank=True, help_text="When the leads were told it was overdue.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        permissions = [("manage_tasks", "Can see the team's tasks, give them to people and complete any of them")]
        constraints = [
            models.UniqueConstraint(fields=["kind", "source_key"], name="work_one_task_per_thing"),
            models.CheckConstraint(
                condition=Q(state="done", done_on__isnull=False) | (~Q(state="done") & Q(done_on__isnull=True)),
                name="work_done_task_has_date",
                violation_error_message="A task that is done has the date it was done; any other has none.",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_on"], name="work_task_state_due"),
            models.Index(fields=["owner", "state", "due_on"], name="work_task_owner_state_due"),
        ]

    def __str__(self):
        return self.title

    def is_overdue(self, today: date) -> bool:
        return self.state == State.OPEN and self.due_on < today

    def days_overdue(self, today: date) -> int:
        return max((today - self.due_on).days, 0) if self.state == State.OPEN else 0


class TaskEvent(models.Model):
    """One change to a task: who, when, what, and why. Only ever added."""

    class What(models.TextChoices):
        CREATED = "created", "Created"
        ASSIGNED = "assigned", "Given to someone"
        DUE_CHANGED = "due_changed", "Due date changed"
        COMPLETED = "completed", "Completed"
        REOPENED = "reopened", "Reopened"
        WITHDRAWN = "withdrawn", "No longer needed"
        ESCALATED = "escalated", "Leads told it is overdue"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=20, choices=What.choices)
    owner_before = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_after = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_what_display()} by {self.by} at {self.at:%Y-%m-%d %H:%M}"


class ReminderSent(models.Model):
    """A day's email to one person, sent once: ``send_reminders`` run twice the same day sends nothing more."""

    class Kind(models.TextChoices):
        DIGEST = "digest", "Daily digest"
        ESCALATION = "escalation", "Overdue tasks escalated to the leads"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    tasks = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day", "kind"], name="work_one_reminder_a_day"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient} on {self.day}"
