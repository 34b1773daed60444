"""Statistical process control as NHS boards read it (NHS England, "Making Data Count"), with the care NHS-R's
plot-the-dots (NHSRplotthedots) takes so that a chart does not cry wolf (docs/adr/0014-spc-that-does-not-mislead.md).

An XmR chart: the mean of a monthly series, the moving ranges between neighbouring points, and process limits at
the mean plus or minus 2.66 times the mean moving range (three sigma, sigma being the mean moving range / 1.128).

- **Phases.** A recorded process change (a new recording system, say) starts a new phase from its month: each
  phase has its own mean and limits, and the rules below never run across a phase's edge (plot-the-dots' rebase).
- **A baseline fixes the limits.** A phase's mean and limits come from its first ``BASELINE_POINTS`` points and are
  then held, so later months are judged against them rather than moving them (plot-the-dots' fix_after_n_points).
- **Outliers screened.** A moving range at or above ``SCREEN_FACTOR`` times the mean moving range (the upper range
  limit) is left out and the mean moving range taken again, so one odd month does not widen the limits
  (plot-the-dots' screen_outliers).
- **Enough points.** A phase with fewer than ``MIN_POINTS`` points gets its mean but no limits, no special-cause
  flags and no variation or assurance reading.
- **Limits stay possible.** A count's lower limit is never below zero; a percentage's limits stay within 0 to 100.
- **Small counts.** A count series whose median is below ``SMALL_COUNT_MEDIAN`` (months mostly at zero or one) is
  shown as counts: an XmR chart of it says nothing.

Special-cause variation, within a phase that has limits:

1. a point outside the process limits;
2. a run of 7 or more points in a row on one side of the mean;
3. a trend of 6 or more points in a row all going up or all going down;
4. two out of three points in a row close to a limit (beyond two sigma, same side).

The variation reading is of the latest point; the assurance reading compares a target with the latest limits.
"""

import itertools
import statistics
from dataclasses import dataclass, field
from enum import Enum

RUN_LENGTH = 7
TREND_LENGTH = 6
LIMIT_FACTOR = 2.66
SIGMA_FACTOR = 1.128
# The points a phase needs before its variation is read (Making Data Count advises 15 to 20; plot-the-dots warns
# below 12).
MIN_POINTS = 15
# The points of each phase its mean and limits are taken from; later points are judged against them.
BASELINE_POINTS = 20
# plot-the-dots' screen: a moving range this many times the mean moving range (the upper range limit) or more is
# left out of the limits.
SCREEN_FACTOR = 3.267
# A count series with a median below this is shown as counts, without limits.
SMALL_COUNT_MEDIAN = 3

# What a series measures: a count (never below zero), a percentage (0 to 100), or any other value.
COUNT, PERCENT, VALUE = "count", "percent", "value"


class Variation(Enum):
    COMMON = "Common cause variation"
    IMPROVING_HIGH = "Special cause: improving, high"
    IMPROVING_LOW = "Special cause: improving, low"
    CONCERNING_HIGH = "Special cause: concerning, high"
    CONCERNING_LOW = "Special cause: concerning, low"
    NEITHER_HIGH = "Special cause: higher than usual"
    NEITHER_LOW = "Special cause: lower than usual"

    @property
    def high(self) -> bool | None:
        """Whether the latest point is high (True), low (False) or neither (common cause: None)."""
        if self is Variation.COMMON:
            return None
        return self.name.endswith("HIGH")


class Assurance(Enum):
    PASS = "The target will be met consistently"
    FAIL = "The target will not be met without change"
    HIT_AND_MISS = "The target may or may not be met"


class Reading(Enum):
    """How the chart may be read."""

    JUDGED = "judged"  # the latest phase has limits: variation (and assurance) can be read
    TOO_FEW = "too few points"  # the latest phase has fewer than MIN_POINTS points
    SMALL_COUNTS = "small counts"  # counts too small and rare for an XmR chart


@dataclass
class Phase:
    """The points from ``start`` up to (not including) ``end``, with the mean and limits taken from their baseline.
    A phase without enough points has no limits (None)."""

    start: int
    end: int
    mean: float
    baseline: int
    upper_limit: float | None = None
    lower_limit: float | None = None
    sigma: float | None = None
    note: str = ""  # the process change that starts it, if one does

    @property
    def size(self) -> int:
        return self.end - self.start

    @property
    def judged(self) -> bool:
        return self.upper_limit is not None

    @property
    def indexes(self) -> range:
        return range(self.start, self.end)


@dataclass
class XmR:
    values: list[float]
    phases: list[Phase]
    reading: Reading
    unit: str = COUNT
    # index -> names of the rules the point breaks, and the side (+1 above, -1 below)
    special: dict[int, set[str]] = field(default_factory=dict)
    side: dict[int, int] = field(default_factory=dict)

    @property
    def latest(self) -> Phase:
        return self.phases[-1]

    @property
    def mean(self) -> float:
        return self.latest.mean

    @property
    def upper_limit(self) -> float | None:
        return self.latest.upper_limit

    @property
    def lower_limit(self) -> float | None:
        return self.latest.lower_limit

    @property
    def sigma(self) -> float | None:
        return self.latest.sigma

    @property
    def judged(self) -> bool:
        return self.reading is Reading.JUDGED

    @property
    def latest_is_special(self) -> bool:
        return (len(self.values) - 1) in self.special

    def phase_of(self, index: int) -> Phase:
        return next(phase for phase in self.phases if index in phase.indexes)

    @property
    def why_not_judged(self) -> str:
        """Why the chart carries no variation reading, in a sentence; empty when it does."""
        if self.reading is Reading.SMALL_COUNTS:
            return (
                f"Shown as counts: most months have fewer than {SMALL_COUNT_MEDIAN}, too few for process limits "
                "to say anything, so there is no variation reading."
            )
        if self.reading is Reading.TOO_FEW:
            since = " since the last process change" if len(self.phases) > 1 else ""
            return (
                f"Too few points to judge variation yet: {self.latest.size} month{'s' if self.latest.size != 1 else ''}"
                f"{since}, and process limits need at least {MIN_POINTS}."
            )
        return ""


