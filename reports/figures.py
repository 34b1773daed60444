"""The aggregation layer: every figure the dashboard and the report show is read here.

Counting happens in the database: records are read from the daily counts kept beside
them (``activity.rollups``), grouped by area, service, category and period. What comes
back is bounded by the size of the reference data, never by the number of records, and
is then rolled up to the rows asked for in Python.

Records and returns: where records exist for a metric and year in a return's area
(or an area below it), matching the return's service and category if it names
them, the records win and the return is counted as superseded.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import Sum
from django.db.models.functions import TruncMonth

from activity import rollups
from activity.metrics import Events, Metric, OpenAtEnd, get_metric
from activity.models import Area, Category, DailyCount, Return, Service
from activity.models.reference import tree_position
from core.periods import FinancialYear, working_days

NOT_RECORDED = "not recorded"


@dataclass
class Cell:
    value: int | None = None
    from_records: bool = False
    from_returns: bool = False
    superseded_returns: int = 0

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
        return [cell.value for cell in self.cells]


@dataclass
class YearTable:
    metric: Metric
    years: list[FinancialYear]
    by: str | None
    rows: list[Row]
    total: Row = field(init=False)

    def __post_init__(self):
        totals = [Cell() for _ in self.years]
        for row in self.rows:
            for total, cell in zip(totals, row.cells, strict=True):
                if cell.value is not None:
                    total.value = (total.value or 0) + cell.value
                total.from_records |= cell.from_records
                total.from_returns |= cell.from_returns
                total.superseded_returns += cell.superseded_returns
        self.total = Row(key=None, label="Total", cells=totals)

    def row(self, label: str) -> Row:
        for row in self.rows:
            if row.label == label:
                return row
        raise KeyError(f"No row {label!r} in the {self.metric.name} table; rows are {[r.label for r in self.rows]}")

    def value(self, label: str, year: FinancialYear) -> int | None:
        return self.row(label).cells[self.years.index(year)].value


@dataclass(frozen=True)
class _Count:
    area_id: int
    service_id: int | None
    category_id: int | None
    year: int  # the position of the period in the table
    value: int


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
    metric = get_metric(metric_slug)
    years = sorted(years, key=lambda period: period.start)
    areas = areas if areas is not None else all_areas()
    scope = within or _single_root(areas.values())
    return_counts = _return_counts(metric, years, scope, services, categories, areas)
    needs_detail = (
        by in ("service", "category")
        or services is not None
        or categories is not None
        or any(count.service_id or count.category_id for count in return_counts)
    )
    record_counts = _record_counts(metric, years, scope, services, categories, areas, needs_detail)
    covered_years = _years_with_records(metric, years, scope, areas)
    return _assemble(
        metric, years, by, scope, areas, area_rows, record_counts, return_counts, covered_years, services, categories
    )


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

    The same tables ``year_table`` gives, one by one; a metric whose returns name a
    service or category is read by ``year_table`` itself, at its level of detail.
    """
    if by not in (None, "area"):
        raise ValueError(f"Several tables at once are by area or in total, not by {by!r}")
    metrics = [get_metric(slug) for slug in metric_slugs]
    years = sorted(years, key=lambda period: period.start)
    areas = areas if areas is not None else all_areas()
    scope = within or _single_root(areas.values())
    returns = _return_counts_many(metrics, years, scope, areas)
    detailed = {slug for slug, counts in returns.items() if any(c.service_id or c.category_id for c in counts)}
    coarse = [metric for metric in metrics if metric.slug not in detailed]
    records = _record_counts_many(coarse, years, scope, areas)
    covered = _coverage_many(coarse, years, scope, areas)
    tables = {}
    for metric in metrics:
        if metric.slug in detailed:
            tables[metric.slug] = year_table(metric.slug, years, by=by, within=within, area_rows=area_rows, areas=areas)
            continue
        in_use = covered.get(metric.records.model, set()) if metric.records else set()
        tables[metric.slug] = _assemble(
            metric,
            years,
            by,
            scope,
            areas,
            area_rows,
            records.get(metric.slug, []),
            returns.get(metric.slug, []),
            in_use,
        )
    return tables


