from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from activity.periods import FinancialYear


class ReportingPermissions(models.Model):
    """Holds the permissions for pages that show figures rather than records. No table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_dashboard", "Can see the dashboard"),
            ("view_reports", "Can read the annual reports"),
            ("edit_narrative", "Can write report narrative"),
            ("approve_reports", "Can approve a report"),
            ("export_reports", "Can export reports"),
        ]

    def __str__(self):
        return "Reporting permissions"


class TargetQuerySet(models.QuerySet):
    def for_year(self, name: str, year: FinancialYear) -> "Target | None":
        """The target in force in ``year``: the latest one set from that year or before."""
        return self.filter(name=name, from_year__lte=year.start_year).order_by("-from_year").first()


class Target(models.Model):
    """A local target, e.g. the share of staff up to date with safeguarding training. Data, not code."""

    class Name(models.TextChoices):
        TRAINING_COMPLIANCE = "training_compliance", "Safeguarding training compliance"

    name = models.CharField(max_length=40, choices=Name.choices)
    percent = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text="The target, as a percentage.",
    )
    from_year = models.PositiveSmallIntegerField(
        help_text="The first financial year it applies to, by its starting year (2021 for 2021/22)."
    )
    note = models.CharField(max_length=200, blank=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["name", "-from_year"]
        constraints = [
            models.UniqueConstraint(fields=["name", "from_year"], name="target_once_per_year"),
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100),
                name="target_is_a_percentage",
                violation_error_message="A target is a percentage from 0 to 100.",
            ),
        ]

    def __str__(self):
        return f"{self.get_name_display()}: {self.percent}% from {FinancialYear(self.from_year).label}"


class DailyCount(models.Model):
    """How many records a series counts for an area, service, category and day (see ``reports.rollups``)."""

    series = models.CharField(max_length=80)
    area = models.ForeignKey("activity.Area", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("activity.Service", null=True, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey("activity.Category", null=True, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["series", "day", "area"], name="dailycount_series_day_area")]

    def __str__(self):
        return f"{self.series} {self.day}: {self.count}"
