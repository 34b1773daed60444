"""Returns: a count for a metric, an area and a period, entered rather than logged.

They hold years before the app existed, figures another system owns (training
compliance, MASH counts) and the long tail of the report (MARAC, MAPPA, FGM...).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from activity.metrics import returnable_metric_choices
from activity.models.reference import Area, Category, Service
from core.periods import FinancialYear, Quarter


def metric_choices():
    return returnable_metric_choices()


def _unique_for(service_set: bool, category_set: bool) -> models.UniqueConstraint:
    fields = ["metric", "area", "period_start", "period_end"]
    if service_set:
        fields.append("service")
    if category_set:
        fields.append("category")
    return models.UniqueConstraint(
        fields=fields,
        condition=Q(service__isnull=not service_set, category__isnull=not category_set),
        name="return_unique_{}_{}".format(
            "service" if service_set else "noservice", "category" if category_set else "nocategory"
        ),
    )


class Return(models.Model):
    metric = models.CharField(max_length=60, choices=metric_choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="returns")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.PositiveIntegerField(help_text="A count, never negative.")
    source = models.CharField(max_length=120, help_text="Where the figure comes from, e.g. 'MASH system'.")
    note = models.TextField(blank=True, help_text="Context for the figure; shown beside it in tables.")
    entered_at = models.DateTimeField(auto_now_add=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["metric", "period_start", "area__path"]
        indexes = [models.Index(fields=["metric", "period_start"], name="return_metric_period")]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="return_value_not_negative",
                violation_error_message="A count cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="return_period_ordered",
                violation_error_message="A period cannot end before it starts.",
            ),
            _unique_for(False, False),
            _unique_for(True, False),
            _unique_for(False, True),
            _unique_for(True, True),
        ]

    def __str__(self):
        return f"{self.get_metric_display()}, {self.area}, {self.period_label}: {self.value}"

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear.containing(self.period_start)

    @property
    def period_label(self) -> str:
        year = self.financial_year
        if (self.period_start, self.period_end) == (year.start, year.end):
            return year.label
        return Quarter.containing(self.period_start).label

    def clean(self):
        if self.period_start is None or self.period_end is None:
            return
        year = FinancialYear.containing(self.period_start)
        quarter = Quarter.containing(self.period_start)
        periods = {(year.start, year.end), (quarter.start, quarter.end)}
        if (self.period_start, self.period_end) not in periods:
            raise ValidationError({"period_end": "A return covers a whole financial year or a whole quarter."})
