"""Working days in England (core.working_days): Monday to Friday, England's bank holidays not counted."""

from datetime import date

import pytest

from core.working_days import add_working_days, is_working_day, subtract_working_days, working_days_after

FRIDAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (MONDAY, True),
        (FRIDAY, True),
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 8, 31), False),  # late summer bank holiday
        (date(2026, 12, 25), False),  # Christmas Day, a Friday
        (date(2026, 12, 28), False),  # Boxing Day falls on a Saturday: the Monday after is the holiday
        (date(2026, 12, 29), True),
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2027, 1, 1), False),
    ],
)
def test_a_working_day_is_a_weekday_that_is_not_a_bank_holiday(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (MONDAY, MONDAY, 0),
        (FRIDAY, MONDAY, 1),  # the weekend does not count
        (date(2026, 11, 28), MONDAY, 1),  # from a Saturday
        (FRIDAY, date(2026, 11, 28), 0),  # to a Saturday
        (date(2026, 11, 23), date(2026, 11, 30), 5),  # a week
        (date(2026, 8, 28), date(2026, 9, 1), 1),  # Friday to Tuesday over the late summer bank holiday
        (date(2026, 12, 24), date(2026, 12, 29), 1),  # Christmas Eve to the Tuesday after Christmas
        (date(2026, 12, 24), date(2027, 1, 4), 4),  # ... to the Monday after New Year's Day
        (MONDAY, FRIDAY, 0),  # an end before the start counts nothing
    ],
)
def test_working_days_after_counts_the_working_days_after_the_start_up_to_the_end(start, end, days):
    assert working_days_after(start, end) == days


@pytest.mark.parametrize(
    ("start", "count", "day"),
    [
        (FRIDAY, 0, FRIDAY),
        (FRIDAY, 1, MONDAY),
        (date(2026, 8, 28), 1, date(2026, 9, 1)),
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        (date(2026, 12, 24), 4, date(2027, 1, 4)),
    ],
)
def test_adding_working_days_skips_weekends_and_bank_holidays(start, count, day):
    assert add_working_days(start, count) == day
    if is_working_day(start):
        assert subtract_working_days(day, count) == start


@pytest.mark.parametrize("count", [0, 1, 2, 5, 6, 10, 11, 30])
def test_subtracting_then_counting_gives_the_same_number_of_working_days(count):
    for today in (MONDAY, date(2026, 12, 29), date(2027, 1, 4), date(2026, 9, 1)):
        assert working_days_after(subtract_working_days(today, count), today) == count
