"""The demo after 2021/22, loaded through the tests' fixed day (``settings.DEMO_UNTIL``, 20 July 2022): records
for every working day to that day; follow-ups never after it; the long tail's quarterly returns; the seed's year
untouched; a later load brings up to date what came due.
"""

from datetime import date

import pytest

from activity.models import (
    CdopCase,
    Consultation,
    DailyCount,
    MashEnquiry,
    Return,
    Review,
    ReviewAction,
    S42Enquiry,
    TrainingSession,
)
from core.periods import FinancialYear, Quarter
from demo.loader import load_demo
from reports.figures import year_table

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

SEED_YEAR = FinancialYear(2021)
LATER = date(2022, 7, 20)  # the tests' settings.DEMO_UNTIL
Q1_2022 = Quarter(FinancialYear(2022), 1)


def test_every_working_day_from_april_2022_to_the_day_loaded_to_has_records_and_no_later_day_has_any():
    days = set(Consultation.objects.filter(date__gte=date(2022, 4, 1)).values_list("date", flat=True))
    assert min(days) == date(2022, 4, 1) and max(days) == LATER
    assert all(day.weekday() < 5 for day in days)
    assert len(days) == 79  # the weekdays from Friday 1 April to Wednesday 20 July 2022, counted on a calendar
    for model in (MashEnquiry, CdopCase, S42Enquiry, Review, TrainingSession):
        assert not model.objects.filter(date__gt=LATER).exists(), model.__name__


def test_no_follow_up_date_is_after_the_day_loaded_to_and_some_records_are_left_open_for_a_later_load():
    assert not MashEnquiry.objects.filter(closed_on__gt=LATER).exists()
    assert not CdopCase.objects.filter(reviewed_on__gt=LATER).exists()
    assert not S42Enquiry.objects.filter(outcome_shared_on__gt=LATER).exists()
    for field in ("rapid_review_completed_on", "commissioned_on", "completed_on", "published_on"):
        assert not Review.objects.filter(**{f"{field}__gt": LATER}).exists(), field
    assert not ReviewAction.objects.filter(completed_on__gt=LATER).exists()
    assert not ReviewAction.objects.filter(agreed_on__gt=LATER).exists()
    # Enquiries received in the last days are still open, as they would be on the day.
    assert MashEnquiry.objects.filter(date=LATER, closed_on__isnull=True).exists()
    assert CdopCase.objects.filter(date__gte=date(2022, 7, 1), reviewed_on__isnull=True).exists()


def test_the_seed_years_figures_are_the_seed_reports_after_the_later_years_are_added():
    # The seed report's figures for 2021/22 (../shared/seeds/000_3c5ac8f93228db33.txt).
    assert year_table("child_consultations", [SEED_YEAR]).total.values == [1427]
    assert year_table("adult_consultations", [SEED_YEAR]).total.values == [429]
    assert year_table("s42_enquiries", [SEED_YEAR]).total.values == [31]
    mash = {row.label: row.values for row in year_table("mash_enquiries", [SEED_YEAR], by="area").rows}
    assert mash["Oxon"] == [4726] and mash["Bucks"] == [638]
    open_cases = {row.label: row.values for row in year_table("mash_open_cases", [SEED_YEAR], by="area").rows}
    assert open_cases["Bucks"] == [253]


def test_each_long_tail_figure_has_a_return_for_the_complete_quarter_and_none_for_the_quarter_under_way():
    long_tail = [
        "allegations_against_staff",
        "court_reports_supported",
        "child_safeguarding_incidents",
        "service_audits_completed",
        "marac_referrals",
        "mappa_information_shares",
        "fgm_cases_discussed",
        "training_staff_compliant",
        "training_staff_required",
    ]
    for metric in long_tail:
        quarters = Return.objects.filter(metric=metric, period_start__gte=Q1_2022.start)
        assert set(quarters.values_list("period_start", "period_end")) == {(Q1_2022.start, Q1_2022.end)}, metric
        assert year_table(metric, [Q1_2022]).total.cells[0].from_returns, metric
    incidents = Return.objects.filter(metric="child_safeguarding_incidents", period_start=Q1_2022.start)
    assert set(incidents.values_list("service__name", flat=True)) == {
        "Oxon & South West Mental Health",
        "Bucks Mental Health",
        "Community Health",
        "Specialised Services",
    }
    allegations = Return.objects.filter(metric="allegations_against_staff", period_start=Q1_2022.start)
    assert set(allegations.values_list("area__slug", flat=True)) == {"oxfordshire", "swindon", "buckinghamshire"}
    compliant = Return.objects.get(metric="training_staff_compliant", period_start=Q1_2022.start).value
    required = Return.objects.get(metric="training_staff_required", period_start=Q1_2022.start).value
    assert 0.8 < compliant / required < 0.95


def test_a_later_load_brings_records_up_to_date_and_keeps_the_daily_counts_agreeing_with_the_records():
    open_before = MashEnquiry.objects.filter(date=LATER, closed_on__isnull=True).count()

    load_demo(until=date(2022, 8, 5))

    assert MashEnquiry.objects.filter(date=LATER, closed_on__isnull=True).count() < open_before
    closed_in_july = MashEnquiry.objects.filter(closed_on__range=(date(2022, 7, 1), date(2022, 7, 31))).count()
    counted = DailyCount.objects.filter(
        series="mash_enquiries_closed", day__range=(date(2022, 7, 1), date(2022, 7, 31))
    ).values_list("count", flat=True)
    assert sum(counted) == closed_in_july