def _assemble(
    metric,
    years,
    by,
    scope,
    areas,
    area_rows,
    record_counts,
    return_counts,
    covered_years,
    services=None,
    categories=None,
) -> YearTable:
    """Put grouped counts into table rows: records win over returns for the same cell."""
    supersedes = _supersession_index(record_counts, areas)
    row_of = _row_finder(by, scope, areas, area_rows)
    row_keys, labels = _rows(by, scope, areas, area_rows, record_counts + return_counts, row_of, services, categories)
    cells = {key: [Cell() for _ in years] for key in row_keys}
    for count in record_counts:
        key = row_of(count)
        if key in cells:
            cells[key][count.year].add(count.value, from_records=True)
    for count in return_counts:
        key = row_of(count)
        if key not in cells:
            continue
        cell = cells[key][count.year]
        if _is_superseded(count, supersedes, areas):
            cell.superseded_returns += 1
        else:
            cell.add(count.value, from_records=False)
    rows = []
    for key in row_keys:
        for position, cell in enumerate(cells[key]):
            if cell.value is None and position in covered_years:
                cell.value = 0
        rows.append(Row(key=key, label=labels[key], cells=cells[key]))
    return YearTable(metric=metric, years=years, by=by, rows=rows)


def _return_counts_many(metrics, years, scope, areas) -> dict[str, list]:
    slugs = [metric.slug for metric in metrics if metric.accepts_returns]
    found = defaultdict(list)
    for count_of, count in _grouped_returns(slugs, years, _area_ids(scope, areas)):
        found[count_of].append(count)
    return found


def _grouped_returns(slugs, years, area_ids, service_ids=None, category_ids=None) -> list[tuple[str, _Count]]:
    """Returns' values summed by metric, area, service, category and period, in one query."""
    within = "period_start >= %s AND period_end <= %s"
    return _grouped_sums(Return, "metric", "value", within, slugs, years, (area_ids, service_ids, category_ids))


def _grouped_events(series_names, years, area_ids, service_ids=None, category_ids=None) -> list[tuple[str, _Count]]:
    """Daily counts summed by series, area, service, category and period, in one query."""
    within = "day BETWEEN %s AND %s"
    return _grouped_sums(
        DailyCount, "series", '"count"', within, series_names, years, (area_ids, service_ids, category_ids)
    )


def _grouped_sums(model, key, amount, within, keys, years, limits) -> list[tuple[str, _Count]]:
    """``amount`` summed by ``key``, area, service, category and period. ``within`` (placeholders
    for a first and a last day) says whether a row falls in a span: each period, and all of them.
    ``limits``: the area, service and category ids to count (each None for no limit)."""
    if not keys:
        return []
    period = _period_case_sql(within, [(p.start, p.end) for p in years])
    where, params = _in_sql(key, keys)
    where, params = [where, within], [*params, *_db_dates(years)]
    _limit(where, params, *limits)
    columns = f"{key}, area_id, service_id, category_id"
    # bandit B608 (SQL built as a string): the names and fragments come from this module, never from a
    # request, and every value is a parameter. A bare nosec: with an id bandit 1.9 misfires on f-strings (#1204).
    sql = (
        f"SELECT {columns}, period, SUM({amount}) FROM ("  # nosec
        f"SELECT {columns}, {amount}, {period.sql} AS period FROM {_table(model)} WHERE {' AND '.join(where)}"
        f") AS grouped WHERE period IS NOT NULL GROUP BY {columns}, period"
    )
    return [
        (grouped_by, _Count(area_id, service_id, category_id, position, total))
        for grouped_by, area_id, service_id, category_id, position, total in _fetch(sql, [*period.params, *params])
    ]


