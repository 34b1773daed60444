"""Small-number suppression for the public annual report: the primary rule, secondary suppression, totals."""

import copy

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from reports.annual.disclosure import SUPPRESSED, DisclosureRule, ProtectedTable, protect, rule_from_settings

S = SUPPRESSED


@pytest.mark.parametrize("count", range(1, 8))
def test_counts_from_1_to_7_are_suppressed(count):
    assert DisclosureRule().publish(count) == S


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, 0), (None, None), (8, 10), (10, 10), (12, 10), (13, 15), (17, 15), (18, 20), (1427, 1425), (1428, 1430)],
)
def test_other_counts_are_rounded_to_the_nearest_5_halves_up(count, shown):
    assert DisclosureRule().publish(count) == shown


@pytest.mark.parametrize(("count", "shown"), [(5, S), (6, 10), (14, 10), (15, 20), (1427, 1430)])
def test_a_custom_rule_uses_its_own_threshold_and_rounding(count, shown):
    assert DisclosureRule(threshold=5, rounding=10).publish(count) == shown


@pytest.mark.parametrize(("threshold", "rounding", "message"), [(-1, 5, "threshold"), (7, 0, "rounding")])
def test_a_rule_that_cannot_work_is_refused(threshold, rounding, message):
    with pytest.raises(ValueError, match=message):
        DisclosureRule(threshold=threshold, rounding=rounding)


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="negative"):
        DisclosureRule().publish(-1)


def test_the_rule_comes_from_settings_with_defaults(settings):
    del settings.REPORT_DISCLOSURE_THRESHOLD
    del settings.REPORT_DISCLOSURE_ROUNDING
    assert rule_from_settings() == DisclosureRule(7, 5)
    settings.REPORT_DISCLOSURE_THRESHOLD = 5
    settings.REPORT_DISCLOSURE_ROUNDING = 10
    assert rule_from_settings() == DisclosureRule(5, 10)


def test_a_table_without_totals_gets_primary_suppression_only():
    table = protect([[3, 20], [9, 41]], column_totals=False, row_totals=False)
    assert table.cells == [[S, 20], [10, 40]]
    assert table.column_totals is None
    assert table.row_totals is None


def test_a_lone_small_cell_in_a_column_with_a_total_gets_the_smallest_other_cell_hidden_too():
    table = protect([[3], [20], [9], [40]], column_totals=True, row_totals=False)
    assert table.cells == [[S], [20], [S], [40]]
    assert table.column_totals == [70]  # true total 72, rounded
    assert table.row_totals is None


def test_secondary_suppression_takes_the_first_of_equal_cells_and_never_a_missing_one():
    assert protect([[3], [9], [9]], column_totals=True, row_totals=False).cells == [[S], [S], [10]]
    assert protect([[3], [None], [20]], column_totals=True, row_totals=False).cells == [[S], [None], [S]]


def test_a_column_with_two_small_cells_needs_no_more():
    table = protect([[3], [4], [20]], column_totals=True, row_totals=False)
    assert table.cells == [[S], [S], [20]]
    assert table.column_totals == [25]  # 27


def test_a_small_total_is_itself_suppressed():
    table = protect([[3, 0], [2, 0]], column_totals=True, row_totals=True)
    assert table.column_totals == [S, 0]
    assert table.row_totals == [S, S]


CASCADE = [
    [3, 10, 20],
    [30, 40, 60],
    [12, 25, 9],
]


def test_secondary_suppression_cascades_across_rows_and_columns_until_settled():
    # The 3 alone in column 0 hides 12, which leaves a lone "*" in row 2, which hides 9; row 0 hides 10.
    # Those leave lone "*"s in columns 1 and 2, which hide 25 and 20: a second round.
    table = protect(CASCADE, column_totals=True, row_totals=True)
    assert table.cells == [
        [S, S, S],
        [30, 40, 60],
        [S, S, S],
    ]
    assert table.column_totals == [45, 75, 90]  # 45, 75, 89
    assert table.row_totals == [35, 130, 45]  # 33, 130, 46


def test_without_a_total_column_rows_need_no_secondary_suppression():
    table = protect(CASCADE, column_totals=True, row_totals=False)
    assert table.cells == [
        [S, 10, 20],
        [30, 40, 60],
        [S, 25, 10],
    ]


