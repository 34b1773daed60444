"""The governance lists' filter: a financial year."""

import django_filters

from core.periods import FinancialYear
from governance.forms import year_choices


class YearFilter(django_filters.FilterSet):
    """Rows of one financial year (the year before this one, the year a report is written for, unless chosen)."""

    year = django_filters.ChoiceFilter(
        label="Financial year",
        choices=lambda: [(str(year), label) for year, label in year_choices()],
        empty_label="Every year",
    )

    @staticmethod
    def default_year() -> int:
        return FinancialYear.current().previous.start_year
