"""Importing returns: years and quarters, corrections, and every bad row reported at once."""

import csv
import io
from datetime import date

import pytest

from accounts import roles
from activity import actions
from activity.importing import apply_import, plan_import
from activity.models import Area, Return, Service
from core.periods import FinancialYear, Quarter
from demo.reference import load_reference
from tests.factories import UserFactory

HEADERS = ["Metric", "Area", "Service", "Category", "Period", "Value", "Source", "Note"]


@pytest.fixture(autouse=True)
def seed_areas(db):
    """The lines name the seed trust's areas and services: every test here has them, by slug."""
    load_reference()
    return {area.slug: area for area in Area.objects.all()}


def line(metric="marac_referrals", area="Oxfordshire", service="", category="", period="2021/22", value="12", **rest):
    return {
        "Metric": metric,
        "Area": area,
        "Service": service,
        "Category": category,
        "Period": period,
        "Value": value,
        "Source": rest.get("source", "MARAC coordinator"),
        "Note": rest.get("note", ""),
    }


def returns_file(*lines, headers=HEADERS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headers, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(lines)
    return buffer.getvalue().encode()


def plan_lines(user, *lines, **kwargs):
    return plan_import(kind="returns", content=returns_file(*lines, **kwargs), file_name="returns.csv", user=user)


def problems(plan):
    return [(error.row_number, error.column, error.reason) for error in plan.errors]


def test_a_lead_imports_years_and_quarters_and_each_return_says_it_came_from_the_file(lead, seed_areas):
    plan = plan_lines(
        lead,
        line(value="40"),
        line(metric="MAPPA information shares", period="Q1 2021/22", value="3", note="From MAPPA minutes"),
        line(metric="child_consultations", service="Community Health", period="2020/21", value="297"),
    )
    assert (plan.errors, plan.new_count) == ([], 3)

    summary = apply_import(plan, by=lead, file_name="returns.csv")

    assert summary["new"] == 3
    marac = Return.objects.get(metric="marac_referrals")
    assert (marac.area, marac.period_label, marac.value, marac.entered_by) == (
        seed_areas["oxfordshire"],
        "2021/22",
        40,
        lead,
    )
    mappa = Return.objects.get(metric="mappa_information_shares")
    assert (mappa.period_start, mappa.period_end) == (date(2021, 4, 1), date(2021, 6, 30))
    assert mappa.note == "From MAPPA minutes"
    assert Return.objects.get(metric="child_consultations").service == Service.objects.get(slug="community-health")
    assert marac.history.get().history_change_reason == "Imported from returns.csv"


def test_the_same_returns_file_twice_changes_nothing(lead):
    lines = [line(), line(period="Q2 2021/22", metric="fgm_cases_discussed", value="1")]
    apply_import(plan_lines(lead, *lines), by=lead, file_name="returns.csv")

    again = plan_lines(lead, *lines)
    apply_import(again, by=lead, file_name="returns.csv")

    assert (again.new_count, again.changed_count, again.unchanged_count) == (0, 0, 2)
    assert Return.objects.count() == 2
    assert Return.history.count() == 2


def test_a_different_value_corrects_the_return_and_its_history_says_why(lead, seed_areas):
    entered_by = UserFactory(role=roles.LEAD)
    actions.enter_return(
        metric="marac_referrals",
        area=seed_areas["oxfordshire"],
        period=FinancialYear(2021),
        value=10,
        source="MARAC coordinator",
        note="Provisional",
        by=entered_by,
    )

    plan = plan_lines(lead, line(value="12"))
    apply_import(plan, by=lead, file_name="corrections.csv")

    assert (plan.new_count, plan.changed_count) == (0, 1)
    assert plan.changed_rows[0].changes == [("Value", "10", "12")]
    entry = Return.objects.get()
    assert (entry.value, entry.note, entry.entered_by, entry.updated_by) == (12, "Provisional", entered_by, lead)
    assert entry.history.first().history_change_reason == "Imported from corrections.csv"


def test_quarters_may_be_written_either_way_round(lead):
    plan = plan_lines(lead, line(period="q3 2021/22"), line(period="2020/21 Q4"))
    apply_import(plan, by=lead, file_name="returns.csv")

    assert sorted(entry.period_label for entry in Return.objects.all()) == ["Q3 2021/22", "Q4 2020/21"]


def test_service_category_and_note_columns_may_be_left_out(lead):
    plan = plan_lines(lead, line(), headers=["Metric", "Area", "Period", "Value", "Source"])

    assert (plan.file_error, plan.errors, plan.new_count) == (None, [], 1)


BAD_LINES = [
    ({"metric": "happiness"}, "Metric", "is not a metric that takes returns"),
    ({"metric": ""}, "Metric", "is required"),
    ({"area": "Narnia"}, "Area", "is not a known area"),
    ({"service": "Catering"}, "Service", "is not a known service"),
    ({"category": "Unkindness"}, "Category", "is not a known category of concern"),
    ({"period": "2021/23"}, "Period", "is not a period: write a financial year as 2021/22 or a quarter as Q1 2021/22"),
    ({"period": "Q5 2021/22"}, "Period", "is not a period"),
    (
        {"period": f"{FinancialYear.current().start_year + 1}/{(FinancialYear.current().start_year + 2) % 100:02d}"},
        "Period",
        "has not begun yet",
    ),
    ({"period": "1998/99"}, "Period", "is before 2000"),
    ({"value": "-4"}, "Value", "cannot be negative"),
    ({"value": "4.5"}, "Value", "is not a whole number"),
    ({"value": ""}, "Value", "is required"),
    ({"source": ""}, "Source", "is required"),
]


@pytest.mark.parametrize(("cells", "column", "reason"), BAD_LINES)
def test_a_bad_return_is_reported_with_its_row_and_column(cells, column, reason, lead):
    plan = plan_lines(lead, line(metric="fgm_cases_discussed"), line(**cells))

    assert not plan.is_valid
    assert [(error.row_number, error.column) for error in plan.errors] == [(3, column)]
    assert reason in plan.errors[0].reason


def test_every_bad_return_is_reported_at_once_and_nothing_is_saved(lead):
    plan = plan_lines(lead, line(value="x"), line(metric="mappa_information_shares"), line(area="Narnia", value="-1"))

    assert problems(plan) == [
        (2, "Value", "is not a whole number"),
        (4, "Area", "is not a known area"),
        (4, "Value", "cannot be negative"),
    ]
    with pytest.raises(ValueError):
        apply_import(plan, by=lead, file_name="returns.csv")
    assert not Return.objects.exists()


def test_the_same_return_twice_in_a_file_is_reported_on_the_second(lead):
    plan = plan_lines(lead, line(value="1"), line(metric="fgm_cases_discussed"), line(value="2"))

    assert problems(plan) == [
        (
            4,
            "Period",
            "is also on row 2 for the same metric, area, service and category: each return needs a row of its own",
        )
    ]


def test_a_quarter_inside_a_year_already_returned_is_refused(lead, seed_areas):
    actions.enter_return(
        metric="marac_referrals",
        area=seed_areas["oxfordshire"],
        period=FinancialYear(2021),
        value=10,
        source="x",
        by=lead,
    )

    plan = plan_lines(lead, line(period="Q2 2021/22"))

    assert problems(plan) == [
        (
            2,
            "Period",
            "overlaps the return already held for 2021/22: correct that one instead, "
            "or remove it before entering this period",
        )
    ]


def test_a_year_and_one_of_its_quarters_in_the_same_file_are_refused(lead):
    plan = plan_lines(lead, line(period="Q1 2021/22"), line(period="2021/22"))

    assert [(error.row_number, error.column) for error in plan.errors] == [(3, "Period")]
    assert plan.errors[0].reason.startswith("overlaps Q1 2021/22 on row 2")


def test_the_same_metric_may_be_returned_for_each_service_and_category_separately(lead):
    plan = plan_lines(
        lead,
        line(metric="child_consultations"),
        line(metric="child_consultations", service="Community Health"),
        line(metric="child_consultations", service="Community Health", category="Neglect"),
    )

    assert (plan.errors, plan.new_count) == ([], 3)


@pytest.mark.parametrize("role", [roles.PRACTITIONER, roles.SECRETARY, roles.EXECUTIVE])
def test_only_a_lead_may_import_returns(role, seed_areas):
    user = UserFactory(role=role, areas=[seed_areas["oxfordshire"]])
    plan = plan_lines(user, line())

    assert plan.file_error == "Your role may not enter or correct returns, so you cannot import them."
    assert not plan.is_valid


def test_quarter_returns_are_stored_as_whole_quarters(lead):
    apply_import(plan_lines(lead, line(period="Q4 2021/22")), by=lead, file_name="returns.csv")

    quarter = Quarter(FinancialYear(2021), 4)
    assert Return.objects.filter(period_start=quarter.start, period_end=quarter.end).count() == 1
