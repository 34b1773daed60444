from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from core.periods import FinancialYear, Period, parse_period
from reports.annual.specs import BlockSpec


class ReportingPermissions(models.Model):
    """Holds the permissions for pages that show figures rather than records. No table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_dashboard", "Can see the dashboard"),
            ("view_reports", "Can read the annual reports"),
            ("edit_narrative", "Can write report narrative"),
            ("start_reports", "Can start a draft annual report"),
            ("edit_structure", "Can add, reorder and remove report sections and data blocks"),
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
        MASH_SHARED_IN_ONE_WORKING_DAY = (
            "mash_shared_in_1_working_day",
            "MASH health information shared within one working day",
        )

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


class ReportTemplate(models.Model):
    """A kind of report, held as data: its sections and blocks, its front sheet's defaults, its cadence.

    The built-in templates (``reports.annual.report_templates``) are kept in line with the code after every
    migrate; a lead makes a trust's own from an existing report (``reports.annual.template_actions``).
    """

    class Cadence(models.TextChoices):
        NONE = "", "When someone starts one"
        QUARTERLY = "quarter", "Every quarter"
        HALF_YEARLY = "half", "Every half year"
        ANNUAL = "year", "Every financial year"

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    title = models.CharField(
        max_length=200, help_text="The reports' title; {period} and {area} are filled in: 'Quarterly report, {period}'."
    )
    cadence = models.CharField(max_length=10, choices=Cadence.choices, blank=True)
    deadline_days = models.PositiveSmallIntegerField(
        default=42, help_text="Days after the period ends by which the report is due."
    )
    sections = models.JSONField(default=list, help_text="The sections, each with its blocks.")
    front_sheet = models.JSONField(
        default=dict, blank=True, help_text="The front sheet's fields a new report starts with."
    )
    scheduled_areas = models.ManyToManyField(
        "activity.Area",
        blank=True,
        related_name="+",
        help_text="A scheduled report is started for each of these areas; none: for the whole trust.",
    )
    built_in = models.BooleanField(default=False, editable=False)
    based_on = models.ForeignKey("Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    ANNUAL_BOARD = "annual-board"

    class Meta:
        ordering = ["-built_in", "name"]

    def __str__(self):
        return self.name


class Report(models.Model):
    """A safeguarding report for a period (a financial year, half year, quarter or date range), made from a
    template, for the whole trust or for one area and those below it (a partnership's pack).

    A draft reads its figures live. Approval stores the figures and narrative in
    ``snapshot``, and from then on the report shows those, "as at" ``approved_at``.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    class Purpose(models.TextChoices):
        ASSURANCE = "assurance", "For assurance"
        APPROVAL = "approval", "For approval"
        INFORMATION = "information", "For information"
        DISCUSSION = "discussion", "For discussion"

    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="reports")
    period = models.CharField(max_length=30, help_text="The period covered, as written: 2021/22, 2021/22 Q4 ...")
    period_start = models.DateField()
    period_end = models.DateField()
    year = models.PositiveSmallIntegerField(
        help_text="The financial year the period starts in, by its starting year (2021 for 2021/22)."
    )
    area = models.ForeignKey(
        "activity.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The report covers this area and those below it; none: the whole trust.",
    )
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The Board front sheet (REPORTS.md §1): carried into the next draft, versioned with the rest.
    organisation = models.CharField(max_length=200, blank=True, help_text="The trust's name.")
    meeting = models.CharField(max_length=200, blank=True, help_text="The meeting the paper goes to: 'Trust Board'.")
    meeting_date = models.DateField(null=True, blank=True)
    agenda_item = models.CharField(max_length=20, blank=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, blank=True)
    authors = models.TextField(blank=True, help_text="One a line: name, then job title.")
    lead_executive = models.CharField(max_length=200, blank=True, help_text="Name, then job title.")
    governance_route = models.TextField(blank=True, help_text="Where the paper has been before coming here.")
    legal_and_risk = models.TextField(blank=True, help_text="The legal and risk statement.")
    strategic_objectives = models.TextField(blank=True, help_text="The trust's objectives the paper supports.")
    recommendation = models.TextField(blank=True, help_text="What the meeting is asked to do.")
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.JSONField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    # The front sheet's fields, in the order the sheet shows them.
    FRONT_SHEET_FIELDS = (
        "organisation",
        "meeting",
        "meeting_date",
        "agenda_item",
        "purpose",
        "authors",
        "lead_executive",
        "governance_route",
        "legal_and_risk",
        "strategic_objectives",
        "recommendation",
    )

    class Meta:
        ordering = ["-period_end", "period_start", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "period"],
                condition=Q(status="draft", area__isnull=True),
                name="report_one_trust_draft_per_period",
                violation_error_message="There is already a draft of this report for this period.",
            ),
            models.UniqueConstraint(
                fields=["template", "period", "area"],
                condition=Q(status="draft", area__isnull=False),
                name="report_one_area_draft_per_period",
                violation_error_message="There is already a draft of this report for this period and area.",
            ),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="report_period_in_order"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_at__isnull=False, snapshot__isnull=False),
                name="report_approved_has_its_figures",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display().lower()})"

    @property
    def financial_year(self) -> FinancialYear:
        """The financial year the period starts in: registers (audits, priorities) and targets are read for it."""
        return FinancialYear(self.year)

    @property
    def reporting_period(self) -> Period:
        return parse_period(self.period)

    @property
    def period_label(self) -> str:
        return self.reporting_period.label

    @property
    def audience(self) -> str:
        """Who the figures cover: the area's name, or the whole trust."""
        return self.area.name if self.area_id else "The whole trust"

    def set_period(self, period: Period) -> None:
        self.period, self.period_start, self.period_end = period.key, period.start, period.end
        self.year = FinancialYear.containing(period.start).start_year

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class ReportSection(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    level = models.PositiveSmallIntegerField(
        choices=[(1, "Section"), (2, "Sub-section")],
        default=1,
        help_text="A sub-section is numbered within the section before it.",
    )
    narrative = models.TextField(blank=True, help_text="Markdown. Never paste names or case notes.")
    # None until someone edits it: the public version then reads the Board narrative, checked for small numbers.
    public_narrative = models.TextField(  # noqa: DJ001 - None (follows the Board's) differs from "" (none at all)
        null=True, blank=True, help_text="Markdown, for the public version."
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "position"]

    def __str__(self):
        return self.title


class DataBlock(models.Model):
    """A year-on-year table or chart in a section (see ``reports.annual.blocks.BlockSpec``)."""

    class Kind(models.TextChoices):
        TABLE = "table", "Table"
        CHART = "chart", "Chart"
        # Content held as data rather than figures (``governance``, ``reports.Target``): no metrics.
        AUDITS = "audits", "Audit programme for the year"
        PRIORITIES = "priorities", "Priorities for the year: we said, we did"
        NEXT_PRIORITIES = "next_priorities", "Priorities for the year ahead"
        POLICIES = "policies", "Policies reviewed in the year"
        SAR_LEARNING = "sar_learning", "Learning from safeguarding adult reviews"
        CSPR_LEARNING = "cspr_learning", "Learning from child safeguarding practice reviews"
        TRAINING_COMPLIANCE = "training_compliance", "Training compliance against target"
        ASSURANCE = "assurance", "Assurance self-assessment: standards, ratings and open actions"
        # The Safeguarding Adults Collection's tables of concluded s.42 enquiries (``reports.annual.s42_tables``).
        S42_RISK_SOURCE = "s42_risk_source", "Concluded s.42 enquiries: type of risk by source of risk"
        S42_LOCATION_SOURCE = "s42_location_source", "Concluded s.42 enquiries: location of risk by source of risk"
        S42_ACTION_RESULT = "s42_action_result", "Concluded s.42 enquiries: action taken and result"
        S42_PERSONAL = "s42_personal", "Concluded s.42 enquiries: Making Safeguarding Personal"
        S42_CAPACITY = "s42_capacity", "Concluded s.42 enquiries: mental capacity and advocacy"

    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TABLE)
    metrics = models.JSONField(default=list, blank=True, help_text="The metrics' slugs.")
    by = models.CharField(max_length=10, blank=True)
    years = models.PositiveSmallIntegerField(default=2)
    layout = models.CharField(max_length=20, default="years")
    area_rows = models.CharField(max_length=10, default="children")
    within = models.ForeignKey("activity.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    services = models.ManyToManyField("activity.Service", blank=True, related_name="+")
    hide_empty_rows = models.BooleanField(
        default=True, help_text="Leave out rows (areas, services) with nothing in any year shown."
    )

    class Meta:
        ordering = ["section", "position"]
        constraints = [
            models.CheckConstraint(condition=Q(years__gte=1, years__lte=10), name="datablock_years_1_to_10"),
        ]

    def __str__(self):
        return self.title

    def spec(self):
        """As a ``BlockSpec``; ``within`` and ``services`` should be fetched with the block."""
        return BlockSpec(
            title=self.title,
            metrics=tuple(self.metrics),
            by=self.by,
            years=self.years,
            layout=self.layout,
            area_rows=self.area_rows,
            within=self.within.slug if self.within else "",
            services=tuple(sorted(service.slug for service in self.services.all())),
            kind=self.kind,
            hide_empty_rows=self.hide_empty_rows,
        )


class RowTheme(models.Model):
    """Themes beside one row of a table, as the seed shows them (incidents by directorate, with their themes)."""

    block = models.ForeignKey(DataBlock, on_delete=models.CASCADE, related_name="themes")
    row_label = models.CharField(max_length=200)
    themes = models.TextField(help_text="Themes only: never names or case details.")

    class Meta:
        ordering = ["block", "row_label"]
        constraints = [models.UniqueConstraint(fields=["block", "row_label"], name="rowtheme_once_per_row")]

    def __str__(self):
        return f"{self.row_label}: {self.themes[:40]}"


class ReportImage(models.Model):
    """A picture in a section (the service's structure chart): checked, re-encoded as PNG, size-limited."""

    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="images")
    position = models.PositiveSmallIntegerField(default=1)
    png = models.BinaryField(editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    alt_text = models.CharField(max_length=500, help_text="What the picture shows, for someone who cannot see it.")
    caption = models.CharField(max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["section", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="reportimage_has_alt_text"),
        ]

    def __str__(self):
        return self.caption or self.alt_text[:60]


class FlagAcknowledgement(models.Model):
    """A check's flag on a draft (a narrative number that disagrees with its table, or a small number in a
    public narrative) acknowledged with a reason rather than fixed. Written once, never changed: history."""

    class Kind(models.TextChoices):
        MISMATCH = "mismatch", "Narrative disagrees with a table"
        PUBLIC_NUMBER = "public_number", "Small number in the public narrative"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="acknowledgements")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=300, help_text="Names the flag, so it stays acknowledged while it is the same.")
    description = models.TextField()
    reason = models.TextField()
    acknowledged_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["report", "acknowledged_at"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="acknowledgement_once_per_flag")]

    def __str__(self):
        return self.description[:80]


class ReportFile(models.Model):
    """An approved report's download, made once and kept: the report cannot change, so neither can its files."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=10)
    public = models.BooleanField()
    content = models.BinaryField()
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "format", "public"], name="reportfile_once_per_format"),
        ]

    def __str__(self):
        return f"{self.report} ({self.format}{', public' if self.public else ''})"


class ProcessChange(models.Model):
    """A known change in how a monthly figure comes about (a new recording system, a new pathway): the dashboard's
    XmR chart of the figure starts a new phase, with its own mean and limits, from its month. Recorded only through
    ``reports.process_changes.record_process_change``, which keeps who and why in its history."""

    metric = models.CharField(max_length=60, help_text="The figure, by its key in activity.metrics.")
    area = models.ForeignKey(
        "activity.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty: every area. Otherwise this area and the areas within it.",
    )
    starts_on = models.DateField(help_text="The first day of the month the new process starts.")
    note = models.CharField(max_length=200, help_text="What changed, as the chart shows it.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["metric", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__day=1),
                name="process_change_starts_on_first_of_month",
                violation_error_message="A process change starts on the first day of a month.",
            ),
        ]

    def __str__(self):
        return f"{self.metric} from {self.starts_on:%B %Y}: {self.note}"
