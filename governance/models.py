"""What the safeguarding service records about its own work, besides activity: the audit programme,
its priorities ("we said, we did"), the policies it owns, and the learning it takes from reviews.

None of it is about a person. Every row keeps its history (who changed it and why); writes go through
``governance.actions``. The annual report reads these as content blocks for its year.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
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


# Assurance self-assessment: a framework's standards, scored each year for a partnership (or the whole trust).


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class AssuranceFramework(Authored):
    """A set of standards the service assesses itself against each year: a partnership's Section 11 audit, or
    the integrated care board's safeguarding commissioning assurance toolkit. Its scoring scale, and the scores
    that read as green and amber, are data on it."""

    class Kind(models.TextChoices):
        SECTION_11 = "section_11", "Section 11 audit (a partnership's)"
        ICB_TOOLKIT = "icb_toolkit", "ICB safeguarding commissioning assurance toolkit"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
    lowest_score = models.PositiveSmallIntegerField(default=1)
    highest_score = models.PositiveSmallIntegerField(default=4)
    green_from = models.PositiveSmallIntegerField(
        default=3, help_text="A moderated score at or above this reads as green."
    )
    amber_from = models.PositiveSmallIntegerField(
        default=2, help_text="A moderated score at or above this (and below green) reads as amber; below, red."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lowest_score__lt=F("highest_score")),
                name="assurance_scale_low_below_high",
                violation_error_message="The lowest score must be below the highest score.",
            ),
            models.CheckConstraint(
                condition=Q(amber_from__gte=F("lowest_score"))
                & Q(green_from__gt=F("amber_from"))
                & Q(green_from__lte=F("highest_score")),
                name="assurance_rag_thresholds_in_scale",
                violation_error_message="Amber starts at or above the lowest score, green above amber and at or "
                "below the highest score.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def scores(self) -> list[int]:
        return list(range(self.lowest_score, self.highest_score + 1))

    def rag_for(self, score: int | None) -> str:
        if score is None:
            return ""
        if score >= self.green_from:
            return Rag.GREEN
        return Rag.AMBER if score >= self.amber_from else Rag.RED


class AssuranceStandard(Authored):
    """One numbered standard of a framework, with what good looks like."""

    framework = models.ForeignKey(AssuranceFramework, on_delete=models.CASCADE, related_name="standards")
    number = models.CharField(max_length=10, help_text="As the framework numbers it: '1', '2.3'.")
    position = models.PositiveSmallIntegerField(default=1, help_text="Its place in the framework's list.")
    title = models.CharField(max_length=200)
    good_looks_like = models.TextField(blank=True, help_text="What good looks like for this standard.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"],
                name="assurance_standard_number_once",
                violation_error_message="The framework already has a standard with this number.",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Assessment(Authored):
    """A standard assessed for a financial year and a partnership (no area: the whole trust, as the ICB's
    toolkit asks): the evidence, the service's own score, the score after moderation and its RAG rating."""

    standard = models.ForeignKey(AssuranceStandard, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(help_text="The financial year, by its starting year (2021 for 2021/22).")
    area = models.ForeignKey(
        "activity.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The partnership; blank for the whole trust.",
    )  # fmt: skip
    evidence = models.TextField(blank=True)
    self_score = models.PositiveSmallIntegerField(null=True, blank=True)
    self_scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    self_scored_at = models.DateTimeField(null=True, blank=True)
    moderated_score = models.PositiveSmallIntegerField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    rag = models.CharField("RAG rating", max_length=10, choices=Rag.choices, blank=True)
    rag_reason = models.CharField(
        max_length=300, blank=True, help_text="Why the RAG rating differs from the one the moderated score gives."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "area__path", "standard__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "year", "area"],
                condition=Q(area__isnull=False),
                name="assessment_once_per_area",
                violation_error_message="This standard is already assessed for the year and partnership.",
            ),
            models.UniqueConstraint(
                fields=["standard", "year"],
                condition=Q(area__isnull=True),
                name="assessment_once_trust_wide",
                violation_error_message="This standard is already assessed for the year across the trust.",
            ),
            models.CheckConstraint(
                condition=Q(moderated_by__isnull=True)
                | Q(self_scored_by__isnull=True)
                | ~Q(moderated_by=F("self_scored_by")),
                name="assessment_moderator_not_self_scorer",
                violation_error_message="A score is moderated by someone other than the person who self-scored it.",
            ),
        ]

    def __str__(self):
        return f"{self.standard}, {self.year}"

    def clean(self):
        framework = self.standard.framework if self.standard_id else None
        if framework is None:
            return
        errors = {}
        for name, label in (("self_score", "self score"), ("moderated_score", "moderated score")):
            value = getattr(self, name)
            if value is not None and not framework.lowest_score <= value <= framework.highest_score:
                errors[name] = (
                    f"The {label} must be from {framework.lowest_score} to {framework.highest_score} "
                    f"(the framework's scale)."
                )
        expected = framework.rag_for(self.moderated_score)
        if self.rag and expected and self.rag != expected and not self.rag_reason.strip():
            errors["rag_reason"] = (
                f"A moderated score of {self.moderated_score} reads as {expected}: say why the rating is "
                f"{self.rag} instead."
            )
        if errors:
            raise ValidationError(errors)


class AssessmentAttachment(models.Model):
    """A file of evidence for an assessment (PDF, Word, Excel, PNG or JPEG), kept in the database. Its type is
    read from its content, never from its name."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="attachments")
    file_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    description = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        ordering = ["assessment", "uploaded_at", "pk"]

    def __str__(self):
        return self.file_name


class AssuranceAction(Authored):
    """Something to do to meet a standard: owned by a person, due by a date, and a task (work.Task) in their
    work while it is open."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    task = models.ForeignKey("work.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.description[:80]