def test_the_input_is_not_changed():
    cells = copy.deepcopy(CASCADE)
    protect(cells, column_totals=True, row_totals=True)
    assert cells == CASCADE


def test_a_ragged_table_is_refused():
    with pytest.raises(ValueError, match="same number"):
        protect([[1, 2], [3]], column_totals=True, row_totals=False)


def test_an_empty_table_is_fine():
    assert protect([], column_totals=True, row_totals=True) == ProtectedTable([], [], [])


grids = st.integers(min_value=1, max_value=5).flatmap(
    lambda width: st.lists(
        st.lists(st.one_of(st.integers(0, 60), st.integers(0, 60), st.none()), min_size=width, max_size=width),
        min_size=1,
        max_size=5,
    )
)
rules = st.one_of(st.just(DisclosureRule()), st.builds(DisclosureRule, st.integers(0, 10), st.integers(1, 10)))


def _lines(table):
    """Each line of a published table that has a total: (its cells, its total)."""
    if table.column_totals is not None:
        yield from zip(zip(*table.cells, strict=True), table.column_totals, strict=True)
    if table.row_totals is not None:
        yield from zip(table.cells, table.row_totals, strict=True)


@hypothesis_settings(database=None, max_examples=300)
@given(grids, st.booleans(), st.booleans(), rules)
def test_no_published_table_gives_away_a_small_number(cells, column_totals, row_totals, rule):
    original = copy.deepcopy(cells)
    table = protect(cells, column_totals=column_totals, row_totals=row_totals, rule=rule)
    assert cells == original

    # Every cell is either hidden or the primary rule's value; small counts are always hidden.
    for true_row, shown_row in zip(cells, table.cells, strict=True):
        assert len(shown_row) == len(true_row)
        for true, shown in zip(true_row, shown_row, strict=True):
            if true is None:
                assert shown is None
            elif 1 <= true <= rule.threshold:
                assert shown == S
            else:
                assert shown in (S, rule.publish(true))
            if isinstance(shown, int):
                assert not 1 <= shown <= rule.threshold
                assert shown % rule.rounding == 0

    # Totals are shown exactly when asked for, and are the true sums under the primary rule.
    columns = list(zip(*cells, strict=True))
    for flag, totals, true_lines in [
        (column_totals, table.column_totals, columns),
        (row_totals, table.row_totals, cells),
    ]:
        if not flag:
            assert totals is None
            continue
        assert len(totals) == len(true_lines)
        for line, shown in zip(true_lines, totals, strict=True):
            known = [count for count in line if count is not None]
            expected = rule.publish(sum(known)) if known else None
            assert shown in (S, expected)
            assert not (isinstance(shown, int) and 1 <= shown <= rule.threshold)

    # No line with a shown total has exactly one hidden cell.
    for line, shown_total in _lines(table):
        if shown_total != S:
            assert sum(shown == S for shown in line) != 1, (line, shown_total)


@pytest.mark.parametrize(("count", "shown"), [(11, 15), (12, 15), (13, 15), (17, 15), (18, 20)])
def test_a_count_above_the_threshold_is_never_rounded_down_into_the_hidden_range(count, shown):
    assert DisclosureRule(threshold=10, rounding=5).publish(count) == shown


def test_a_total_holding_more_than_its_rows_is_published_from_the_true_total():
    # 4 records logged against the parent area itself: the rows add up to 30, the total is 34.
    table = protect([[10], [20]], column_totals=True, row_totals=False, true_column_totals=[34])
    assert table.column_totals == [35]


def test_a_table_with_a_total_and_no_rows_publishes_the_total():
    table = protect([], column_totals=True, row_totals=False, true_column_totals=[3, 42])
    assert table.cells == []
    assert table.column_totals == [S, 40]


def test_the_public_version_of_a_per_day_table_with_no_rows_can_be_made():
    """It once failed: the protected totals came back empty when there were no rows to add up."""
    from reports.annual.blocks import Grid
    from reports.annual.presentation import present_grid

    grid = Grid(
        title="MASH enquiries processed",
        kind="table",
        layout="per_working_day",
        row_header="Area",
        columns=["2020/21", "2021/22"],
        rows=[],
        total=[2530, 3800],
        year_labels=["2020/21", "2021/22"],
        working_days=[253, 252],
    )
    assert present_grid(grid, "t1", public=True).rows == present_grid(grid, "t1", public=False).rows == []
