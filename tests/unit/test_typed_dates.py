"""Dates as people type them (core.typed_dates): the spellings accepted, the two-digit year, and what is refused."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.templatetags.numbers import thousands
from core.typed_dates import TypedDateField, lacks_year, parse_typed_date

NOV_30 = date(2026, 11, 30)


@pytest.mark.parametrize(
    "typed",
    [
        "30/11/2026",
        "30/11/26",
        "30-11-2026",
        "30.11.2026",
        "30 11 2026",
        "30 Nov 2026",
        "30 nov 26",
        "30 November 2026",
        "30th November 2026",
        "30 Nov, 2026",
        "  30   NOVEMBER  2026 ",
        "2026-11-30",
    ],
)
def test_each_spelling_of_a_day_is_read_as_that_day(typed):
    assert parse_typed_date(typed) == NOV_30


def test_a_day_and_month_without_leading_zeros_are_read():
    assert parse_typed_date("1/6/21") == date(2021, 6, 1)
    assert parse_typed_date("2021-6-1") == date(2021, 6, 1)
    assert parse_typed_date("1 Sept 2021") == date(2021, 9, 1)


@pytest.mark.parametrize(("two_digits", "year"), [("00", 2000), ("26", 2026), ("68", 2068), ("69", 2069), ("99", 2099)])
def test_a_two_digit_year_is_always_in_this_century(two_digits, year):
    # Python's own %y would make 69 to 99 the 1900s: the tracker holds nothing before 2000.
    assert parse_typed_date(f"1/4/{two_digits}") == date(year, 4, 1)


@pytest.mark.parametrize(
    "typed",
    ["31/02/2026", "30/13/2026", "30 Novembr 2026", "30/11/202", "11/30/2026", "2026/11/30", "tomorrow", "30112026"],
)
def test_what_names_no_real_day_is_refused(typed):
    assert parse_typed_date(typed) is None


def test_a_day_and_month_alone_is_known_to_lack_its_year():
    assert lacks_year("30/11") and lacks_year("30 Nov")
    assert not lacks_year("30/11/2026") and not lacks_year("yesterday")


def test_the_field_names_itself_in_its_errors():
    field = TypedDateField(label="Date received")
    with pytest.raises(ValidationError, match="Date received must be a real date"):
        field.clean("31/02/2026")
    with pytest.raises(ValidationError, match="Date received must include a year"):
        field.clean("30 Nov")
    assert field.clean("30 Nov 26") == NOV_30


@pytest.mark.parametrize(("value", "shown"), [(1427, "1,427"), (1000000, "1,000,000"), (12, "12"), (None, None)])
def test_counts_are_written_with_thousands_separators(value, shown):
    assert thousands(value) == shown


def test_text_and_true_or_false_are_left_as_they_are():
    assert thousands("DEMO-1427") == "DEMO-1427"
    assert thousands(True) is True
