"""The figures as the records give them now, for the figures a reconciliation found differing: what an approved
report would hold if it were approved today, and how an area's figure splits between the areas below it and
records held at the area itself.

Read a table at a time from the aggregation layer (``reports.figures``): the plain figures of one area in one
``year_tables`` call for all their metrics and periods, any figure limited to services or split by service or
category in one ``year_table`` call for all its periods. A table's periods must not overlap (the aggregation
layer counts a day in one period of a table), so overlapping periods (a year and its quarters) are read in one
call per layer of periods that do not. At most ``MAX_TABLES`` calls, so the queries grow with the differences
found (never with the records); a figure past that limit is not looked up.
"""

from dataclasses import dataclass

from activity.models import Category, Service
from core.periods import Span
from reports.figures import NOT_RECORDED, Cell, YearTable, year_table, year_tables
from reports.reconciliation.gather import FactKey

MAX_TABLES = 30


@dataclass
class LiveFigure:
    """One figure as the records give it now, with the same figure for each area directly below its area and
    for records held at its area itself (in no area below)."""

    cell: Cell
    below: dict[str, Cell]  # by the area's slug
    held_at_area: Cell | None

    @property
    def value(self) -> int | str | None:
        return self.cell.figure


class LiveFigures:
    def __init__(self, areas: dict):
        """``areas``: every area by id (``reports.figures.all_areas``)."""
        self.areas = areas
        self.area_by_slug = {area.slug: area for area in areas.values()}
        self._tables: dict[tuple, list[YearTable]] = {}
        self.incomplete = False  # some figures were not looked up, for MAX_TABLES

    def load(self, keys) -> None:
        """Read every figure of ``keys`` now, a table per area (plain figures) or per series (the others)."""
        plain, detailed = {}, {}
        for key in keys:
            if key.area not in self.area_by_slug:
                continue
            if key.service or key.category or key.services:
                detailed.setdefault(key.series, set()).add((key.start, key.end))
            else:
                metrics, periods = plain.setdefault(key.area, (set(), set()))
                metrics.add(key.metric)
                periods.add((key.start, key.end))
        calls = [
            (area, None, layer) for area, (metrics, periods) in sorted(plain.items()) for layer in _layers(periods)
        ]
        calls += [(series, series, layer) for series, periods in sorted(detailed.items()) for layer in _layers(periods)]
        if len(calls) > MAX_TABLES:
            self.incomplete = True
        for area_or_series, series, layer in calls[:MAX_TABLES]:
            if series is None:
                metrics = plain[area_or_series][0]
                within = self.area_by_slug[area_or_series]
                tables = year_tables(sorted(metrics), layer, by="area", within=within, areas=self.areas)
                for metric, table in tables.items():
                    self._tables.setdefault((metric, area_or_series, "", "", ""), []).append(table)
            else:
                self._tables.setdefault(series, []).append(self._detailed_table(series, layer))

    def _detailed_table(self, series: tuple, periods: list[Span]) -> YearTable:
        metric, area, service, category, services = series
        limit = list(Service.objects.filter(slug__in=services.split(","))) if services else None
        if service:
            limit = list(Service.objects.filter(slug=service))
        return year_table(
            metric,
            periods,
            by="area",
            within=self.area_by_slug[area],
            services=limit,
            categories=list(Category.objects.filter(slug=category)) if category else None,
            areas=self.areas,
        )

    def get(self, key: FactKey) -> LiveFigure | None:
        """The figure now, or None if it was not looked up."""
        found = [
            (table, position)
            for table in self._tables.get(key.series, [])
            for position, period in enumerate(table.years)
            if (period.start, period.end) == (key.start, key.end)
        ]
        if not found:
            return None
        table, position = found[0]
        area = self.area_by_slug[key.area]
        below = {
            self.areas[row.key].slug: row.cells[position]
            for row in table.rows
            if row.key not in (NOT_RECORDED, area.pk)
        }
        held_at_area = next((row.cells[position] for row in table.rows if row.key == NOT_RECORDED), None)
        return LiveFigure(cell=table.total.cells[position], below=below, held_at_area=held_at_area)


def _layers(periods: set) -> list[list[Span]]:
    """The periods in as few lists as can be made of periods that do not overlap, longest first: a year, then
    its halves or quarters."""
    layers: list[list[Span]] = []
    for start, end in sorted(periods, key=lambda period: (period[0] - period[1], period[0])):
        span = Span(start, end)
        layer = next((each for each in layers if all(end < other.start or start > other.end for other in each)), None)
        if layer is None:
            layers.append([span])
        else:
            layer.append(span)
    return layers
