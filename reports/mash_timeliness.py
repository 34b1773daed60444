"""The dashboard's MASH section: how soon the Trust shares its health information with the hub, and how long
the open enquiries have waited.

- The share of enquiries whose health information was shared within one working day, for the year to date,
  against its target (``reports.Target``, data an administrator keeps). Counted by the day received, from the
  daily counts; the days received whose working day has not yet run out are left out (an enquiry received today
  may still be shared in time).
- How many of those were shared later than that, and how many are not shared yet: from the same daily counts.
  (A median of the working days read from the records themselves took 1.6 s at 2.9 million enquiries: not on a
  page that must not slow as records grow.)
- The open enquiries by age band (``activity.mash_ageing``), in one query: each band's dates received worked
  out here, the database counting with a filter per band.

Three queries in all, whatever the number of records.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.http import urlencode

from activity.mash_ageing import AGE_BANDS, OPEN, AgeBand, last_day_past_its_deadline, received_in
from activity.metrics import MASH_SHARED_IN_ONE_WORKING_DAY
from activity.models import Area, MashEnquiry
from activity.models.counts import DailyCount
from core.periods import FinancialYear, Span, year_to_date
from reports.models import Target

# The target's name in ``reports.Target`` (an administrator sets its percentage from a year on).
TARGET_NAME = Target.Name.MASH_SHARED_IN_ONE_WORKING_DAY
RECEIVED = "mash_enquiries"
SHARED = "mash_health_shared"


@dataclass
class BandCount:
    band: AgeBand
    count: int
    url: str


@dataclass
class MashTimeliness:
    span: Span | None  # the days received counted; None before the year's first working day has run out
    received: int
    shared_in_time: int
    target: float | None
    shared: int
    bands: list[BandCount]
    queue_url: str

    @property
    def percent(self) -> float | None:
        return 100 * self.shared_in_time / self.received if self.received else None

    @property
    def shared_later(self) -> int:
        return self.shared - self.shared_in_time

    @property
    def not_yet_shared(self) -> int:
        return self.received - self.shared

    @property
    def below_target(self) -> bool:
        return self.percent is not None and self.target is not None and self.percent < self.target

    @property
    def open_count(self) -> int:
        return sum(band.count for band in self.bands)


def timeliness_of(year: FinancialYear, area: Area, today: date) -> MashTimeliness:
    span = _span(year, today)
    counts = _counts(span, area) if span else {}
    target = Target.objects.for_year(TARGET_NAME, year)
    queue = reverse("mash_queue")
    return MashTimeliness(
        span=span,
        received=counts.get(RECEIVED, 0),
        shared_in_time=counts.get(MASH_SHARED_IN_ONE_WORKING_DAY, 0),
        target=float(target.percent) if target else None,
        shared=counts.get(SHARED, 0),
        bands=_bands(area, today, queue),
        queue_url=f"{queue}?{urlencode({'area': area.pk})}",
    )


def _span(year: FinancialYear, today: date) -> Span | None:
    """The year to date, ending on the last day received whose one working day has run out."""
    this_span = year_to_date(year, today)[1] if today >= year.start else None
    if this_span is None:
        return None
    end = min(this_span.end, last_day_past_its_deadline(today))
    if end < this_span.start:
        return None
    return Span(this_span.start, end, f"received {this_span.start:%-d %B %Y} to {end:%-d %B %Y}")


def _counts(span: Span, area: Area) -> dict[str, int]:
    rows = (
        DailyCount.objects.filter(
            series__in=[RECEIVED, SHARED, MASH_SHARED_IN_ONE_WORKING_DAY],
            day__range=(span.start, span.end),
            area__path__startswith=area.path,
        )
        .values("series")
        .annotate(total=Sum("count"))
        .order_by()
    )
    return {row["series"]: row["total"] for row in rows}


def _bands(area: Area, today: date, queue: str) -> list[BandCount]:
    per_band = {f"band_{index}": Count("date", filter=received_in(band, today)) for index, band in enumerate(AGE_BANDS)}
    counts = MashEnquiry.objects.within(area).filter(OPEN).aggregate(**per_band)
    return [
        BandCount(band, counts[f"band_{index}"], f"{queue}?{urlencode({'area': area.pk, 'age': band.slug})}")
        for index, band in enumerate(AGE_BANDS)
    ]
