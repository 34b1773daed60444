"""The aggregation layer: figures built from records made in the test, and returns."""

import doctest
from datetime import date

import pytest

from activity import actions
from activity.models import ClientGroup
from core.periods import FinancialYear, Span
from reports import figure_sql
from reports.figures import monthly_series, per_working_day, year_table, year_tables, year_value
from reports.models import Target
from tests.factories import (
    AreaFactory,
    CdopCaseFactory,
    ConsultationFactory,
    MashEnquiryFactory,
    ServiceFactory,
    UserFactory,
)

Y2020, Y2021 = FinancialYear(2020), FinancialYear(2021)


@pytest.fixture
def areas(db):
    trust = AreaFactory(slug="trust", name="Trust", short_name="All")
    bsw = AreaFactory(slug="bsw", name="BSW", parent=trust, display_order=2)
    return {
        "trust": trust,
        "oxon": AreaFactory(slug="oxon", name="Oxfordshire", short_name="Oxon", parent=trust, display_order=1),
        "bsw": bsw,
        "swindon": AreaFactory(slug="swindon", name="Swindon", parent=bsw, display_order=1),
        "wiltshire": AreaFactory(slug="wiltshire", name="Wiltshire", parent=bsw, display_order=2),
    }


@pytest.fixture
def lead(db):
    return UserFactory()


def _child_calls(area, *days):
    for day in days:
        ConsultationFactory(area=area, date=day, client_group=ClientGroup.CHILD)


def test_a_year_runs_from_1_april_to_31_march(areas):
    _child_calls(areas["oxon"], date(2021, 3, 31), date(2021, 4, 1), date(2022, 3, 31), date(2022, 4, 1))
    table = year_table("child_consultations", [Y2020, Y2021])
    assert table.total.values == [1, 2]


def test_only_the_metrics_own_records_count(areas):
    _child_calls(areas["oxon"], date(2021, 5, 1))
    ConsultationFactory(area=areas["oxon"], date=date(2021, 5, 1), client_group=ClientGroup.ADULT)
    assert year_value("child_consultations", Y2021) == 1
    assert year_value("adult_consultations", Y2021) == 1


def test_rows_by_area_add_up_the_areas_below_each_row(areas):
    _child_calls(areas["swindon"], date(2021, 5, 1), date(2021, 6, 1))
    _child_calls(areas["wiltshire"], date(2021, 5, 1))
    _child_calls(areas["oxon"], date(2021, 5, 1))
    by_partnership = year_table("child_consultations", [Y2021], by="area")
    assert [(row.label, row.values) for row in by_partnership.rows] == [("Oxon", [1]), ("BSW", [3])]
    by_local_authority = year_table("child_consultations", [Y2021], by="area", area_rows="leaves")
    assert [(row.label, row.values) for row in by_local_authority.rows] == [
        ("Oxon", [1]),
        ("Swindon", [2]),
        ("Wiltshire", [1]),
    ]
    inside_bsw = year_table("child_consultations", [Y2021], by="area", within=areas["bsw"])
    assert [(row.label, row.values) for row in inside_bsw.rows] == [("Swindon", [2]), ("Wiltshire", [1])]
    assert inside_bsw.total.values == [3]


def test_a_return_fills_a_year_without_records(areas, lead):
    actions.enter_return(
        metric="child_consultations", area=areas["oxon"], period=Y2020, value=40, source="spreadsheet", by=lead
    )
    _child_calls(areas["oxon"], date(2021, 5, 1))
    table = year_table("child_consultations", [Y2020, Y2021], by="area")
    oxon = table.row("Oxon")
    assert oxon.values == [40, 1]
    assert [cell.source for cell in oxon.cells] == ["returns", "records"]


def test_records_win_over_a_return_for_the_same_area_and_year_and_the_return_is_flagged(areas, lead):
    _child_calls(areas["swindon"], date(2021, 5, 1), date(2021, 5, 2))
    actions.enter_return(
        metric="child_consultations", area=areas["bsw"], period=Y2021, value=99, source="old system", by=lead
    )
    actions.enter_return(
        metric="child_consultations", area=areas["oxon"], period=Y2021, value=7, source="old system", by=lead
    )
    table = year_table("child_consultations", [Y2021], by="area")
    bsw, oxon = table.row("BSW").cells[0], table.row("Oxon").cells[0]
    assert (bsw.value, bsw.source, bsw.superseded_returns) == (2, "records", 1)
    assert (oxon.value, oxon.source, oxon.superseded_returns) == (7, "returns", 0)
    assert table.total.values == [9]


def test_a_return_for_one_service_is_not_superseded_by_records_of_another(areas, lead):
    community, mental_health = ServiceFactory(slug="community"), ServiceFactory(slug="mh")
    ConsultationFactory(area=areas["oxon"], date=date(2021, 5, 1), client_group="child", service=community)
    actions.enter_return(
        metric="child_consultations",
        area=areas["oxon"],
        service=mental_health,
        period=Y2021,
        value=5,
        source="MH system",
        by=lead,
    )
    table = year_table("child_consultations", [Y2021], by="service")
    assert [(row.label, row.values) for row in table.rows] == [(community.name, [1]), (mental_health.name, [5])]


def test_a_service_filter_keeps_only_those_services(areas, lead):
    community, mental_health = ServiceFactory(slug="community"), ServiceFactory(slug="mh")
    for service in (community, mental_health, mental_health):
        ConsultationFactory(area=areas["oxon"], date=date(2021, 5, 1), client_group="child", service=service)
    assert year_table("child_consultations", [Y2021], services=[mental_health]).total.values == [2]


