import itertools
from datetime import date

import pytest

from core.periods import FinancialYear, Quarter, working_days, year_to_date


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2022, 3, 31), "2021/22"),
        (date(2022, 4, 1), "2022/23"),
        (date(2021, 4, 1), "2021/22"),
        (date(2000, 1, 1), "1999/00"),
        (date(2099, 12, 31), "2099/00"),
    ],
)
def test_financial_year_containing_a_day_turns_over_on_1_april(day, label):
    assert FinancialYear.containing(day).label == label


@pytest.mark.parametrize("label", ["2021/22", "2021-22", "2021/2022", " 2021 / 22 "])
def test_financial_year_parse_accepts_the_ways_people_write_it(label):
    assert FinancialYear.parse(label) == FinancialYear(2021)


@pytest.mark.parametrize("label", ["2021/23", "2021", "21/22", "", "2021/2021", "twenty"])
def test_financial_year_parse_refuses_what_is_not_a_year(label):
    with pytest.raises(ValueError, match="financial year"):
        FinancialYear.parse(label)


def test_financial_year_bounds_and_neighbours():
    year = FinancialYear(2021)
    assert (year.start, year.end) == (date(2021, 4, 1), date(2022, 3, 31))
    assert year.previous.label == "2020/21"
    assert year.next.label == "2022/23"
    assert [y.label for y in year.last(4)] == ["2018/19", "2019/20", "2020/21", "2021/22"]
    assert date(2022, 3, 31) in year
    assert date(2022, 4, 1) not in year


@pytest.mark.parametrize(
    ("day", "number", "start", "end"),
    [
        (date(2021, 4, 1), 1, date(2021, 4, 1), date(2021, 6, 30)),
        (date(2021, 9, 30), 2, date(2021, 7, 1), date(2021, 9, 30)),
        (date(2021, 12, 25), 3, date(2021, 10, 1), date(2021, 12, 31)),
        (date(2022, 3, 31), 4, date(2022, 1, 1), date(2022, 3, 31)),
    ],
)
def test_quarters_run_april_to_june_first(day, number, start, end):
    quarter = Quarter.containing(day)
    assert quarter.number == number
    assert quarter.year == FinancialYear(2021)
    assert (quarter.start, quarter.end) == (start, end)
    assert quarter.label == f"Q{number} 2021/22"


def test_quarters_of_a_year_cover_it_without_gaps():
    quarters = FinancialYear(2023).quarters
    assert quarters[0].start == FinancialYear(2023).start
    assert quarters[-1].end == FinancialYear(2023).end
    for earlier, later in itertools.pairwise(quarters):
        assert (later.start - earlier.end).days == 1


def test_a_quarter_outside_one_to_four_is_refused():
    with pytest.raises(ValueError):
        Quarter(FinancialYear(2021), 5)


def test_working_days_count_monday_to_friday():
    assert working_days(date(2021, 4, 5), date(2021, 4, 11)) == 5  # a Monday to a Sunday
    assert working_days(date(2021, 4, 10), date(2021, 4, 11)) == 0  # a weekend
    assert working_days(date(2021, 4, 2), date(2021, 4, 1)) == 0
    # 2019/20 runs over 29 February: 366 days, 262 of them weekdays.
    assert working_days(date(2019, 4, 1), date(2020, 3, 31)) == 262


def test_year_to_date_compares_the_same_span_of_the_year_before():
    last, this = year_to_date(FinancialYear(2021), date(2021, 9, 30))
    assert (this.start, this.end) == (date(2021, 4, 1), date(2021, 9, 30))
    assert (last.start, last.end) == (date(2020, 4, 1), date(2020, 9, 30))
    assert this.label == "2021/22 to 30 September"


def test_year_to_date_of_a_finished_year_is_the_whole_year_against_the_whole_year_before():
    last, this = year_to_date(FinancialYear(2021), date(2026, 11, 23))
    assert (this.start, this.end, this.label) == (date(2021, 4, 1), date(2022, 3, 31), "2021/22")
    assert (last.start, last.end, last.label) == (date(2020, 4, 1), date(2021, 3, 31), "2020/21")


def test_year_to_date_on_the_first_day_of_the_year():
    last, this = year_to_date(FinancialYear(2022), date(2022, 4, 1))
    assert (this.start, this.end) == (date(2022, 4, 1), date(2022, 4, 1))
    assert (last.start, last.end) == (date(2021, 4, 1), date(2021, 4, 1))
