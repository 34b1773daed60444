"""How long the open MASH enquiries have waited, in working days (``core.working_days``), and the bands the
dashboard counts them in: 0 to 1, 2 to 5, 6 to 10 and over 10 working days.

An enquiry's age is the working days after the day it was received up to today: received on a Friday, it is 1
working day old on the Monday after. Each band is turned into dates received, so the database counts and lists
the enquiries in it without knowing England's bank holidays.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from core.working_days import is_working_day, subtract_working_days, working_days_after

OPEN = Q(closed_on__isnull=True)


@dataclass(frozen=True)
class AgeBand:
    slug: str
    label: str
    fewest: int  # working days
    most: int | None  # None: no upper limit


AGE_BANDS = (
    AgeBand("0-1", "0 to 1 working days", 0, 1),
    AgeBand("2-5", "2 to 5 working days", 2, 5),
    AgeBand("6-10", "6 to 10 working days", 6, 10),
    AgeBand("over-10", "Over 10 working days", 11, None),
)
BANDS_BY_SLUG = {band.slug: band for band in AGE_BANDS}


def age_in_working_days(received: date, today: date) -> int:
    return working_days_after(received, today)


def earliest_received_at_most(age: int, today: date) -> date:
    """The first day an enquiry can have been received and be no more than ``age`` working days old today: the
    working day ``age`` working days before the latest working day up to today."""
    latest = today if is_working_day(today) else subtract_working_days(today, 1)
    return subtract_working_days(latest, age)


def received_in(band: AgeBand, today: date) -> Q:
    """The enquiries whose age today falls in ``band``, as a condition on the date received."""
    condition = Q()
    if band.fewest > 0:
        condition &= Q(date__lt=earliest_received_at_most(band.fewest - 1, today))
    if band.most is not None:
        condition &= Q(date__gte=earliest_received_at_most(band.most, today))
    return condition


def last_day_past_its_deadline(today: date) -> date:
    """The last day received whose one working day has run out by today: an enquiry received after it may still
    be shared in time today."""
    return earliest_received_at_most(1, today) - timedelta(days=1)
