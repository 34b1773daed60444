"""Figures, periods and values in words, for the reconciliation page."""

from datetime import date

from django.utils import timezone

from activity.metrics import get_metric
from activity.models import Category, Service
from core.periods import FinancialYear, Span
from reports.figures import NOT_COLLECTED
from reports.reconciliation.gather import FactKey


def period_label(start: date, end: date) -> str:
    """ "2021/22", "Q2 2021/22", "H1 2021/22", or the dates."""
    year = FinancialYear.containing(start)
    for period in [year, *year.halves, *year.quarters]:
        if (period.start, period.end) == (start, end):
            return period.label
    return Span(start, end).label


def value_text(value) -> str:
    if value is None:
        return "no data"
    if value == NOT_COLLECTED:
        return "not collected"
    return f"{value:,}"


def date_text(moment) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y}"


class Names:
    """Names of areas, services and categories by slug, read once (two queries: services and categories)."""

    def __init__(self, areas: dict):
        self.areas = {area.slug: area for area in areas.values()}
        self.services = dict(Service.objects.values_list("slug", "name"))
        self.categories = dict(Category.objects.values_list("slug", "name"))

    def area(self, slug: str) -> str:
        area = self.areas.get(slug)
        return area.name if area else slug

    def metric(self, slug: str) -> str:
        try:
            return get_metric(slug).name
        except KeyError:
            return slug

    def what(self, key: FactKey) -> str:
        """The figure without area or period: "Safeguarding consultations, Children's services"."""
        parts = [self.metric(key.metric)]
        if key.service:
            parts.append(self.services.get(key.service, key.service))
        if key.category:
            parts.append(self.categories.get(key.category, key.category))
        if key.services:
            named = [self.services.get(slug, slug) for slug in key.services.split(",")]
            parts.append(f"counting {_and_list(named)} only")
        return ", ".join(parts)

    def figure(self, key: FactKey) -> str:
        """The whole name: "Safeguarding consultations, Oxfordshire, Q2 2021/22"."""
        return f"{self.what(key)}, {self.area(key.area)}, {period_label(key.start, key.end)}"


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
