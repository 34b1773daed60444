"""Financial years and quarters: the one place that knows April to March.

A financial year runs from 1 April to 31 March and is written ``2021/22``.
Quarters: Q1 = April to June ... Q4 = January to March.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

_LABEL = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$")


@dataclass(frozen=True, order=True)
class FinancialYear:
    start_year: int

    @classmethod
    def containing(cls, day: date) -> "FinancialYear":
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def current(cls) -> "FinancialYear":
        return cls.containing(date.today())

    @classmethod
    def parse(cls, label: str) -> "FinancialYear":
        """Read ``2021/22``, ``2021-22`` or ``2021/2022``; refuse anything else."""
        match = _LABEL.match(label or "")
        if not match:
            raise ValueError(f"{label!r} is not a financial year: write it as 2021/22")
        start, end = int(match.group(1)), match.group(2)
        expected_end = start + 1
        if int(end) not in (expected_end, expected_end % 100):
            raise ValueError(f"{label!r} is not a financial year: {start} is followed by {expected_end}")
        return cls(start)

    @property
    def start(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def previous(self) -> "FinancialYear":
        return FinancialYear(self.start_year - 1)

    @property
    def next(self) -> "FinancialYear":
        return FinancialYear(self.start_year + 1)

    @property
    def quarters(self) -> list["Quarter"]:
        return [Quarter(self, number) for number in (1, 2, 3, 4)]

    def last(self, count: int) -> list["FinancialYear"]:
        """This year and the ``count - 1`` before it, oldest first."""
        return [FinancialYear(self.start_year - offset) for offset in range(count - 1, -1, -1)]

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, order=True)
class Quarter:
    year: FinancialYear
    number: int

    def __post_init__(self):
        if self.number not in (1, 2, 3, 4):
            raise ValueError(f"A quarter is 1 to 4, not {self.number}")

    @classmethod
    def containing(cls, day: date) -> "Quarter":
        year = FinancialYear.containing(day)
        months_into_year = (day.month - 4) % 12
        return cls(year, months_into_year // 3 + 1)

    @property
    def start(self) -> date:
        month = 4 + (self.number - 1) * 3
        return date(self.year.start_year + (month - 1) // 12, (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> date:
        if self.number == 4:
            return self.year.end
        return Quarter(self.year, self.number + 1).start - timedelta(days=1)

    @property
    def label(self) -> str:
        return f"Q{self.number} {self.year.label}"

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, order=True)
class Span:
    """Any stretch of days, e.g. a year to date."""

    start: date
    end: date
    label: str

    def __str__(self) -> str:
        return self.label


def year_to_date(year: FinancialYear, today: date) -> tuple[Span, Span]:
    """This year up to ``today`` (or the whole year once it is over), and the same span a year before."""
    end = min(today, year.end)
    if end >= year.end:
        return Span(year.previous.start, year.previous.end, year.previous.label), Span(year.start, year.end, year.label)
    days_in = end - year.start
    last_end = min(year.previous.start + days_in, year.previous.end)
    return (
        Span(year.previous.start, last_end, f"{year.previous.label} to {last_end:%-d %B}"),
        Span(year.start, end, f"{year.label} to {end:%-d %B}"),
    )


def working_days(start: date, end: date) -> int:
    """Monday to Friday between two dates, both included.

    Bank holidays are not taken off: the seed report's "average per day" figures for
    MASH enquiries (13, 19 and 18 a day) are its counts divided by weekdays, rounded.
    """
    if end < start:
        return 0
    whole_weeks, extra_days = divmod((end - start).days + 1, 7)
    count = whole_weeks * 5
    for offset in range(extra_days):
        if (start + timedelta(days=whole_weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count
