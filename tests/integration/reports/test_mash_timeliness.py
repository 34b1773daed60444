"""The dashboard's MASH section: the open enquiries by how many working days they have waited, and the share
whose health information was shared within one working day, against its target."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activity import actions
from core.periods import FinancialYear
from core.working_days import subtract_working_days
from reports.mash_timeliness import TARGET_NAME, timeliness_of
from reports.models import Target
from tests.factories import MashEnquiryFactory

YEAR = FinancialYear(2026)
MONDAY = date(2026, 11, 30)


def _open(areas, lead, received, area="oxon", **fields):
    return MashEnquiryFactory(area=areas[area], date=received, closed_on=None, by=lead, **fields)


def _bands(areas, today, area="trust"):
    return {band.band.slug: band.count for band in timeliness_of(YEAR, areas[area], today).bands}


@pytest.mark.parametrize(
    ("age", "band"),
    [(0, "0-1"), (1, "0-1"), (2, "2-5"), (5, "2-5"), (6, "6-10"), (10, "6-10"), (11, "over-10"), (40, "over-10")],
)
def test_an_open_enquiry_falls_in_the_band_of_its_age_in_working_days(areas, lead, age, band):
    _open(areas, lead, subtract_working_days(MONDAY, age))

    counts = _bands(areas, MONDAY)

    assert counts == {slug: (1 if slug == band else 0) for slug in ("0-1", "2-5", "6-10", "over-10")}


@pytest.mark.parametrize(
    ("received", "today", "band"),
    [
        (date(2026, 11, 27), MONDAY, "0-1"),  # a Friday's enquiry is 1 working day old on the Monday
        (date(2026, 11, 26), MONDAY, "2-5"),  # Thursday's is 2
        (date(2026, 11, 28), MONDAY, "0-1"),  # one received on a Saturday
        (date(2026, 11, 26), date(2026, 11, 28), "0-1"),  # seen on a Saturday, Thursday's is 1 working day old
        (date(2026, 11, 25), date(2026, 11, 28), "2-5"),
        (date(2026, 8, 28), date(2026, 9, 1), "0-1"),  # over the late summer bank holiday
        (date(2026, 8, 27), date(2026, 9, 1), "2-5"),
        (date(2026, 12, 24), date(2026, 12, 29), "0-1"),  # over Christmas Day and the Boxing Day holiday
        (date(2026, 12, 23), date(2026, 12, 29), "2-5"),
        (date(2026, 12, 11), date(2026, 12, 29), "6-10"),  # 10 working days, Christmas left out
        (date(2026, 12, 10), date(2026, 12, 29), "over-10"),
    ],
)
def test_weekends_and_bank_holidays_do_not_age_an_enquiry(areas, lead, received, today, band):
    _open(areas, lead, received)

    assert _bands(areas, today)[band] == 1


def test_only_open_current_enquiries_in_the_chosen_area_are_counted(areas, lead):
    _open(areas, lead, MONDAY)
    _open(areas, lead, MONDAY, area="swindon")
    MashEnquiryFactory(area=areas["oxon"], date=MONDAY, closed_on=MONDAY, by=lead)
    archived = _open(areas, lead, MONDAY)
    actions.archive_record(record=archived, by=lead, reason="Duplicate")

    assert _bands(areas, MONDAY)["0-1"] == 2
    assert _bands(areas, MONDAY, area="oxon")["0-1"] == 1
    assert _bands(areas, MONDAY, area="bsw")["0-1"] == 1


def test_the_share_within_one_working_day_leaves_out_the_days_still_in_time(areas, lead):
    wednesday = date(2026, 12, 2)
    MashEnquiryFactory(area=areas["oxon"], date=date(2026, 11, 27), health_shared_on=MONDAY, by=lead)  # 1: in time
    MashEnquiryFactory(area=areas["oxon"], date=date(2026, 11, 26), health_shared_on=MONDAY, by=lead)  # 2: late
    _open(areas, lead, MONDAY)  # 2 working days and not shared: late
    _open(areas, lead, date(2026, 12, 1))  # yesterday's: may still be shared in time today, so left out
    Target.objects.create(name=TARGET_NAME, percent=Decimal("95.0"), from_year=2018)

    mash = timeliness_of(YEAR, areas["trust"], wednesday)

    assert (mash.received, mash.shared_in_time) == (3, 1)
    assert mash.span.end == MONDAY
    assert round(mash.percent, 1) == 33.3
    assert (mash.target, mash.below_target) == (95.0, True)
    assert (mash.shared, mash.shared_later, mash.not_yet_shared) == (2, 1, 1)


def test_the_target_in_force_is_the_latest_set_from_the_year_or_before(areas, lead):
    MashEnquiryFactory(area=areas["oxon"], date=date(2026, 11, 27), health_shared_on=MONDAY, by=lead)
    Target.objects.create(name=TARGET_NAME, percent=Decimal("90.0"), from_year=2020)
    Target.objects.create(name=TARGET_NAME, percent=Decimal("99.0"), from_year=2027)

    mash = timeliness_of(YEAR, areas["trust"], date(2026, 12, 2))

    assert (mash.percent, mash.target, mash.below_target) == (100.0, 90.0, False)


def test_no_figure_before_the_first_days_working_day_has_run_out(areas, lead):
    _open(areas, lead, YEAR.start)

    mash = timeliness_of(YEAR, areas["trust"], YEAR.start)

    assert (mash.span, mash.percent, mash.shared) == (None, None, 0)
    assert _bands(areas, YEAR.start)["0-1"] == 1


def _queries(areas, today) -> int:
    with CaptureQueriesContext(connection) as queries:
        timeliness_of(YEAR, areas["trust"], today)
    return len(queries)


def test_the_section_asks_the_same_few_queries_however_many_enquiries(areas, lead):
    today = date(2026, 11, 27)
    _open(areas, lead, today)
    few = _queries(areas, today)
    for days_back in range(1, 40):
        received = today - timedelta(days=days_back)
        _open(areas, lead, received, health_shared_on=received + timedelta(days=days_back % 3))
        _open(areas, lead, received, area="swindon")

    assert _queries(areas, today) == few <= 4


def test_the_dashboard_shows_the_section_and_links_each_band_to_the_queue(client, lead, executive, areas):
    _open(areas, lead, date.today() - timedelta(days=30))

    client.force_login(lead)
    page = client.get(reverse("dashboard")).content.decode()

    assert "MASH timeliness" in page
    assert "Health information shared within one working day" in page
    assert f"{reverse('mash_queue')}?area={areas['trust'].pk}&amp;age=over-10" in page

    client.force_login(executive)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Over 10 working days" in page
    assert reverse("mash_queue") not in page  # figures, not the queue of cases
