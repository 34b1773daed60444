"""Loading the demo through one day and then a later one leaves what loading through the later day at once
does, and a day's records are planned the same way each time (with new references).

Every load here is through a fixed day, never today.
"""

from datetime import date

import pytest
from django.db import transaction

from core.periods import FinancialYear, Quarter, Span
from demo.later_records import day_planner
from demo.loader import load_demo
from demo.reference import load_reference
from reports.figures import year_table

pytestmark = pytest.mark.django_db

SEED_YEAR = FinancialYear(2021)
EARLIER, LATER = date(2022, 7, 13), date(2022, 7, 20)
PERIODS = [SEED_YEAR, Quarter(SEED_YEAR, 4), Quarter(FinancialYear(2022), 1), Span(date(2022, 7, 1), LATER)]
METRICS = [
    "child_consultations",
    "adult_referrals",
    "s42_enquiries",
    "mash_enquiries",
    "mash_open_cases",
    "mash_enquiries_closed",
    "mash_enquiries_closed_in_3_days",
    "cdop_cases_reviewed",
    "reviews_open",
    "review_actions_outstanding",
    "child_training_sessions",
]


def _figures() -> dict:
    """Each metric's figures by area (and in total) over the periods."""
    figures = {}
    for metric in METRICS:
        table = year_table(metric, PERIODS, by="area", area_rows="leaves")
        figures[metric] = {row.label: row.values for row in [*table.rows, table.total]}
    return figures


def _in_a_rolled_back_transaction(load):
    with transaction.atomic():
        result = load()
        transaction.set_rollback(True)
    return result


def test_loading_through_one_day_then_a_later_one_gives_the_figures_of_loading_through_the_later_day_at_once():
    def in_two_steps():
        first = load_demo(until=EARLIER)
        second = load_demo(until=LATER)
        again = load_demo(until=LATER)
        return first, second, again, _figures()

    first, second, again, stepped = _in_a_rolled_back_transaction(in_two_steps)
    at_once = _in_a_rolled_back_transaction(lambda: (load_demo(until=LATER), _figures()))[1]

    assert stepped == at_once
    # The second load added only the week since the first, and closed what came due in it.
    assert 0 < second["consultations"] < first["consultations"] / 10
    assert second["MASH enquiries brought up to date"] > 0
    assert second["reports started"] == 0  # the last complete quarter is still 2022/23 Q1
    assert sum(again.values()) == 0


def test_a_days_plan_is_the_same_each_time_it_is_made_but_its_references_are_new(db):
    load_reference()
    day = date(2022, 5, 10)
    first, again = day_planner().plan("MASH enquiries", day), day_planner().plan("MASH enquiries", day)

    assert [(e.area.slug, e.closed_on) for e in first] == [(e.area.slug, e.closed_on) for e in again]
    assert {e.reference for e in first}.isdisjoint({e.reference for e in again})
    assert all(e.reference.startswith("DEMO-MASH-") for e in first)