def test_an_empty_cell_is_zero_when_the_app_was_in_use_and_no_data_before(areas, lead):
    _child_calls(areas["oxon"], date(2021, 5, 1))
    actions.enter_return(
        metric="child_consultations", area=areas["oxon"], period=Y2020, value=40, source="spreadsheet", by=lead
    )
    table = year_table("child_consultations", [Y2020, Y2021], by="area")
    assert table.row("BSW").values == [None, 0]


def test_open_cases_are_counted_at_the_end_of_each_year(areas):
    oxon = areas["oxon"]
    MashEnquiryFactory(area=oxon, date=date(2021, 3, 30), closed_on=date(2021, 4, 2))  # open at end of 2020/21
    MashEnquiryFactory(area=oxon, date=date(2022, 3, 1), closed_on=None)  # still open
    MashEnquiryFactory(area=oxon, date=date(2022, 3, 1), closed_on=date(2022, 3, 31))  # closed on the last day
    MashEnquiryFactory(area=oxon, date=date(2022, 3, 1), closed_on=date(2022, 4, 1))  # closed the day after
    assert year_table("mash_open_cases", [Y2020, Y2021]).total.values == [1, 2]


def test_cdop_cases_are_counted_by_review_date_and_known_cases_by_notification(areas):
    CdopCaseFactory(area=areas["oxon"], date=date(2021, 2, 1), reviewed_on=date(2021, 5, 1))
    CdopCaseFactory(area=areas["oxon"], date=date(2022, 3, 20), reviewed_on=None, known_to_trust_services=True)
    assert year_table("cdop_cases_reviewed", [Y2020, Y2021]).total.values == [0, 1]
    assert year_value("cdop_cases_known", Y2021) == 1


def test_average_per_working_day_divides_by_weekdays():
    assert per_working_day(4726, Y2021) == 18
    assert per_working_day(261, Y2021) == 1


@pytest.mark.parametrize("records", [10, 200])
def test_the_number_of_queries_does_not_grow_with_the_records(areas, lead, records, django_assert_max_num_queries):
    creator = UserFactory()
    for number in range(records):
        area = areas["swindon"] if number % 2 else areas["oxon"]
        ConsultationFactory(area=area, date=date(2021, 4, 1 + number % 28), client_group="child", by=creator)
    actions.enter_return(
        metric="child_consultations", area=areas["oxon"], period=Y2020, value=40, source="spreadsheet", by=lead
    )
    with django_assert_max_num_queries(5):
        table = year_table("child_consultations", Y2021.last(3), by="area")
    assert table.total.values == [None, 40, records]


def test_monthly_series_counts_each_month_and_says_none_before_the_app_was_in_use(areas):
    _child_calls(areas["oxon"], date(2021, 5, 3), date(2021, 5, 31), date(2021, 7, 1))
    ConsultationFactory(area=areas["oxon"], date=date(2021, 6, 9), client_group=ClientGroup.ADULT)
    series = monthly_series("child_consultations", date(2021, 4, 1), date(2021, 7, 31))
    assert series == [(date(2021, 4, 1), None), (date(2021, 5, 1), 2), (date(2021, 6, 1), 0), (date(2021, 7, 1), 1)]


def test_a_target_applies_from_its_year_until_a_later_one(db):
    Target.objects.create(name="training_compliance", percent=85, from_year=2019)
    Target.objects.create(name="training_compliance", percent=90, from_year=2022)
    assert Target.objects.for_year("training_compliance", FinancialYear(2018)) is None
    assert Target.objects.for_year("training_compliance", FinancialYear(2021)).percent == 85
    assert Target.objects.for_year("training_compliance", FinancialYear(2023)).percent == 90


def test_year_to_date_spans_compare_the_same_part_of_each_year(areas):
    _child_calls(areas["oxon"], date(2020, 5, 1), date(2020, 12, 1), date(2021, 5, 1))
    this = Span(date(2021, 4, 1), date(2021, 9, 30), "2021/22 to 30 September")
    last = Span(date(2020, 4, 1), date(2020, 9, 30), "2020/21 to 30 September")
    assert year_table("child_consultations", [last, this]).total.values == [1, 1]


def test_a_return_for_a_service_is_read_in_the_same_statements_as_the_other_tables(
    areas, lead, django_assert_max_num_queries
):
    community = ServiceFactory(slug="community")
    _child_calls(areas["oxon"], date(2021, 5, 1))
    ConsultationFactory(area=areas["swindon"], date=date(2021, 5, 1), client_group="child", service=community)
    actions.enter_return(
        metric="child_consultations", area=areas["bsw"], service=community, period=Y2021, value=9, source="x", by=lead
    )
    actions.enter_return(
        metric="adult_consultations", area=areas["bsw"], service=community, period=Y2021, value=4, source="x", by=lead
    )
    slugs = ["child_consultations", "adult_consultations", "mash_open_cases", "service_audits_completed"]
    # areas, returns, figures not collected, events, open at the end, periods in use
    with django_assert_max_num_queries(6):
        tables = year_tables(slugs, [Y2020, Y2021], by="area")
    for slug in slugs:
        alone = year_table(slug, [Y2020, Y2021], by="area")
        assert [(r.label, r.values, [c.superseded_returns for c in r.cells]) for r in tables[slug].rows] == [
            (r.label, r.values, [c.superseded_returns for c in r.cells]) for r in alone.rows
        ]
    bsw = tables["child_consultations"].row("BSW").cells[1]
    assert (bsw.value, bsw.superseded_returns) == (1, 1)
    assert tables["adult_consultations"].row("BSW").values == [None, 4]


def test_each_statement_renders_as_its_docstring_shows():
    """The SQL module's docstrings are its documentation: each example must still be what it renders."""
    result = doctest.testmod(figure_sql, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 12
    assert result.failed == 0
