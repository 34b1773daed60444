"""The XmR chart: its limits, its special-cause rules, and when it keeps quiet (too few points, small counts), each
against a series built for it; and against NHS-R's plot-the-dots' own worked example."""

import itertools

import pytest

from reports.spc import (
    BASELINE_POINTS,
    MIN_POINTS,
    PERCENT,
    VALUE,
    Assurance,
    Reading,
    Variation,
    assurance,
    variation,
    xmr,
)

STEADY = [10, 12, 11, 9, 10, 12, 10, 11, 9, 11, 10, 9, 11, 10, 12, 10, 9, 11]  # 18 months, common cause only


def rules_broken(chart, words):
    return {index for index, rules in chart.special.items() if any(words in rule for rule in rules)}


def test_a_steady_series_shows_common_cause_only():
    chart = xmr(STEADY)
    assert chart.reading is Reading.JUDGED
    assert chart.special == {}
    assert round(chart.mean, 2) == 10.39
    assert variation(chart, up_is_good=True) is Variation.COMMON


def test_limits_are_the_mean_plus_or_minus_2_66_mean_moving_ranges():
    chart = xmr([10, 14] * 8)  # moving ranges all 4: limits 12 +/- 10.64
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
    series = [10, 14] * 5 + [13, 14, 13, 14, 13, 14, 13]  # mean 12.6: the last eight above it
    chart = xmr(series)
    assert rules_broken(chart, "run of 7") == set(range(9, 17))
    six_only = xmr([14, 10, 14, 10, 14, 10, 14, 10, 14, 10, 10, 14, 13, 14, 13, 14, 13])
    assert rules_broken(six_only, "run of 7") == set()


def test_rule_3_a_trend_of_six_going_one_way():
    chart = xmr([10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 9, 8, 7, 6, 5, 4])  # 10 -> 4 falling, indexes 10..16
    assert rules_broken(chart, "trend") >= set(range(11, 17))
    assert variation(chart, up_is_good=True) is Variation.CONCERNING_LOW
    five = xmr([10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 12, 9, 8, 7, 6, 10, 11])
    assert rules_broken(five, "trend") == set()


def test_rule_4_two_out_of_three_close_to_a_limit():
    chart = xmr([10, 12] * 8 + [16, 11, 16])
    high = chart.mean + 2 * chart.sigma
    assert high < 16 < chart.upper_limit  # close to, but inside, the limit
    assert chart.special == {16: {"two out of three close to a limit"}, 18: {"two out of three close to a limit"}}
    one_of_three = xmr([10, 12] * 8 + [16, 11, 11])
    assert one_of_three.special == {}


# Fewer points than a reading needs


def test_fewer_than_min_points_shows_the_points_and_mean_but_no_limits_or_reading():
    chart = xmr([*STEADY[: MIN_POINTS - 2], 30])  # a point that would be far outside any limits
    assert chart.reading is Reading.TOO_FEW
    assert chart.mean == pytest.approx(sum(chart.values) / len(chart.values))
    assert (chart.upper_limit, chart.lower_limit) == (None, None)
    assert chart.special == {}
    assert variation(chart, up_is_good=True) is None
    assert assurance(chart, 5, up_is_good=True) is None
    assert "Too few points to judge variation yet: 14 months" in chart.why_not_judged
    assert xmr(STEADY[:MIN_POINTS]).reading is Reading.JUDGED


def test_no_points_no_chart():
    assert xmr([]) is None
    assert variation(None, up_is_good=True) is None


# Small counts


def test_one_record_in_an_otherwise_empty_series_is_not_special_cause():
    chart = xmr([0] * 23 + [1])
    assert chart.reading is Reading.SMALL_COUNTS
    assert chart.special == {}
    assert chart.upper_limit is None
    assert variation(chart, up_is_good=None) is None  # never "Special cause: higher than usual"
    assert chart.why_not_judged.startswith("Shown as counts")


def test_a_sparse_series_of_zeros_and_ones_is_shown_as_counts_without_limits():
    chart = xmr([0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0])
    assert chart.reading is Reading.SMALL_COUNTS
    assert chart.special == {}
    assert all(phase.upper_limit is None and phase.lower_limit is None for phase in chart.phases)
    assert variation(chart, up_is_good=False) is None


def test_small_values_that_are_not_counts_still_get_limits():
    assert xmr([0, 1, 0, 2] * 5, unit=VALUE).reading is Reading.JUDGED
    assert xmr([3, 4, 2, 5, 3] * 4).reading is Reading.JUDGED  # median 3: counts large enough


# Limits that can happen


