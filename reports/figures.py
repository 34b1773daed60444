"""The aggregation layer: every figure the dashboard and the report show is read here.

Counting happens in the database: records are read from the daily counts kept beside
them (``activity.rollups``), grouped by area, service, category and period. What comes
back is bounded by the size of the reference data, never by the number of records, and
is then rolled up to the rows asked for in Python.

Records and returns: where records exist for a metric and year in a return's area
(or an area below it), matching the return's service and category if it names
them, the records win and the return is counted as superseded.

Not collected: where reference data (``activity.models.UncollectedFigure``) says a metric is not collected
for an area in a year, a cell of that area (or an area below it) with neither records nor returns is not
collected (``Cell.not_collected``, read as ``NOT_COLLECTED``), not a zero: totals leave it out, and each table
lists the areas and periods left out (``YearTable.uncollected``) for its note.

How it reads: a public function (``year_table``, ``year_tables``, ``monthly_series_many``)
turns its arguments into a ``FigureQuery``; ``_tables`` reads the grouped counts that query
needs, a statement each (``_return_counts``, ``_record_counts``, ``_coverage``), and
``_assemble`` puts them into each metric's rows. The statements themselves, hand-written
SQL, are built in ``reports.figure_sql``; this module runs them and composes the results.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from django.db import connection
from django.db.models import Sum
from django.db.models.functions import TruncMonth

from activity import rollups
from activity.metrics import Events, Metric, OpenAtEnd, get_metric
from activity.models import Area, Category, DailyCount, Service, UncollectedFigure
from activity.models.reference import tree_position
from core.periods import FinancialYear, working_days
from reports import figure_sql

NOT_RECORDED = "not recorded"
NOT_COLLECTED = "not collected"  # a cell's figure is not collected (``UncollectedFigure``): not a zero


@dataclass
class Cell:
    value: int | None = None
    from_records: bool = False
    from_returns: bool = False
    superseded_returns: int = 0
    not_collected: bool = False  # no figure, because none is collected for the area then (value stays None)

    @property
    def figure(self) -> int | str | None:
        """The value, or ``NOT_COLLECTED``."""
        return NOT_COLLECTED if self.not_collected else self.value

    @property
    def has_data(self) -> bool:
        return self.from_records or self.from_returns

    def add(self, amount: int, *, from_records: bool):
        self.value = (self.value or 0) + amount
        if from_records:
            self.from_records = True
        else:
            self.from_returns = True

    @property
    def source(self) -> str:
        if self.from_records and self.from_returns:
            return "records and returns"
        if self.from_records:
            return "records"
        if self.from_returns:
            return "returns"
        return ""


@dataclass
class Row:
    key: object
    label: str
    cells: list[Cell]

    @property
    def values(self) -> list[int | None]:
        """The numbers: None where there is none (no data, or not collected)."""
        return [cell.value for cell in self.cells]

    @property
    def figures(self) -> list[int | str | None]:
        """As ``values``, but ``NOT_COLLECTED`` where the figure is not collected."""
        return [cell.figure for cell in self.cells]


@dataclass
class YearTable:
    metric: Metric
    years: list[FinancialYear]
    by: str | None
    rows: list[Row]
    # Areas whose figures are not collected, each with the periods (labels) it leaves out of these figures.
    uncollected: dict[str, list[str]] = field(default_factory=dict)
    total: Row = field(init=False)

    def __post_init__(self):
        """The total adds up the figures there are: a cell not collected is left out, and the total is not
        collected only where no row has a figure and some row is not collected."""
        totals = [Cell() for _ in self.years]
        for row in self.rows:
            for total, cell in zip(totals, row.cells, strict=True):
                if cell.value is not None:
                    total.value = (total.value or 0) + cell.value
                total.from_records |= cell.from_records
                total.from_returns |= cell.from_returns
                total.superseded_returns += cell.superseded_returns
        for position, total in enumerate(totals):
            column = [row.cells[position] for row in self.rows]
            total.not_collected = total.value is None and any(cell.not_collected for cell in column)
        self.total = Row(key=None, label="Total", cells=totals)

    def row(self, label: str) -> Row:
        for row in self.rows:
            if row.label == label:
                return row
        raise KeyError(f"No row {label!r} in the {self.metric.name} table; rows are {[r.label for r in self.rows]}")

    def value(self, label: str, year: FinancialYear) -> int | None:
        return self.row(label).cells[self.years.index(year)].value


@dataclass(frozen=True)
class FigureQuery:
    """What is asked for, passed whole to every function below that reads or arranges figures.

    ``metrics``: what is counted, a table each. ``years``: the periods, earliest first
    (financial years, quarters or any spans with ``start``, ``end`` and ``label``).
    ``scope``: an area and those below it, or None for every area (a tree with more than
    one root). ``areas``: every area by id. ``by``: None (one row), "area", "service" or
    "category"; by area, ``area_rows`` is "children" (the areas directly below the scope)
    or "leaves" (the lowest areas). ``services``, ``categories``: count only these (None: no
    limit).
    """

    metrics: tuple[Metric, ...]
    years: tuple
    scope: Area | None
    areas: dict = field(repr=False, compare=False)
    by: str | None = None
    area_rows: str = "children"
    services: tuple[Service, ...] | None = None
    categories: tuple[Category, ...] | None = None

    @classmethod
    def build(cls, metric_slugs, years, *, within=None, areas=None, services=None, categories=None, **rest):
        """From a public function's arguments: ``within`` defaults to the root of the tree, and
        ``areas`` (every area by id) is read unless given, which saves reading it again when
        a page reads many tables."""
        areas = areas if areas is not None else all_areas()
        return cls(
            metrics=tuple(get_metric(slug) for slug in metric_slugs),
            years=tuple(sorted(years, key=lambda period: period.start)),
            scope=within or _single_root(areas.values()),
            areas=areas,
            services=None if services is None else tuple(services),
            categories=None if categories is None else tuple(categories),
            **rest,
        )

    @cached_property
    def area_ids(self) -> list[int] | None:
        """The ids of the areas in scope, or None for no limit (no scope)."""
        if self.scope is None:
            return None
        return [pk for pk, area in self.areas.items() if area.path.startswith(self.scope.path)]

    @property
    def service_ids(self) -> list[int] | None:
        return None if self.services is None else [service.pk for service in self.services]

    @property
    def category_ids(self) -> list[int] | None:
        return None if self.categories is None else [category.pk for category in self.categories]

    @property
    def periods(self) -> list[tuple[date, date]]:
        """Each period's first and last day."""
        return [(period.start, period.end) for period in self.years]

    @property
    def in_detail(self) -> bool:
        """Whether every metric is read by service and category as well as area: the tables
        are by one of them, or limited to some."""
        return self.by in ("service", "category") or self.services is not None or self.categories is not None

    @cached_property
    def row_areas(self) -> list[Area]:
        """By area: the areas with a row, in the tree's order."""
        scope, areas = self.scope, self.areas
        inside = [a for a in areas.values() if scope is None or (a.path.startswith(scope.path) and a.pk != scope.pk)]
        if self.area_rows == "children":
            parent_id = scope.pk if scope else None
            chosen = [a for a in inside if a.parent_id == parent_id]
        elif self.area_rows == "leaves":
            parents = {a.parent_id for a in areas.values()}
            chosen = [a for a in inside if a.pk not in parents]
        else:
            raise ValueError(f"area_rows is 'children' or 'leaves', not {self.area_rows!r}")
        if not chosen and scope is not None:  # an area with none below it (a partnership's pack): its own row
            chosen = [scope]
        return sorted(chosen, key=lambda area: tree_position(area, areas))


