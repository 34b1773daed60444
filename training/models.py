"""Safeguarding training and supervision compliance, read from the learning system's export.

``Level`` is reference data an administrator keeps in the admin (like ``reports.Target``): each level of
safeguarding training staff may be required to hold, its target and how long a completion stays in date.
``ComplianceImport`` is one export as at a date, imported through a saved column mapping, with the summary of
its data-quality check; ``StaffRequirement`` is one of its rows: one member of staff (by the employee number the
file gives, never a name) and one level they must hold. Compliance is counted in the database
(``training.compliance``).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class StaffGroup(models.TextChoices):
    """The NHS staff groups, as the electronic staff record names them."""

    SCIENTIFIC = "scientific", "Additional professional scientific and technical"
    CLINICAL_SUPPORT = "clinical_support", "Additional clinical services"
    ADMIN = "admin", "Administrative and clerical"
    AHP = "ahp", "Allied health professionals"
    ESTATES = "estates", "Estates and ancillary"
    HEALTHCARE_SCIENTISTS = "healthcare_scientists", "Healthcare scientists"
    MEDICAL = "medical", "Medical and dental"
    NURSING = "nursing", "Nursing and midwifery registered"
    STUDENTS = "students", "Students"


class Level(models.Model):
    """A level of safeguarding training staff may be required to hold, with its target. Data, not code."""

    class Group(models.TextChoices):
        ADULTS = "adults", "Safeguarding adults"
        CHILDREN = "children", "Safeguarding children"
        PREVENT = "prevent", "Prevent"

    slug = models.SlugField(
        max_length=40, unique=True, help_text="How a saved mapping names the level (adults-3, say). Never changes."
    )
    name = models.CharField(max_length=100, unique=True)
    group = models.CharField(max_length=20, choices=Group.choices)
    position = models.PositiveSmallIntegerField(default=0, help_text="Where the level sits in tables.")
    target_percent = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text="The share of staff who need this level that should have it in date, as a percentage.",
    )
    months_in_date = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="How many months a completion stays in date.",
    )
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_percent__gte=0, target_percent__lte=100),
                name="training_level_target_is_a_percentage",
                violation_error_message="A target is a percentage from 0 to 100.",
            ),
            models.CheckConstraint(
                condition=Q(months_in_date__gte=1),
                name="training_level_stays_in_date_a_month_or_more",
                violation_error_message="A completion stays in date for at least a month.",
            ),
        ]

    def __str__(self):
        return self.name


class ComplianceImport(models.Model):
    """One learning-system export as at a date, imported whole, and the summary of its data-quality check."""

    class Status(models.TextChoices):
        IMPORTED = "imported", "Imported"
        WITHDRAWN = "withdrawn", "Withdrawn"

    as_at = models.DateField(help_text="The day the export's figures are as at.")
    file_name = models.CharField(max_length=255)
    mapping = models.ForeignKey(
        "activity.ImportMapping", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mapping_name = models.CharField(max_length=100, help_text="The mapping's name when the file was imported.")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IMPORTED)
    summary = models.JSONField(default=dict, blank=True, help_text="Rows read and each kind of problem counted.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-as_at", "-imported_at"]
        permissions = [
            ("import_compliance", "Can import the learning system's training and supervision export"),
            ("view_compliance", "Can read training and supervision compliance figures"),
            ("view_staff_due", "Can see which staff are due training or supervision, by staff identifier"),
        ]

    def __str__(self):
        return f"{self.file_name} as at {self.as_at:%-d %B %Y}"


class StaffRequirement(models.Model):
    """One member of staff and one level they must hold, as one import's file gives them.

    ``staff_id`` is the file's employee number; the import never keeps a name. ``completed_on`` empty means
    never completed. Supervision is about the person, so each of their rows repeats it.
    """

    compliance_import = models.ForeignKey(ComplianceImport, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField(help_text="The row in the file it came from.")
    staff_id = models.CharField(max_length=40)
    staff_group = models.CharField(max_length=30, choices=StaffGroup.choices)
    area = models.ForeignKey("activity.Area", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("activity.Service", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("activity.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField(null=True, blank=True)
    needs_supervision = models.BooleanField(default=False)
    last_supervised_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["compliance_import", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["compliance_import", "staff_id", "level"], name="training_staff_level_once_per_import"
            ),
        ]
        indexes = [models.Index(fields=["compliance_import", "level"], name="training_rows_by_level")]

    def __str__(self):
        return f"{self.staff_id}: {self.level_id}"