def test_the_lower_limit_of_a_count_is_never_below_zero():
    chart = xmr([3, 12] * 8)  # mean 7.5, moving range 9: 7.5 - 23.9 would be below zero
    assert chart.lower_limit == 0
    assert chart.upper_limit == pytest.approx(7.5 + 2.66 * 9)


def test_a_percentage_stays_between_0_and_100():
    chart = xmr([90, 100] * 8, unit=PERCENT)
    assert chart.upper_limit == 100
    assert chart.lower_limit == pytest.approx(95 - 2.66 * 10)
    assert xmr([0, 20] * 8, unit=PERCENT).lower_limit == 0


# A baseline, phases at process changes, screened outliers


def test_limits_are_fixed_from_the_baseline_and_held():
    baseline = (STEADY * 2)[:BASELINE_POINTS]
    later = xmr([*baseline, 11, 12, 13, 14])
    alone = xmr(baseline)
    assert (later.mean, later.lower_limit, later.upper_limit) == (alone.mean, alone.lower_limit, alone.upper_limit)
    assert later.latest.baseline == BASELINE_POINTS


def test_a_step_change_without_a_recorded_process_change_reads_as_special_cause():
    chart = xmr([10, 12, 11] * 6 + [20, 22, 21] * 6)
    assert chart.latest_is_special
    assert variation(chart, up_is_good=None) is Variation.NEITHER_HIGH


def test_a_recorded_process_change_starts_a_new_phase_with_its_own_mean_and_limits():
    chart = xmr([10, 12, 11] * 6 + [20, 22, 21] * 6, changes={18: "New recording system"})
    before, after = chart.phases
    assert (before.start, before.end, after.start, after.end) == (0, 18, 18, 36)
    assert (before.mean, after.mean) == (11, 21)
    assert after.note == "New recording system"
    assert after.lower_limit > before.upper_limit
    assert chart.special == {}  # no run of 7 across the change
    assert variation(chart, up_is_good=None) is Variation.COMMON


def test_too_few_points_since_a_process_change_gives_no_reading_yet():
    chart = xmr([10, 12, 11] * 6 + [20, 22, 21, 20, 22], changes={18: "New recording system"})
    before, after = chart.phases
    assert before.judged and not after.judged
    assert chart.reading is Reading.TOO_FEW
    assert variation(chart, up_is_good=None) is None
    assert "5 months since the last process change" in chart.why_not_judged


def test_an_outlier_is_screened_from_the_limits():
    quiet = [10, 11] * 10
    chart = xmr([*quiet[:9], 40, *quiet[10:]])
    # Unscreened, the two moving ranges of 30 would take the mean moving range from 1 to about 4 and the upper
    # limit to about 22.7: screened, the limits stay near the quiet months' and the outlier stands out.
    assert chart.upper_limit == pytest.approx(11.95 + 2.66 * 1)
    assert chart.special[9] == {"outside the limits"}


def test_plot_the_dots_worked_example():
    """NHSRplotthedots' own test of its limits (tests/testthat/test-ptd_spc_standard.R, "it returns expected values";
    expected values in tests/testthat/_snaps/ptd_spc_standard.md): R's rnorm(20) after set.seed(123), with
    screen_outliers, and again with the 15th point set to 10, screened and not."""
    y = [
        -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621, -1.26506123,
        -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113, 1.78691314,
        0.49785048, -1.96661716, 0.70135590, -0.47279141,
    ]  # fmt: skip
    r1 = xmr(y, unit=VALUE)
    assert (r1.mean, r1.lower_limit, r1.upper_limit) == pytest.approx((0.1416238, -3.01138, 3.294627), abs=1e-6)

    y[14] = 10
    r2 = xmr(y, unit=VALUE)
    assert (r2.mean, r2.lower_limit, r2.upper_limit) == pytest.approx((0.6694159, -2.383666, 3.722497), abs=1e-6)
    unscreened = sum(abs(later - earlier) for earlier, later in itertools.pairwise(y)) / 19
    assert (r2.mean - 2.66 * unscreened, r2.mean + 2.66 * unscreened) == pytest.approx((-4.596625, 5.935457), abs=1e-6)


@pytest.mark.parametrize(
    ("target", "expected"),
    [(50, Assurance.PASS), (None, Assurance.HIT_AND_MISS), (95, Assurance.FAIL)],
)
def test_assurance_compares_the_target_with_the_process_limits(target, expected):
    chart = xmr([80, 82, 81, 79, 80, 82, 80, 81] * 2, unit=PERCENT)  # limits about 76.6 to 84.4
    assert assurance(chart, chart.mean if target is None else target, up_is_good=True) is expected


def test_no_assurance_without_a_target():
    assert assurance(xmr(STEADY), None, up_is_good=True) is None