@dataclass(frozen=True)
class _Count:
    area_id: int
    service_id: int | None
    category_id: int | None
    year: int  # the position of the period in the table
    value: int


# What callers use.


def year_table(
    metric_slug: str,
    years: list,
    *,
    by: str | None = None,
    within: Area | None = None,
    area_rows: str = "children",
    services: list[Service] | None = None,
    categories: list[Category] | None = None,
    areas: dict | None = None,
) -> YearTable:
    """One metric over periods (financial years, quarters or any spans with ``start``,
    ``end`` and ``label``), with a row per area, service or category.

    ``by``: None (one row), "area", "service" or "category". ``within`` limits the
    table to an area and those below it (default: the whole tree). With ``by="area"``,
    ``area_rows`` is "children" (the areas directly below ``within``) or "leaves"
    (the lowest areas), so a table can show either level. ``areas`` (every area by id)
    saves reading them again when a page reads many tables.
    """
    if by not in (None, "area", "service", "category"):
        raise ValueError(f"Cannot group by {by!r}")
    query = FigureQuery.build(
        [metric_slug],
        years,
        by=by,
        within=within,
        area_rows=area_rows,
        services=services,
        categories=categories,
        areas=areas,
    )
    return _tables(query)[metric_slug]


def year_tables(
    metric_slugs: list[str],
    years: list,
    *,
    by: str | None = None,
    within: Area | None = None,
    area_rows="children",
    areas: dict | None = None,
) -> dict[str, YearTable]:
    """Several metrics over the same periods, by area or in total, read in a handful of queries.

    The same tables ``year_table`` gives, one by one.
    """
    if by not in (None, "area"):
        raise ValueError(f"Several tables at once are by area or in total, not by {by!r}")
    return _tables(FigureQuery.build(metric_slugs, years, by=by, within=within, area_rows=area_rows, areas=areas))