def _record_counts_many(metrics, years, scope, areas) -> dict[str, list]:
    area_ids = _area_ids(scope, areas)
    found = defaultdict(list)
    if area_ids == []:
        return found
    events = [metric.slug for metric in metrics if isinstance(metric.records, Events)]
    if events:
        for series, count in _grouped_events(events, years, area_ids):
            found[series].append(count)
    open_at_end = [metric.slug for metric in metrics if isinstance(metric.records, OpenAtEnd)]
    if open_at_end:
        for (slug, area_id, _, _), balances in _open_balances(area_ids, open_at_end, years).items():
            for position, value in enumerate(balances):
                if value:
                    found[slug].append(_Count(area_id, None, None, position, value))
    return found


def _open_balances(area_ids, metric_slugs, years, *, detail=False, service_ids=None, category_ids=None) -> dict:
    """Records open at the end of each period: started less ended up to that day, in one query.

    ``area_ids``, ``service_ids``, ``category_ids``: what to count (None: no limit). Returns
    {(metric slug, area, service, category): [open at the end of each period]}.
    """
    suffix = rollups.DETAIL if detail else ""
    sign = {}
    for slug in metric_slugs:
        sign[f"{slug}:started{suffix}"] = (slug, 1)
        sign[f"{slug}:ended{suffix}"] = (slug, -1)
    sums = ", ".join('SUM(CASE WHEN day <= %s THEN "count" ELSE 0 END)' for _ in years)
    where, params = _in_sql("series", list(sign))
    where, params = (
        [where, "day <= %s"],
        [*(_db_date(period.end) for period in years), *params, _db_date(years[-1].end)],
    )
    _limit(where, params, area_ids, service_ids, category_ids)
    # bandit B608: the table name and the sums come from this module; every value is a parameter.
    sql = (
        f"SELECT series, area_id, service_id, category_id, {sums} FROM {_table(DailyCount)} "  # nosec
        f"WHERE {' AND '.join(where)} GROUP BY series, area_id, service_id, category_id"
    )
    balances = defaultdict(lambda: [0] * len(years))
    for series, area_id, service_id, category_id, *open_at in _fetch(sql, params):
        slug, direction = sign[series]
        key = (slug, area_id, service_id, category_id)
        for position, value in enumerate(open_at):
            balances[key][position] += direction * (value or 0)
    return balances


@dataclass(frozen=True)
class _SqlCase:
    sql: str
    params: list


def _period_case_sql(condition: str, bounds) -> _SqlCase:
    """CASE giving the position of the period a row falls in (NULL if in none); ``condition``
    has two placeholders, for each period's first and last day. Hand-written, as are the
    batch queries that use it: building them with the ORM cost more than running them."""
    whens = " ".join(f"WHEN {condition} THEN {position}" for position in range(len(bounds)))
    return _SqlCase(f"CASE {whens} END", [_db_date(day) for pair in bounds for day in pair])


def _in_sql(column: str, values: list) -> tuple[str, list]:
    return f"{column} IN ({', '.join(['%s'] * len(values))})" if values else "1 = 0", list(values)


def _limit(where: list, params: list, area_ids, service_ids=None, category_ids=None):
    """Add to a query's conditions: only these areas, services and categories (None: no limit)."""
    for column, ids in (("area_id", area_ids), ("service_id", service_ids), ("category_id", category_ids)):
        if ids is not None:
            condition, values = _in_sql(column, ids)
            where.append(condition)
            params += values


def _db_dates(years) -> list:
    """The first and last day the periods cover, as the database takes dates."""
    return [_db_date(years[0].start), _db_date(years[-1].end)]


def _db_date(day: date):
    return connection.ops.adapt_datefield_value(day)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _area_ids(scope, areas) -> list[int] | None:
    """The ids of the areas in scope, or None for no limit (no scope)."""
    if scope is None:
        return None
    return [pk for pk, area in areas.items() if area.path.startswith(scope.path)]


def _coverage_many(metrics, years, scope, areas) -> dict[type, set[int]]:
    models = {metric.records.model for metric in metrics if metric.records}
    if not models:
        return {}
    by_series = {rollups.in_use_series(model): model for model in models}
    covered = defaultdict(set)
    for series, (first, last) in _spans_in_use(scope, areas, list(by_series)).items():
        for position, period in enumerate(years):
            if period.start <= last and period.end >= first:
                covered[by_series[series]].add(position)
    return covered


