"""Allegations against staff: restricted records.

An allegation (LADO for children, PiPoT for adults) is seen only by the people named on it, the leads who
manage it. No role sees allegations by holding a permission or an area: ``Allegation.objects.visible_to`` is the
one way to read them, and it reads the names. Counts by area reach the report through the daily counts, never
a row.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from activity.models.reference import Area, Service


class AllegationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the allegations ``user`` is named on, whatever their role or areas (a superuser included)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(managers__user=user).distinct()


class Allegation(models.Model):
    """One allegation that a member of staff harmed, or may pose a risk to, a child or an adult at risk."""

    reference_prefix = "ALG"
    area_field = "area"
    date_field = "date"

    class Kind(models.TextChoices):
        LADO = "lado", "LADO (children)"
        PIPOT = "pipot", "PiPoT (adults)"

    class Category(models.TextChoices):
        PHYSICAL = "physical", "Physical harm"
        SEXUAL = "sexual", "Sexual harm"
        EMOTIONAL = "emotional", "Emotional or psychological harm"
        NEGLECT = "neglect", "Neglect"
        FINANCIAL = "financial", "Financial"
        CONDUCT_OUTSIDE_WORK = "conduct_outside_work", "Conduct outside work (suitability)"
        ONLINE = "online", "Online or social media conduct"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        INVESTIGATING = "investigating", "Under investigation"
        AWAITING_OUTCOME = "awaiting_outcome", "Awaiting outcome"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        SUBSTANTIATED = "substantiated", "Substantiated"
        UNSUBSTANTIATED = "unsubstantiated", "Unsubstantiated"
        UNFOUNDED = "unfounded", "Unfounded"
        FALSE = "false", "False"
        MALICIOUS = "malicious", "Malicious"

    reference = models.CharField(max_length=40, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    date = models.DateField("date received")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=30, choices=Category.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, help_text="Once it is closed.")
    closed_on = models.DateField("date closed", null=True, blank=True)
    notes = models.TextField(blank=True, help_text="Sensitive: never shown in a report. No names.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AllegationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        default_permissions = ()
        # Holding it lets a lead record a new allegation (and be named on it); reading any needs a name.
        permissions = [("record_allegations", "Can record allegations against staff")]
        indexes = [models.Index(fields=["area", "date"], name="allegation_area_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("date")),
                name="allegation_closed_not_before_received",
                violation_error_message="An allegation cannot be closed before it was received.",
            ),
            models.CheckConstraint(
                condition=(Q(status="closed") & Q(closed_on__isnull=False) & ~Q(outcome=""))
                | (~Q(status="closed") & Q(closed_on__isnull=True) & Q(outcome="")),
                name="allegation_closed_has_date_and_outcome",
                violation_error_message="A closed allegation needs its date closed and outcome; an open one has "
                "neither.",
            ),
        ]

    def __str__(self):
        return f"Allegation {self.reference}"


class AllegationManager(models.Model):
    """A person named on an allegation: one of the leads who manage it, and so may read it."""

    allegation = models.ForeignKey(Allegation, on_delete=models.CASCADE, related_name="managers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    named_at = models.DateTimeField(auto_now_add=True)
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=200)

    history = HistoricalRecords()

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["allegation", "user"], name="allegation_manager_once"),
        ]

    def __str__(self):
        return f"{self.user} on {self.allegation}"
