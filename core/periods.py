"""Financial years, half years, quarters and date ranges: the one place that knows April to March.

A financial year runs from 1 April to 31 March and is written ``2021/22``.
Quarters: Q1 = April to June ... Q4 = January to March, written ``2021/22 Q4``.
Half years: H1 = April to September, H2 = October to March, written ``2021/22 H1``.
Any other stretch of days is a ``Span``, written ``2021-06-01..2021-08-31``.

Every period has ``start``, ``end``, ``label`` (for people) and ``key`` (for storing: ``parse_period``
reads it back). ``same_period_earlier`` and ``quarters_so_far`` give what a report compares it with.
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

    @property
    def key(self) -> str:
        return self.label

    @property
    def halves(self) -> list["HalfYear"]:
        return [HalfYear(self, number) for number in (1, 2)]

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, order=True)
class HalfYear:
    """H1 = April to September, H2 = October to March."""

    year: FinancialYear
    number: int

    def __post_init__(self):
        if self.number not in (1, 2):
            raise ValueError(f"A half year is H1 or H2, not H{self.number}")

    @property
    def start(self) -> date:
        return self.year.start if self.number == 1 else date(self.year.start_year, 10, 1)

    @property
    def end(self) -> date:
        return date(self.year.start_year, 9, 30) if self.number == 1 else self.year.end

    @property
    def label(self) -> str:
        return f"H{self.number} {self.year.label}"

    @property
    def key(self) -> str:
        return f"{self.year.label} H{self.number}"

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

    @property
    def key(self) -> str:
        return f"{self.year.label} Q{self.number}"

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, order=True)
class Span:
    """Any stretch of days, e.g. a year to date."""

    start: date
    end: date
    label: str = ""

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError(f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y} ends before it starts")
        if not self.label:
            object.__setattr__(self, "label", f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}")

    @property
    def key(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def __str__(self) -> str:
        return self.label


Period = FinancialYear | HalfYear | Quarter | Span

_QUARTER = re.compile(r"^\s*(\S+)\s+Q(\d+)\s*$", re.IGNORECASE)
_QUARTER_FIRST = re.compile(r"^\s*Q(\d+)\s+(\S+)\s*$", re.IGNORECASE)
_HALF = re.compile(r"^\s*(\S+)\s+H(\d+)\s*$", re.IGNORECASE)
_RANGE = re.compile(r"^\s*(\S+)\s*\.\.\s*(\S+)\s*$")
_FORMS = (
    "a financial year (2021/22), a quarter (2021/22 Q4), a half year (2021/22 H1) or dates (2021-06-01..2021-08-31)"
)


def parse_period(text: str) -> Period:
    """Read a period as a person writes it: ``2021/22``, ``2021/22 Q4`` (or ``Q4 2021/22``), ``2021/22 H1`` or
    ``2021-06-01..2021-08-31``. ValueError, saying what is wrong, for anything else."""
    text = (text or "").strip()
    if not text:
        raise ValueError(f"Give a period: {_FORMS}")
    quarter = _QUARTER.match(text) or _QUARTER_FIRST.match(text)
    if quarter:
        year_text, number = (quarter[1], quarter[2]) if _QUARTER.match(text) else (quarter[2], quarter[1])
        year = _year_in(year_text, text)
        if int(number) not in (1, 2, 3, 4):
            raise ValueError(f"{text} is not a quarter: a financial year has quarters Q1 to Q4")
        return Quarter(year, int(number))
    half = _HALF.match(text)
    if half:
        year = _year_in(half[1], text)
        if int(half[2]) not in (1, 2):
            raise ValueError(f"{text} is not a half year: a financial year has halves H1 and H2")
        return HalfYear(year, int(half[2]))
    dates = _RANGE.match(text)
    if dates:
        start, end = _date_in(dates[1], text), _date_in(dates[2], text)
        if end < start:
            raise ValueError(f"{text} is not a period: it ends before it starts")
        return Span(start, end)
    try:
        return FinancialYear.parse(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a period: write {_FORMS}") from None


def _year_in(year_text: str, whole: str) -> FinancialYear:
    try:
        return FinancialYear.parse(year_text)
    except ValueError:
        raise ValueError(f"{whole}: {year_text!r} is not a financial year; write it as 2021/22") from None


def _date_in(text: str, whole: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{whole}: {text!r} is not a date; write dates as 2021-06-01") from None


def shifted(period: Period, years: int) -> Period:
    """The same period ``years`` later (earlier, if negative): 2021/22 Q4 shifted by -1 is 2020/21 Q4."""
    if isinstance(period, FinancialYear):
        return FinancialYear(period.start_year + years)
    if isinstance(period, HalfYear | Quarter):
        return type(period)(FinancialYear(period.year.start_year + years), period.number)
    return Span(_add_years(period.start, years), _add_years(period.end, years))


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def same_period_earlier(period: Period, count: int) -> list[Period]:
    """The period and the same period in the ``count - 1`` years before it, oldest first."""
    return [shifted(period, -offset) for offset in range(count - 1, -1, -1)]


def quarters_so_far(period: Period) -> list[Quarter]:
    """The quarters of the period's financial year up to the end of the period: 2021/22 Q3 gives Q1 to Q3."""
    year = FinancialYear.containing(period.start)
    return [quarter for quarter in year.quarters if quarter.end <= max(period.end, year.start)] or [year.quarters[0]]


def to_date(period: Period) -> Span:
    """From the start of the period's financial year to the end of the period: its year to date."""
    year = FinancialYear.containing(period.start)
    end = min(period.end, year.end)
    if end == year.end:
        return Span(year.start, end, year.label)
    return Span(year.start, end, f"{year.label} to {end:%-d %B}")


def years_to_date(period: Period, count: int) -> list[Span]:
    """The period's year to date and the same span of the ``count - 1`` years before, oldest first."""
    return [to_date(shifted(period, -offset)) for offset in range(count - 1, -1, -1)]


def last_complete(kind: str, today: date) -> Period:
    """The latest period of ``kind`` ("year", "half", "quarter") that ended before ``today``."""
    if kind == "year":
        return FinancialYear.containing(today).previous
    if kind == "half":
        year = FinancialYear.containing(today)
        halves = [half for half in year.previous.halves + year.halves if half.end < today]
        return halves[-1]
    if kind == "quarter":
        year = FinancialYear.containing(today)
        quarters = [quarter for quarter in year.previous.quarters + year.quarters if quarter.end < today]
        return quarters[-1]
    raise ValueError(f"No such kind of period: {kind!r}")


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
