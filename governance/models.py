"""What the safeguarding service records about its own work, besides activity: the audit programme,
its priorities ("we said, we did"), the policies it owns, and the learning it takes from reviews.

None of it is about a person. Every row keeps its history (who changed it and why); writes go through
``governance.actions``. The annual report reads these as content blocks for its year.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class GovernancePermissions(models.Model):
    """Holds the permission to keep the service's governance records. No table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("manage_governance", "Can keep audits, priorities, policies and learning from reviews")]

    def __str__(self):
        return "Governance permissions"


class Authored(models.Model):
    """Who last changed a row, and when."""

    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class ServiceAudit(Authored):
    """One audit in the service's programme for a financial year."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        DEFERRED = "deferred", "Deferred"

    year = models.PositiveSmallIntegerField(help_text="The financial year, by its starting year (2021 for 2021/22).")
    name = models.CharField(max_length=200)
    scope = models.TextField(blank=True, help_text="What was audited, and how many records were looked at.")
    area = models.ForeignKey(
        "activity.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Leave blank for an audit across the trust.",
    )  # fmt: skip
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    started_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    findings = models.TextField(blank=True)
    action_taken = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(completed_on__gte=F("started_on")),
                name="audit_completed_after_started",
                violation_error_message="An audit cannot be completed before it started.",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="audit_completed_has_a_date",
                violation_error_message="A completed audit needs the date it was completed.",
            ),
        ]

    def __str__(self):
        return self.name


class Priority(Authored):
    """A priority the service set itself for a financial year: what "we said"."""

    year = models.PositiveSmallIntegerField(help_text="The financial year, by its starting year (2021 for 2021/22).")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200)
    we_said = models.TextField(help_text="What the service said it would do.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "position", "pk"]
        verbose_name_plural = "priorities"

    def __str__(self):
        return self.title


class PriorityUpdate(Authored):
    """Progress on a priority during the year: what "we did"."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField()
    we_did = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "on", "pk"]

    def __str__(self):
        return f"{self.priority}: {self.on:%d/%m/%Y}"


class Policy(Authored):
    """A policy or procedure the safeguarding service owns."""

    title = models.CharField(max_length=200)
    reference = models.CharField(max_length=50, blank=True)
    owner = models.CharField(max_length=200, help_text="A role, not a person's name: 'Head of Safeguarding'.")
    last_reviewed = models.DateField()
    review_due = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "policies"
        constraints = [
            models.CheckConstraint(
                condition=Q(review_due__gt=F("last_reviewed")),
                name="policy_review_due_after_last_review",
                violation_error_message="A policy's next review is due after its last review.",
            ),
        ]

    def __str__(self):
        return self.title


class ReviewLearning(Authored):
    """What the service learnt from a safeguarding adult review (SAR) or a child safeguarding practice
    review (CSPR) in a year, and how the learning was shared. Themes, never case details."""

    class Kind(models.TextChoices):
        SAR = "sar", "Safeguarding adult review"
        CSPR = "cspr", "Child safeguarding practice review"

    year = models.PositiveSmallIntegerField(help_text="The financial year, by its starting year (2021 for 2021/22).")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    area = models.ForeignKey("activity.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    themes = models.TextField(help_text="The themes the review found. Never names or case details.")
    recommendations = models.TextField(blank=True)
    shared_how = models.TextField(blank=True, help_text="How the learning was shared with staff.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "kind", "pk"]
        verbose_name_plural = "learning from reviews"

    def __str__(self):
        return f"{self.get_kind_display()} learning, {self.year}"
