"""Working days in England: Monday to Friday, without England's bank holidays (the ``holidays`` package, which
follows the UK government's published list, substitute days included).

Used where a working day is a promise to someone (a MASH enquiry answered within one working day); the seed
report's "average per day" figures divide by weekdays alone (``core.periods.working_days``).
"""

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_after(start: date, end: date) -> int:
    """The working days after ``start`` up to and including ``end``: 0 on the same day, 1 from a Friday to the
    Monday after, 0 if ``end`` is before ``start``."""
    if end <= start:
        return 0
    return sum(1 for offset in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=offset)))


def add_working_days(start: date, count: int) -> date:
    """The day ``count`` working days after ``start``."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        count -= is_working_day(day)
    return day


def subtract_working_days(end: date, count: int) -> date:
    """The day ``count`` working days before ``end``."""
    day = end
    while count > 0:
        day -= timedelta(days=1)
        count -= is_working_day(day)
    return day