def year_value(metric_slug: str, year: FinancialYear, *, within: Area | None = None) -> int | None:
    return year_table(metric_slug, [year], within=within).total.cells[0].value


def per_working_day(count: int, year: FinancialYear) -> int:
    """A year's count as a whole number a working day (Monday to Friday)."""
    return round(count / working_days(year.start, year.end))


def all_areas() -> dict:
    """Every area by id: the tables roll their counts up this tree."""
    return {area.pk: area for area in Area.objects.all()}


def month_starts(start: date, end: date) -> list[date]:
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def monthly_series(metric_slug: str, start: date, end: date, *, within: Area | None = None) -> list:
    """(first day of month, count) for each month from ``start`` to ``end``, from the daily counts.

    A month before the app was in use for the metric's kind of record (no record of that
    kind in scope dated in it) is None, not 0.
    """
    return monthly_series_many([metric_slug], start, end, within=within)[metric_slug]


def monthly_series_many(
    metric_slugs: list[str], start: date, end: date, *, within: Area | None = None, areas: dict | None = None
) -> dict:
    """``monthly_series`` for several metrics, in two queries."""
    query = FigureQuery.build(metric_slugs, [], within=within, areas=areas)
    for metric in query.metrics:
        if not isinstance(metric.records, Events):
            raise ValueError(f"{metric.name} is not counted by month")
    counts = _daily_counts(query).filter(day__range=(start, end))
    totals = defaultdict(dict)
    for row in (
        counts.filter(series__in=metric_slugs)
        .annotate(month=TruncMonth("day"))
        .values("series", "month")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        totals[row["series"]][_as_date(row["month"])] = row["n"]
    in_use_names = {rollups.in_use_series(metric.records.model): metric.records.model for metric in query.metrics}
    spans = {in_use_names[name]: span for name, span in _spans_in_use(query, list(in_use_names)).items()}
    months = month_starts(start, end)

    def in_use(model, month):
        first, last = spans.get(model, (None, None))
        return first is not None and first.replace(day=1) <= month <= last

    return {
        metric.slug: [
            (month, totals[metric.slug].get(month, 0) if in_use(metric.records.model, month) else None)
            for month in months
        ]
        for metric in query.metrics
    }


# Composing: grouped counts into the rows of a table.


def _tables(query: FigureQuery) -> dict[str, YearTable]:
    """A table for each of the query's metrics, read in at most four statements whatever their number.

    A metric is read by area only (the small series) unless the tables need services or
    categories, or its returns name one: then by service and category too, so that a
    return for one service is superseded only by records of that service.
    """
    returns = _return_counts(query)
    uncollected = _uncollected(query)
    detailed = {
        metric.slug
        for metric in query.metrics
        if query.in_detail or any(count.service_id or count.category_id for count in returns[metric.slug])
    }
    records = _record_counts(query, detailed)
    covered = _coverage(query)
    return {
        metric.slug: _assemble(
            query,
            metric,
            records[metric.slug],
            returns[metric.slug],
            covered.get(metric.records.model, set()) if metric.records else set(),
            uncollected.get(metric.slug, []),
        )
        for metric in query.metrics
    }


def _assemble(
    query: FigureQuery, metric: Metric, record_counts, return_counts, covered_years, uncollected=()
) -> YearTable:
    """Put one metric's grouped counts into table rows: records win over returns for the same cell; a cell
    with neither, for an area whose figure is not collected then, is not collected (not a zero)."""
    supersedes = _supersession_index(record_counts, query.areas)
    row_of = _row_finder(query)
    row_keys, labels = _rows(query, record_counts + return_counts, row_of)
    cells = {key: [Cell() for _ in query.years] for key in row_keys}
    for count in record_counts:
        key = row_of(count)
        if key in cells:
            cells[key][count.year].add(count.value, from_records=True)
    for count in return_counts:
        key = row_of(count)
        if key not in cells:
            continue
        cell = cells[key][count.year]
        if _is_superseded(count, supersedes, query.areas):
            cell.superseded_returns += 1
        else:
            cell.add(count.value, from_records=False)
    rows = []
    for key in row_keys:
        for position, cell in enumerate(cells[key]):
            if cell.value is None and position in covered_years:
                cell.value = 0
        rows.append(Row(key=key, label=labels[key], cells=cells[key]))
    left_out = _mark_uncollected(query, rows, uncollected, record_counts + return_counts)
    return YearTable(metric=metric, years=list(query.years), by=query.by, rows=rows, uncollected=left_out)


def _uncollected(query: FigureQuery) -> dict[str, list[UncollectedFigure]]:
    """The query's metrics' spans of years not collected, for areas in scope or above it: one statement."""
    wanted = [metric.slug for metric in query.metrics]
    found = defaultdict(list)
    if not query.years:
        return found
    for mark in UncollectedFigure.objects.filter(metric__in=wanted).order_by("pk"):
        area = query.areas.get(mark.area_id)
        if area is None:
            continue
        if query.scope is None or area.path.startswith(query.scope.path) or query.scope.path.startswith(area.path):
            found[mark.metric].append(mark)
    return found


def _mark_uncollected(query: FigureQuery, rows: list[Row], marks, counts) -> dict[str, list[str]]:
    """Mark the cells not collected; return {area label: the periods it is left out of}.

    A mark on a row's area (or an area above it) makes that row's cells without data not collected. A mark
    on an area inside a row (or inside the scope, for a table not by area) leaves that area out of the
    row's figure, which is then said in a note.
    """
    left_out = defaultdict(list)
    with_data = defaultdict(set)  # area path -> periods (positions) with any count
    for count in counts:
        with_data[query.areas[count.area_id].path].add(count.year)
    for mark in marks:
        area = query.areas[mark.area_id]
        periods = [position for position, period in enumerate(query.years) if _covers(mark, period)]
        for row in rows:
            row_area = _row_area(query, row)
            if row_area is not None and row_area.path.startswith(area.path):
                for position in periods:
                    cell = row.cells[position]
                    if not cell.has_data:
                        cell.value, cell.not_collected = None, True
                        _add_period(left_out, area, query.years[position])
            elif row_area is None or area.path.startswith(row_area.path):
                for position in periods:
                    has_data = any(
                        path.startswith(area.path) and position in found for path, found in with_data.items()
                    )
                    if not has_data:
                        _add_period(left_out, area, query.years[position])
    return {
        label: [period.label for period in sorted(periods, key=lambda p: p.start)]
        for label, periods in left_out.items()
    }


def _add_period(left_out, area: Area, period) -> None:
    if period not in left_out[area.label]:
        left_out[area.label].append(period)


def _row_area(query: FigureQuery, row: Row) -> Area | None:
    """The area a row's figures cover: its own area by area (the scope for the row not split by area), else
    the scope; None for every area (no scope)."""
    if query.by == "area" and row.key != NOT_RECORDED:
        return query.areas[row.key]
    return query.scope


def _covers(mark: UncollectedFigure, period) -> bool:
    """Whether the mark covers the whole period (each financial year it touches)."""
    first, last = FinancialYear.containing(period.start), FinancialYear.containing(period.end)
    return all(mark.covers(year) for year in range(first.start_year, last.start_year + 1))


def _supersession_index(record_counts, areas):
    """For each year, the (area path, service, category) combinations that have records."""
    index = defaultdict(set)
    for count in record_counts:
        if count.value:
            index[count.year].add((areas[count.area_id].path, count.service_id, count.category_id))
    return index


def _is_superseded(count: _Count, supersedes, areas) -> bool:
    path = areas[count.area_id].path
    for record_path, service_id, category_id in supersedes.get(count.year, ()):
        if not record_path.startswith(path):
            continue
        if count.service_id is not None and count.service_id != service_id:
            continue
        if count.category_id is not None and count.category_id != category_id:
            continue
        return True
    return False


def _row_finder(query: FigureQuery):
    """A function from a grouped count to the key of the table row it adds to."""
    if query.by is None:
        return lambda count: "total"
    if query.by == "service":
        return lambda count: count.service_id
    if query.by == "category":
        return lambda count: count.category_id
    row_by_area = {}
    for area in query.areas.values():
        containing = [row for row in query.row_areas if area.path.startswith(row.path)]
        row_by_area[area.pk] = containing[0].pk if containing else NOT_RECORDED
    return lambda count: row_by_area[count.area_id]


def _rows(query: FigureQuery, counts, row_of):
    """The table's row keys, in order, and their labels."""
    if query.by is None:
        return ["total"], {"total": "Total"}
    if query.by == "area":
        keys = [area.pk for area in query.row_areas]
        labels = {area.pk: area.label for area in query.row_areas}
        if any(row_of(count) == NOT_RECORDED for count in counts):
            keys.append(NOT_RECORDED)
            labels[NOT_RECORDED] = f"{query.scope.label if query.scope else 'All areas'} (not split by area)"
        return keys, labels
    model = Service if query.by == "service" else Category
    chosen = query.services if query.by == "service" else query.categories
    present = {row_of(count) for count in counts}
    members = list(chosen) if chosen is not None else [m for m in model.objects.all() if m.pk in present]
    keys = [member.pk for member in members]
    labels = {member.pk: member.name for member in members}
    if None in present:
        keys.append(None)
        labels[None] = f"{model._meta.verbose_name.capitalize()} {NOT_RECORDED}"
    return keys, labels


# Reading: each runs a statement of reports.figure_sql and turns its rows into grouped counts.


def _return_counts(query: FigureQuery) -> dict[str, list[_Count]]:
    """Each metric's returns, summed by area, service, category and period: one statement."""
    found = defaultdict(list)
    for slug, count in _grouped_returns(query, [metric.slug for metric in query.metrics if metric.accepts_returns]):
        found[slug].append(count)
    return found


def _record_counts(query: FigureQuery, detailed: set[str]) -> dict[str, list[_Count]]:
    """Each metric's counts from the daily counts kept beside the records (``activity.rollups``):
    one statement for the metrics that count events, one for those that count records open at
    the end. By area only, or by service and category too for the metrics in ``detailed``
    (where their kind of record has them)."""
    found = defaultdict(list)
    if query.area_ids == []:
        return found
    events, open_at_end = {}, {}  # series -> metric slug; metric slug -> series suffix
    for metric in query.metrics:
        measure = metric.records
        if measure is None:
            continue
        service_field, category_field = _dimension_fields(measure.model)
        if (query.services is not None and service_field is None) or (
            query.categories is not None and category_field is None
        ):
            continue  # limited to services or categories its records do not have: none count
        suffix = rollups.DETAIL if metric.slug in detailed and (service_field or category_field) else ""
        if isinstance(measure, Events):
            events[f"{metric.slug}{suffix}"] = metric.slug
        elif isinstance(measure, OpenAtEnd):
            open_at_end[metric.slug] = suffix
        else:
            raise TypeError(f"Unknown measure {measure!r}")
    for series, count in _grouped_events(query, list(events)):
        found[events[series]].append(count)
    for (slug, area_id, service_id, category_id), balances in _open_balances(query, open_at_end).items():
        for position, value in enumerate(balances):
            if value:
                found[slug].append(_Count(area_id, service_id, category_id, position, value))
    return found


def _coverage(query: FigureQuery) -> dict[type, set[int]]:
    """For each kind of record the metrics count, the periods (by position) in which the app
    was in use for it, in scope: one statement.

    In use means between the first and the last day with such a record: in those periods
    an empty cell is a real zero; before or after, it means no data, unless a return
    gives the figure.
    """
    by_series = {
        rollups.in_use_series(metric.records.model): metric.records.model for metric in query.metrics if metric.records
    }
    covered = defaultdict(set)
    for series, (first, last) in _spans_in_use(query, sorted(by_series)).items():
        for position, period in enumerate(query.years):
            if period.start <= last and period.end >= first:
                covered[by_series[series]].add(position)
    return covered


def _grouped_returns(query: FigureQuery, slugs: list[str]) -> list[tuple[str, _Count]]:
    """Returns' values summed by metric, area, service, category and period, in one query; for figures counted
    at a moment (``Metric.snapshot``), each period's latest return instead, in another."""
    if not slugs or not query.periods:
        return []
    limits = (query.area_ids, query.service_ids, query.category_ids)
    snapshots = [slug for slug in slugs if get_metric(slug).snapshot]
    events = [slug for slug in slugs if slug not in snapshots]
    found = []
    if events:
        found += _grouped(*figure_sql.grouped_returns(events, query.periods, *limits))
    if snapshots:
        found += _grouped(*figure_sql.latest_returns(snapshots, query.periods, *limits))
    return found


def _grouped_events(query: FigureQuery, series: list[str]) -> list[tuple[str, _Count]]:
    """Daily counts summed by series, area, service, category and period, in one query."""
    if not series:
        return []
    sql, params = figure_sql.grouped_daily_counts(
        series, query.periods, query.area_ids, query.service_ids, query.category_ids
    )
    return _grouped(sql, params)


def _grouped(sql: str, params: list) -> list[tuple[str, _Count]]:
    return [
        (grouped_by, _Count(area_id, service_id, category_id, position, total))
        for grouped_by, area_id, service_id, category_id, position, total in _fetch(sql, params)
    ]


def _open_balances(query: FigureQuery, suffixes: dict[str, str]) -> dict:
    """Records open at the end of each period: started less ended up to that day, in one query.

    ``suffixes``: for each metric slug, its series' suffix ("" or ``rollups.DETAIL``). Returns
    {(metric slug, area, service, category): [open at the end of each period]}.
    """
    if not suffixes:
        return {}
    sign = {}
    for slug, suffix in suffixes.items():
        sign[f"{slug}:started{suffix}"] = (slug, 1)
        sign[f"{slug}:ended{suffix}"] = (slug, -1)
    sql, params = figure_sql.open_balances(
        list(sign), [period.end for period in query.years], query.area_ids, query.service_ids, query.category_ids
    )
    balances = defaultdict(lambda: [0] * len(query.years))
    for series, area_id, service_id, category_id, *open_at in _fetch(sql, params):
        slug, direction = sign[series]
        key = (slug, area_id, service_id, category_id)
        for position, value in enumerate(open_at):
            balances[key][position] += direction * (value or 0)
    return balances


def _spans_in_use(query: FigureQuery, series: list[str]) -> dict[str, tuple[date, date]]:
    """The first and last day each series has counts for, in scope, in one statement."""
    area_ids = query.area_ids if query.area_ids is not None else list(query.areas)
    if not series or not area_ids:
        return {}
    rows = _fetch(*figure_sql.spans_in_use(series, area_ids))
    return {name: (_as_date(first), _as_date(last)) for name, first, last in rows if first is not None}


def _daily_counts(query: FigureQuery):
    """Daily counts in scope. The areas in scope are listed by id (not joined), which lets the
    database use the (series, day) index: a join on the area path misleads its estimates."""
    counts = DailyCount.objects.all()
    if query.area_ids is not None:
        counts = counts.filter(area_id__in=query.area_ids)
    return counts


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _single_root(areas) -> Area | None:
    roots = [area for area in areas if area.parent_id is None]
    return roots[0] if len(roots) == 1 else None


def _dimension_fields(model) -> tuple[str | None, str | None]:
    names = {f.name for f in model._meta.get_fields()}
    return ("service" if "service" in names else None, "category" if "category" in names else None)


def _as_date(value) -> date:
    if isinstance(value, str):  # SQLite hands back raw dates from a plain cursor as text
        return date.fromisoformat(value[:10])
    return value.date() if hasattr(value, "date") and callable(value.date) else value