def xmr(values: list[float], *, unit: str = COUNT, changes: dict[int, str] | None = None) -> XmR | None:
    """The XmR chart of a series, or None if it has no points. ``changes`` maps the index of each point a recorded
    process change starts from to its note; each starts a new phase."""
    points = [float(value) for value in values]
    if not points:
        return None
    changes = {index: note for index, note in (changes or {}).items() if 0 < index < len(points)}
    edges = [0, *sorted(changes), len(points)]
    small = unit == COUNT and statistics.median(points) < SMALL_COUNT_MEDIAN
    phases = [
        _phase(points, start, end, unit, limits=not small, note=changes.get(start, ""))
        for start, end in itertools.pairwise(edges)
    ]
    reading = Reading.SMALL_COUNTS if small else Reading.JUDGED if phases[-1].judged else Reading.TOO_FEW
    chart = XmR(values=points, phases=phases, reading=reading, unit=unit)
    for phase in phases:
        if phase.judged:
            _outside_limits(chart, phase)
            _runs(chart, phase)
            _trends(chart, phase)
            _near_limits(chart, phase)
    return chart


def _phase(points, start, end, unit, *, limits: bool, note: str) -> Phase:
    baseline = points[start:end][:BASELINE_POINTS]
    phase = Phase(start=start, end=end, mean=sum(baseline) / len(baseline), baseline=len(baseline), note=note)
    if not limits or end - start < MIN_POINTS:
        return phase
    mean_range = screened_mean_range(baseline)
    phase.sigma = mean_range / SIGMA_FACTOR
    phase.upper_limit = phase.mean + LIMIT_FACTOR * mean_range
    phase.lower_limit = phase.mean - LIMIT_FACTOR * mean_range
    if unit in (COUNT, PERCENT):
        phase.lower_limit = max(0.0, phase.lower_limit)
    if unit == PERCENT:
        phase.upper_limit = min(100.0, phase.upper_limit)
    return phase


def screened_mean_range(points: list[float]) -> float:
    """The mean moving range, leaving out any moving range at or above the upper range limit (SCREEN_FACTOR times
    the mean of them all), as plot-the-dots' screen_outliers does."""
    ranges = [abs(later - earlier) for earlier, later in itertools.pairwise(points)]
    if not ranges:
        return 0.0
    mean_range = sum(ranges) / len(ranges)
    kept = [each for each in ranges if each < SCREEN_FACTOR * mean_range]
    return sum(kept) / len(kept) if kept else mean_range


def _flag(chart: XmR, index: int, rule: str, side: int):
    chart.special.setdefault(index, set()).add(rule)
    chart.side.setdefault(index, side)


def _outside_limits(chart: XmR, phase: Phase):
    for index in phase.indexes:
        value = chart.values[index]
        if value > phase.upper_limit:
            _flag(chart, index, "outside the limits", 1)
        elif value < phase.lower_limit:
            _flag(chart, index, "outside the limits", -1)


def _runs(chart: XmR, phase: Phase):
    def side_of(index):
        value = chart.values[index]
        return (value > phase.mean) - (value < phase.mean)

    start = phase.start
    for index in range(phase.start + 1, phase.end + 1):
        if index == phase.end or side_of(index) != side_of(start):
            side = side_of(start)
            if side and index - start >= RUN_LENGTH:
                for flagged in range(start, index):
                    _flag(chart, flagged, f"a run of {RUN_LENGTH} or more on one side of the mean", side)
            start = index


def _trends(chart: XmR, phase: Phase):
    values = chart.values
    for direction in (1, -1):
        start = phase.start
        for index in range(phase.start + 1, phase.end + 1):
            still_going = index < phase.end and (values[index] - values[index - 1]) * direction > 0
            if not still_going:
                if index - start >= TREND_LENGTH:
                    for flagged in range(start, index):
                        _flag(chart, flagged, f"a trend of {TREND_LENGTH} or more going one way", direction)
                start = index


def _near_limits(chart: XmR, phase: Phase):
    if not phase.sigma:
        return
    high = phase.mean + 2 * phase.sigma
    low = phase.mean - 2 * phase.sigma
    values = chart.values
    for start in range(phase.start, phase.end - 2):
        window = range(start, start + 3)
        for side, beyond in ((1, lambda v: v > high), (-1, lambda v: v < low)):
            close = [index for index in window if beyond(values[index])]
            if len(close) >= 2:
                for flagged in close:
                    _flag(chart, flagged, "two out of three close to a limit", side)


def variation(chart: XmR | None, up_is_good: bool | None) -> Variation | None:
    """The variation reading of the latest point; None until the latest phase has enough points for limits, and for
    small counts."""
    if chart is None or not chart.judged:
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
    """Whether the process, as it runs, will meet the target; None until the latest phase has limits."""
    if chart is None or not chart.judged or target is None or up_is_good is None:
        return None
    if chart.lower_limit <= target <= chart.upper_limit:
        return Assurance.HIT_AND_MISS
    target_below_process = target < chart.lower_limit
    return Assurance.PASS if target_below_process == up_is_good else Assurance.FAIL
