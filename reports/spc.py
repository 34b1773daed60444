"""Statistical process control as NHS boards read it (NHS England, "Making Data Count").

An XmR chart: the mean of a monthly series, the moving ranges between neighbouring
points, and process limits at the mean plus or minus 2.66 times the mean moving range
(three sigma, with sigma estimated as the mean moving range / 1.128). Special-cause
variation is flagged by four rules:

1. a point outside the process limits;
2. a run of 7 or more points in a row on one side of the mean;
3. a trend of 6 or more points in a row all going up or all going down;
4. two out of three points in a row close to a limit (beyond two sigma, same side).

The variation icon reads the latest point; the assurance icon compares a target with
the limits.
"""

import itertools
from dataclasses import dataclass, field
from enum import Enum

RUN_LENGTH = 7
TREND_LENGTH = 6
LIMIT_FACTOR = 2.66
SIGMA_FACTOR = 1.128


class Variation(Enum):
    COMMON = "Common cause variation"
    IMPROVING_HIGH = "Special cause: improving, high"
    IMPROVING_LOW = "Special cause: improving, low"
    CONCERNING_HIGH = "Special cause: concerning, high"
    CONCERNING_LOW = "Special cause: concerning, low"
    NEITHER_HIGH = "Special cause: higher than usual"
    NEITHER_LOW = "Special cause: lower than usual"


class Assurance(Enum):
    PASS = "The target will be met consistently"
    FAIL = "The target will not be met without change"
    HIT_AND_MISS = "The target may or may not be met"


@dataclass
class XmR:
    values: list[float]
    mean: float
    upper_limit: float
    lower_limit: float
    sigma: float
    # index -> names of the rules the point breaks, and the side (+1 above, -1 below)
    special: dict[int, set[str]] = field(default_factory=dict)
    side: dict[int, int] = field(default_factory=dict)

    @property
    def latest_is_special(self) -> bool:
        return (len(self.values) - 1) in self.special


def xmr(values: list[float]) -> XmR | None:
    """The XmR chart of a series, or None if it has fewer than two points."""
    points = [float(value) for value in values]
    if len(points) < 2:
        return None
    mean = sum(points) / len(points)
    moving_ranges = [abs(later - earlier) for earlier, later in itertools.pairwise(points)]
    mean_range = sum(moving_ranges) / len(moving_ranges)
    chart = XmR(
        values=points,
        mean=mean,
        upper_limit=mean + LIMIT_FACTOR * mean_range,
        lower_limit=mean - LIMIT_FACTOR * mean_range,
        sigma=mean_range / SIGMA_FACTOR,
    )
    _outside_limits(chart)
    _runs(chart)
    _trends(chart)
    _near_limits(chart)
    return chart


def _flag(chart: XmR, index: int, rule: str, side: int):
    chart.special.setdefault(index, set()).add(rule)
    chart.side.setdefault(index, side)


def _outside_limits(chart: XmR):
    for index, value in enumerate(chart.values):
        if value > chart.upper_limit:
            _flag(chart, index, "outside the limits", 1)
        elif value < chart.lower_limit:
            _flag(chart, index, "outside the limits", -1)


def _runs(chart: XmR):
    def side_of(value):
        return (value > chart.mean) - (value < chart.mean)

    start = 0
    for index in range(1, len(chart.values) + 1):
        ended = index == len(chart.values) or side_of(chart.values[index]) != side_of(chart.values[start])
        if ended:
            side = side_of(chart.values[start])
            if side and index - start >= RUN_LENGTH:
                for flagged in range(start, index):
                    _flag(chart, flagged, f"a run of {RUN_LENGTH} or more on one side of the mean", side)
            start = index


def _trends(chart: XmR):
    values = chart.values
    for direction in (1, -1):
        start = 0
        for index in range(1, len(values) + 1):
            still_going = index < len(values) and (values[index] - values[index - 1]) * direction > 0
            if not still_going:
                if index - start >= TREND_LENGTH:
                    for flagged in range(start, index):
                        _flag(chart, flagged, f"a trend of {TREND_LENGTH} or more going one way", direction)
                start = index


def _near_limits(chart: XmR):
    high = chart.mean + 2 * chart.sigma
    low = chart.mean - 2 * chart.sigma
    values = chart.values
    for start in range(len(values) - 2):
        window = range(start, start + 3)
        for side, beyond in ((1, lambda v: v > high), (-1, lambda v: v < low)):
            close = [index for index in window if beyond(values[index])]
            if len(close) >= 2 and chart.sigma > 0:
                for flagged in close:
                    _flag(chart, flagged, "two out of three close to a limit", side)


def variation(chart: XmR | None, up_is_good: bool | None) -> Variation | None:
    """The variation icon for the latest point."""
    if chart is None:
        return None
    if not chart.latest_is_special:
        return Variation.COMMON
    high = chart.side[len(chart.values) - 1] > 0
    if up_is_good is None:
        return Variation.NEITHER_HIGH if high else Variation.NEITHER_LOW
    if high == up_is_good:
        return Variation.IMPROVING_HIGH if high else Variation.IMPROVING_LOW
    return Variation.CONCERNING_HIGH if high else Variation.CONCERNING_LOW


def assurance(chart: XmR | None, target: float | None, up_is_good: bool | None) -> Assurance | None:
    """Whether the process, as it runs, will meet the target."""
    if chart is None or target is None or up_is_good is None:
        return None
    if chart.lower_limit <= target <= chart.upper_limit:
        return Assurance.HIT_AND_MISS
    target_below_process = target < chart.lower_limit
    return Assurance.PASS if target_below_process == up_is_good else Assurance.FAIL