def all_areas() -> dict:
    """Every area by id: the tables roll their counts up this tree."""
    return {area.pk: area for area in Area.objects.all()}


def year_value(metric_slug: str, year: FinancialYear, *, within: Area | None = None) -> int | None:
    return year_table(metric_slug, [year], within=within).total.cells[0].value


def per_working_day(count: int, year: FinancialYear) -> int:
    """A year's count as a whole number a working day (Monday to Friday)."""
    return round(count / working_days(year.start, year.end))


def _single_root(areas) -> Area | None:
    roots = [area for area in areas if area.parent_id is None]
    return roots[0] if len(roots) == 1 else None


def _years_with_records(metric, years, scope, areas) -> set[int]:
    """Periods in which the app was in use for the metric's kind of record, in scope.

    In use means between the first and the last day with such a record: in those periods
    an empty cell is a real zero; before or after, it means no data, unless a return
    gives the figure.
    """
    if metric.records is None:
        return set()
    return _coverage_many([metric], years, scope, areas).get(metric.records.model, set())


def _spans_in_use(scope, areas, series_names) -> dict[str, tuple[date, date]]:
    """The first and last day each series has counts for, in scope, in one statement.

    Each series is its own branch of a UNION ALL with no GROUP BY, so the database answers
    its MIN and MAX from the (series, day, area) index instead of reading every row.
    """
    if not series_names:
        return {}
    area_ids = [pk for pk, area in areas.items() if scope is None or area.path.startswith(scope.path)]
    if not area_ids:
        return {}
    table = connection.ops.quote_name(DailyCount._meta.db_table)
    in_areas = ", ".join(["%s"] * len(area_ids))
    # bandit B608: only the table name and placeholders are formatted in; every value is a parameter.
    branch = f"SELECT %s, MIN(day), MAX(day) FROM {table} WHERE series = %s AND area_id IN ({in_areas})"  # nosec
    sql = " UNION ALL ".join([branch] * len(series_names))
    params = [value for name in series_names for value in (name, name, *area_ids)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {name: (_as_date(first), _as_date(last)) for name, first, last in rows if first is not None}


def _daily_counts(scope, areas=None):
    """Daily counts in scope. The areas in scope are listed by id (not joined), which lets the
    database use the (series, day) index: a join on the area path misleads its estimates."""
    counts = DailyCount.objects.all()
    if scope is not None:
        areas = areas if areas is not None else {area.pk: area for area in Area.objects.within(scope)}
        counts = counts.filter(area_id__in=_area_ids(scope, areas))
    return counts


def _dimension_fields(model) -> tuple[str | None, str | None]:
    names = {f.name for f in model._meta.get_fields()}
    return ("service" if "service" in names else None, "category" if "category" in names else None)


def _record_counts(metric, years, scope, services, categories, areas, needs_detail) -> list[_Count]:
    """The metric's counts from the daily counts kept beside the records (``activity.rollups``),
    by area only unless the table needs services or categories."""
    measure = metric.records
    if measure is None:
        return []
    service_field, category_field = _dimension_fields(measure.model)
    has_detail = bool(service_field or category_field)

    def series(name):
        return rollups.detail(name) if needs_detail and has_detail else name

    if (services is not None and service_field is None) or (categories is not None and category_field is None):
        return []
    service_ids = None if services is None else [service.pk for service in services]
    category_ids = None if categories is None else [category.pk for category in categories]
    if isinstance(measure, Events):
        grouped = _grouped_events([series(metric.slug)], years, _area_ids(scope, areas), service_ids, category_ids)
        return [count for _, count in grouped if count.value]
    if isinstance(measure, OpenAtEnd):
        balances = _open_balances(
            _area_ids(scope, areas),
            [metric.slug],
            years,
            detail=needs_detail and has_detail,
            service_ids=service_ids,
            category_ids=category_ids,
        )
        return [
            _Count(area_id, service_id, category_id, position, value)
            for (_, area_id, service_id, category_id), values in balances.items()
            for position, value in enumerate(values)
            if value
        ]
    raise TypeError(f"Unknown measure {measure!r}")


def _return_counts(metric, years, scope, services, categories, areas) -> list[_Count]:
    if not metric.accepts_returns:
        return []
    service_ids = None if services is None else [service.pk for service in services]
    category_ids = None if categories is None else [category.pk for category in categories]
    return [
        count for _, count in _grouped_returns([metric.slug], years, _area_ids(scope, areas), service_ids, category_ids)
    ]


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


def _area_row_areas(scope, areas, area_rows):
    inside = [a for a in areas.values() if scope is None or (a.path.startswith(scope.path) and a.pk != scope.pk)]
    if area_rows == "children":
        parent_id = scope.pk if scope else None
        chosen = [a for a in inside if a.parent_id == parent_id]
    elif area_rows == "leaves":
        parents = {a.parent_id for a in areas.values()}
        chosen = [a for a in inside if a.pk not in parents]
    else:
        raise ValueError(f"area_rows is 'children' or 'leaves', not {area_rows!r}")
    return sorted(chosen, key=lambda area: tree_position(area, areas))


def _row_finder(by, scope, areas, area_rows):
    """A function from a grouped count to the key of the table row it adds to."""
    if by is None:
        return lambda count: "total"
    if by == "service":
        return lambda count: count.service_id
    if by == "category":
        return lambda count: count.category_id
    row_areas = _area_row_areas(scope, areas, area_rows)
    row_by_area = {}
    for area in areas.values():
        containing = [row for row in row_areas if area.path.startswith(row.path)]
        row_by_area[area.pk] = containing[0].pk if containing else NOT_RECORDED
    return lambda count: row_by_area[count.area_id]


def _rows(by, scope, areas, area_rows, counts, row_of, services, categories):
    if by is None:
        return ["total"], {"total": "Total"}
    if by == "area":
        row_areas = _area_row_areas(scope, areas, area_rows)
        keys = [area.pk for area in row_areas]
        labels = {area.pk: area.label for area in row_areas}
        if any(row_of(count) == NOT_RECORDED for count in counts):
            keys.append(NOT_RECORDED)
            labels[NOT_RECORDED] = f"{scope.label if scope else 'All areas'} (not split by area)"
        return keys, labels
    model = Service if by == "service" else Category
    chosen = services if by == "service" else categories
    present = {row_of(count) for count in counts}
    members = list(chosen) if chosen is not None else [m for m in model.objects.all() if m.pk in present]
    keys = [member.pk for member in members]
    labels = {member.pk: member.name for member in members}
    if None in present:
        keys.append(None)
        labels[None] = f"{model._meta.verbose_name.capitalize()} {NOT_RECORDED}"
    return keys, labels


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
    metrics = [get_metric(slug) for slug in metric_slugs]
    for metric in metrics:
        if not isinstance(metric.records, Events):
            raise ValueError(f"{metric.name} is not counted by month")
    areas = areas if areas is not None else all_areas()
    scope = within or _single_root(areas.values())
    counts = _daily_counts(scope, areas).filter(day__range=(start, end))
    totals = defaultdict(dict)
    for row in (
        counts.filter(series__in=metric_slugs)
        .annotate(month=TruncMonth("day"))
        .values("series", "month")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        totals[row["series"]][_as_date(row["month"])] = row["n"]
    in_use_names = {rollups.in_use_series(metric.records.model): metric.records.model for metric in metrics}
    spans = {in_use_names[name]: span for name, span in _spans_in_use(scope, areas, list(in_use_names)).items()}
    months = month_starts(start, end)

    def in_use(model, month):
        first, last = spans.get(model, (None, None))
        return first is not None and first.replace(day=1) <= month <= last

    return {
        metric.slug: [
            (month, totals[metric.slug].get(month, 0) if in_use(metric.records.model, month) else None)
            for month in months
        ]
        for metric in metrics
    }


def _as_date(value) -> date:
    if isinstance(value, str):  # SQLite hands back raw dates from a plain cursor as text
        return date.fromisoformat(value[:10])
    return value.date() if hasattr(value, "date") and callable(value.date) else value
