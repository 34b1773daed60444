"""Figures counted at a moment (staff who need safeguarding training, and those up to date with it) come as
quarterly returns: a year's or a half year's figure is its latest quarter's, never the sum of its quarters, while
counts of events (allegations against staff) add up."""

from datetime import date

import pytest

from activity import actions
from core.periods import FinancialYear, HalfYear, Quarter
from reports.annual.registers import read_register
from reports.figures import year_table

pytestmark = pytest.mark.django_db

YEAR = FinancialYear(2022)


@pytest.fixture
def quarterly_returns(areas, lead):
    staff = {"training_staff_required": [1000, 1010, 1020, 1030], "training_staff_compliant": [880, 900, 930, 950]}
    allegations = [3, 1, 4, 2]
    for number, quarter in enumerate(YEAR.quarters):
        for metric, values in staff.items():
            actions.enter_return(
                metric=metric, area=areas["oxon"], period=quarter, value=values[number], source="ESR", by=lead
            )
        actions.enter_return(
            metric="allegations_against_staff",
            area=areas["oxon"],
            period=quarter,
            value=allegations[number],
            source="HR",
            by=lead,
        )
    return staff, allegations


def test_a_year_of_quarterly_staff_returns_reads_as_its_last_quarter(quarterly_returns):
    staff, allegations = quarterly_returns

    def figure(metric, period):
        return year_table(metric, [period]).total.values[0]

    assert figure("training_staff_required", YEAR) == staff["training_staff_required"][-1]
    assert figure("training_staff_required", HalfYear(YEAR, 1)) == staff["training_staff_required"][1]
    assert figure("training_staff_compliant", Quarter(YEAR, 3)) == staff["training_staff_compliant"][2]
    assert year_table("training_staff_required", YEAR.quarters).total.values == staff["training_staff_required"]
    assert figure("allegations_against_staff", YEAR) == sum(allegations)
    assert figure("allegations_against_staff", HalfYear(YEAR, 1)) == sum(allegations[:2])


def test_the_training_compliance_table_reads_the_years_latest_staff_figures(quarterly_returns):
    register = read_register("training_compliance", "Training compliance", YEAR)
    row = next(row for row in register.rows if row[0] == "2022/23")
    assert row[1:4] == ["950", "1,030", "92.2%"]


def test_a_quarter_not_yet_entered_leaves_the_latest_one_entered(areas, lead):
    for quarter, value in zip(YEAR.quarters[:2], [500, 520], strict=True):
        actions.enter_return(
            metric="training_staff_required", area=areas["oxon"], period=quarter, value=value, source="ESR", by=lead
        )
    assert year_table("training_staff_required", [YEAR]).total.values == [520]
    assert date(2022, 9, 30) == Quarter(YEAR, 2).end
