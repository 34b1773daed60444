"""The three checks: the same figure agrees wherever it is held, periods add up to the period they tile, and
areas add up to the area directly above them. Each finds where figures disagree; ``causes`` says why.

Figures can come from different reports: a year from the annual report, its quarters from the quarterly ones,
an area's figure from its partnership pack. Where reports hold different values for one figure (the first
check says so), the sums use the draft's (the records as they stand), else the latest approved report's.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from activity.metrics import METRICS, OpenAtEnd
from reports.figures import NOT_COLLECTED
from reports.reconciliation.gather import FactKey, Gathered, Holding

SAME, PERIODS, AREAS = "same", "periods", "areas"


@dataclass
class Found:
    """Figures that disagree: ``key`` is the figure (the whole, for a sum), ``parts`` what adds up to it."""

    check: str
    key: FactKey
    holdings: list[Holding] = field(default_factory=list)  # the same figure: each report's value
    parts: list[FactKey] = field(default_factory=list)  # periods or areas held
    through: list = field(default_factory=list)  # areas directly below counted through the areas below them
    last_part_only: bool = False  # counted open at the end of the period: the whole equals its last part


@dataclass
class Checked:
    found: list[Found]
    same: int = 0  # figures held by two reports or more
    periods: int = 0  # wholes with parts that tile them
    areas: int = 0  # areas with figures for the areas directly below


def check_all(gathered: Gathered, areas: dict) -> Checked:
    checked = Checked(found=[])
    checked.same = _same_figure(gathered, checked.found)
    checked.periods = _periods_add_up(gathered, checked.found)
    checked.areas = _areas_add_up(gathered, areas, checked.found)
    return checked


def _same_figure(gathered: Gathered, found: list[Found]) -> int:
    count = 0
    for key, held in sorted(gathered.holdings.items()):
        if len(held) < 2:
            continue
        count += 1
        if any(not same_value(holding.value, held[0].value) for holding in held[1:]):
            found.append(Found(SAME, key, holdings=held))
    return count


def _periods_add_up(gathered: Gathered, found: list[Found]) -> int:
    """Events add up over the periods that tile a longer one; a count open at the end of a period, or counted at
    a moment (``Metric.snapshot``), equals its last part's. Checked where the longer period's value is a count
    (no data in a part counts none)."""
    by_series = defaultdict(dict)
    for key in gathered.holdings:
        by_series[key.series][(key.start, key.end)] = key
    count = 0
    for series, periods in sorted(by_series.items()):
        metric = METRICS.get(series[0])
        if metric is None:
            continue
        # Counted at a moment: the whole is its last part's (for returns, the last part that has a figure).
        last_part_only = isinstance(metric.records, OpenAtEnd) or metric.snapshot
        for whole in sorted(periods):
            tiles = tiling(whole, list(periods))
            if not tiles:
                continue
            whole_key, part_keys = periods[whole], [periods[part] for part in tiles]
            values = [_value(gathered, key) for key in [whole_key, *part_keys]]
            if not _is_count(values[0]) or NOT_COLLECTED in values or all(value is None for value in values[1:]):
                continue
            count += 1
            if metric.snapshot:
                values = [values[0], *[value for value in values[1:] if value is not None]]
            values = [_count_of(value) for value in values]
            expected = values[-1] if last_part_only else sum(values[1:])
            if expected != values[0]:
                found.append(Found(PERIODS, whole_key, parts=part_keys, last_part_only=last_part_only))
    return count


def tiling(whole: tuple, periods: list[tuple]) -> list[tuple]:
    """Periods (first day, last day) that follow one another without gap or overlap from the first day of
    ``whole`` to its last, the longest first where there is a choice; [] if none do. ``whole`` is not a part."""
    start, end = whole
    inside = sorted(
        (period for period in periods if period != whole and start <= period[0] and period[1] <= end),
        key=lambda period: (period[0], -period[1].toordinal()),
    )
    by_start = defaultdict(list)
    for period in inside:
        by_start[period[0]].append(period)
    after_end = end + timedelta(days=1)
    found_from = {}

    def from_day(day):
        if day == after_end:
            return []
        if day not in found_from:
            found_from[day] = None
            for period in by_start.get(day, []):
                rest = from_day(period[1] + timedelta(days=1))
                if rest is not None:
                    found_from[day] = [period, *rest]
                    break
        return found_from[day]

    return from_day(start) or []


def _areas_add_up(gathered: Gathered, areas: dict, found: list[Found]) -> int:
    """An area's figure equals the sum of the same figure for every area directly below it, where the reports
    hold it for each of them: an area below with no figure of its own counts as the sum of the areas below it
    (a table of the lowest areas), and the check is left out where some area is covered by neither."""
    below = defaultdict(list)
    by_id = {area.pk: area for area in areas.values()}
    for area in sorted(areas.values(), key=lambda area: (area.display_order, area.name)):
        if area.parent_id in by_id:
            below[by_id[area.parent_id].slug].append(area)
    by_figure = defaultdict(dict)
    for key in gathered.holdings:
        by_figure[key.across_areas][key.area] = key
    count = 0
    for _, held in sorted(by_figure.items()):
        for area_slug, whole_key in sorted(held.items()):
            children = below.get(area_slug, [])
            covers = [_cover(child.slug, held, below) for child in children]
            whole = _value(gathered, whole_key)
            if not children or None in covers or not _is_count(whole):
                continue
            count += 1
            parts = [key for cover in covers for key in cover]
            if sum(_count_of(_value(gathered, key)) for key in parts) != whole:
                through = [child for child in children if child.slug not in held]
                found.append(Found(AREAS, whole_key, parts=parts, through=through))
    return count


def _cover(area_slug: str, held: dict, below: dict) -> list[FactKey] | None:
    """The figures that make up an area's: its own, else those of every area below it (the same way down);
    None if some area has neither."""
    if area_slug in held:
        return [held[area_slug]]
    children = below.get(area_slug, [])
    if not children:
        return None
    covers = [_cover(child.slug, held, below) for child in children]
    return None if None in covers else [key for cover in covers for key in cover]


def same_value(first, second) -> bool:
    """Whether two reports' values agree: no data and a count of none say the same (a table over a wider area
    counts an area with no records as 0, one over that area alone says it has no data)."""
    return first == second or (first in (0, None) and second in (0, None))


def _count_of(value) -> int:
    return value if _is_count(value) else 0


def _value(gathered: Gathered, key: FactKey):
    holding = gathered.settled(key)
    return holding.value if holding else None


def _is_count(value) -> bool:
    return isinstance(value, int) and value != NOT_COLLECTED
