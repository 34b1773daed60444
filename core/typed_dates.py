"""Dates as people type them, and the form field every date on a form or filter uses.

Accepted, with or without leading zeros: 30/11/2026, 30/11/26, 30-11-2026, 30.11.2026, 30 11 2026,
30 Nov 2026, 30 November 2026, 30th November 2026 and 2026-11-30 (ISO, as a browser or a link sends it).

A two-digit year is always in this century: 26 is 2026, 99 is 2099. The tracker holds nothing dated before
2000, so a typed 99 can never have meant 1999; a date too late for its field is refused by the field's own
rule ("cannot be in the future") rather than guessed into the past.

The importer reads dates in its own way (``activity.columns``); nothing here changes what a file may hold.
"""

import re
from datetime import date, datetime

import django_filters
from django import forms

from core.widgets import DateInput

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)} | {
    name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)
}
MONTHS["sept"] = 9

_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
_NUMERIC = re.compile(r"(?P<day>\d{1,2})[/.\- ](?P<month>\d{1,2})[/.\- ](?P<year>\d{2}|\d{4})")
_NAMED = re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?[ \-](?P<month>[a-z]+)\.?[ \-](?P<year>\d{2}|\d{4})")
_WITHOUT_YEAR = re.compile(r"\d{1,2}(?:st|nd|rd|th)?[/.\- ](?:\d{1,2}|[a-z]+\.?)")


def _normalised(text: str) -> str:
    return " ".join(text.replace(",", " ").split()).lower()


def parse_typed_date(text: str) -> date | None:
    """The day ``text`` names, or None when it names no real day in a way listed above."""
    text = _normalised(text)
    match = _ISO.fullmatch(text) or _NUMERIC.fullmatch(text) or _NAMED.fullmatch(text)
    if not match:
        return None
    month = match["month"]
    month_number = int(month) if month.isdigit() else MONTHS.get(month)
    if month_number is None:
        return None
    year = int(match["year"])
    if len(match["year"]) == 2:
        year += 2000
    try:
        return date(year, month_number, int(match["day"]))
    except ValueError:
        return None


def lacks_year(text: str) -> bool:
    """Whether ``text`` is a day and a month with no year (30/11, 30 Nov)."""
    return bool(_WITHOUT_YEAR.fullmatch(_normalised(text)))


class TypedDateField(forms.DateField):
    """A date typed in any of the ways above. Its error names the field ("Date received must be a real date"),
    and a form that refuses it shows what was typed, as typed."""

    widget = DateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value)
        parsed = parse_typed_date(text)
        if parsed is None:
            name = str(self.label or "Date")
            problem = "must include a year" if lacks_year(text) else "must be a real date"
            raise forms.ValidationError(f"{name} {problem}", code="invalid")
        return parsed


class TypedDateFilter(django_filters.DateFilter):
    """A list's date filter that reads dates as the forms do."""

    field_class = TypedDateField
