"""The special-cause rules, each against a series built to trigger it (and one built not to)."""

import pytest

from reports.spc import Assurance, Variation, assurance, variation, xmr

STEADY = [10, 12, 11, 9, 10, 12, 10, 11, 9, 11, 10, 9]  # mean 10.33, common cause only


def test_a_steady_series_shows_common_cause_only():
    chart = xmr(STEADY)
    assert chart.special == {}
    assert round(chart.mean, 2) == 10.33
    assert variation(chart, up_is_good=True) is Variation.COMMON


def test_limits_are_the_mean_plus_or_minus_2_66_mean_moving_ranges():
    chart = xmr([10, 14, 10, 14])  # moving ranges 4, 4, 4: limits 12 +/- 10.64
    assert chart.mean == 12
    assert chart.upper_limit == pytest.approx(22.64)
    assert chart.lower_limit == pytest.approx(1.36)


def test_rule_1_a_point_outside_the_limits():
    chart = xmr([*STEADY, 30])
    assert "outside the limits" in chart.special[len(STEADY)]
    assert variation(chart, up_is_good=False) is Variation.CONCERNING_HIGH
    assert variation(chart, up_is_good=True) is Variation.IMPROVING_HIGH
    assert variation(chart, up_is_good=None) is Variation.NEITHER_HIGH


def test_rule_2_a_run_of_seven_on_one_side_of_the_mean():
    series = [10, 12, 10, 12, 10, 12, 14, 13, 14, 13, 14, 13, 14]  # last seven all above the mean
    chart = xmr(series)
    flagged = {i for i, rules in chart.special.items() if any("run of 7" in r for r in rules)}
    assert flagged == set(range(6, 13))
    six_only = xmr([14, 10, 14, 10, 14, 10, 10, 14, 13, 14, 13, 14, 13])
    assert not any("run of 7" in r for rules in six_only.special.values() for r in rules)


def test_rule_3_a_trend_of_six_going_one_way():
    chart = xmr([10, 11, 10, 11, 10, 9, 8, 7, 6, 5, 4])  # six falling points: 10 -> 4 at indexes 4..10
    flagged = {i for i, rules in chart.special.items() if any("trend" in r for r in rules)}
    assert flagged >= set(range(5, 11))
    assert variation(chart, up_is_good=True) is Variation.CONCERNING_LOW
    five = xmr([10, 11, 10, 11, 12, 9, 8, 7, 6, 10, 11])
    assert not any("trend" in r for rules in five.special.values() for r in rules)


def test_rule_4_two_out_of_three_close_to_a_limit():
    series = [10, 12] * 8 + [16, 11, 16]
    chart = xmr(series)
    high = chart.mean + 2 * chart.sigma
    assert high < 16 < chart.upper_limit  # close to, but inside, the limit
    assert chart.special == {16: {"two out of three close to a limit"}, 18: {"two out of three close to a limit"}}
    one_of_three = xmr([10, 12] * 8 + [16, 11, 11])
    assert one_of_three.special == {}


def test_too_short_a_series_has_no_chart():
    assert xmr([5]) is None
    assert variation(None, up_is_good=True) is None


@pytest.mark.parametrize(
    ("target", "expected"),
    [(50, Assurance.PASS), (10.5, Assurance.HIT_AND_MISS), (95, Assurance.FAIL)],
)
def test_assurance_compares_the_target_with_the_process_limits(target, expected):
    chart = xmr([80, 82, 81, 79, 80, 82, 80, 81])  # limits about 76.7 to 84.8
    if expected is Assurance.HIT_AND_MISS:
        target = chart.mean
    assert assurance(chart, target, up_is_good=True) is expected


def test_no_assurance_without_a_target():
    assert assurance(xmr(STEADY), None, up_is_good=True) is None
