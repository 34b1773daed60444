"""Reference data saying a figure is not collected for an area over a span of financial years.

A table shows such a cell as "Not collected", not as 0, leaves it out of its total and says so
in a note. Kept in the admin like the other reference data (areas, services, targets).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from activity.metrics import METRICS
from activity.models.reference import Area
from core.periods import FinancialYear


def metric_choices() -> list[tuple[str, str]]:
    return [(metric.slug, metric.name) for metric in METRICS.values()]


class UncollectedFigure(models.Model):
    """``metric`` is not collected for ``area`` (and the areas below it) from ``from_year`` to ``until_year``
    (financial years by their starting year, 2019 for 2019/20; no ``until_year``: still not collected)."""

    metric = models.CharField(max_length=60, choices=metric_choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    from_year = models.PositiveSmallIntegerField(
        help_text="The first financial year it is not collected, by its starting year (2019 for 2019/20)."
    )
    until_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The last such year; leave empty if it is still not collected."
    )
    note = models.CharField(max_length=200, blank=True, help_text="Why, for whoever keeps the figures.")

    class Meta:
        ordering = ["metric", "area__path", "from_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until_year__isnull=True) | Q(until_year__gte=F("from_year")),
                name="uncollected_until_not_before_from",
                violation_error_message="The last year cannot be before the first.",
            ),
        ]

    def __str__(self):
        return f"{self.metric_name} not collected in {self.area.name} {self.span_label}"

    def save(self, *args, **kwargs):
        self.full_clean(validate_unique=False, validate_constraints=False)
        super().save(*args, **kwargs)

    @property
    def metric_name(self) -> str:
        metric = METRICS.get(self.metric)
        return metric.name if metric else self.metric

    @property
    def span_label(self) -> str:
        first = FinancialYear(self.from_year).label
        if self.until_year is None:
            return f"from {first}"
        if self.until_year == self.from_year:
            return f"in {first}"
        return f"from {first} to {FinancialYear(self.until_year).label}"

    def covers(self, year_start: int) -> bool:
        """Whether the financial year starting in ``year_start`` is in the span."""
        return self.from_year <= year_start and (self.until_year is None or year_start <= self.until_year)

    def clean(self):
        if self.metric not in METRICS:
            raise ValidationError({"metric": f"No figure is called {self.metric!r}."})
