"""A report's data block as figures: the year-on-year grid a table or chart shows.

A block names one or more metrics and how to lay them out; ``read_grid`` asks the
aggregation layer (``reports.figures``) for the counts and returns a plain, JSON-ready
``Grid``. An approved report stores its grids, so its figures stay as they were.
"""

from dataclasses import asdict, dataclass, field

from activity.metrics import get_metric
from core.periods import Period, quarters_so_far, same_period_earlier, working_days, years_to_date
from reports.annual.specs import BlockSpec
from reports.figures import NOT_COLLECTED, NOT_RECORDED, YearTable, year_table, year_tables

ROW_HEADERS = {"": "Measure", "area": "Area", "service": "Service", "category": "Category of concern"}


@dataclass
class Grid:
    """Counts as a table: a row per area, service, category or metric; a column per year or metric.

    A value is a count, None (no data) or ``NOT_COLLECTED`` (the figure is not collected for that area then:
    not a zero, and left out of the total).
    """

    title: str
    kind: str
    layout: str
    row_header: str
    columns: list[str]
    rows: list[dict]  # {"label": str, "values": [int | None | NOT_COLLECTED], "metric": slug or None}
    total: list[int | None] | None  # the total row, when adding the rows up means something
    year_labels: list[str]
    working_days: list[int] | None = None
    notes: list[str] = field(default_factory=list)  # particular to this table
    phrase: str = ""  # what the counts are, for a sentence: "calls to the children's consultation line"
    scoped: bool = False  # counts only some services or areas, so sentences use the title
    themes: dict[str, str] = field(default_factory=dict)  # row label: themes written beside it (``RowTheme``)
    total_label: str = "Total"  # says what the total covers where some rows have no figure
    metrics: list[str] = field(default_factory=list)  # the metrics' slugs
    scope: str = ""  # the area and services the block is limited to: with a metric, what a finding is about
    returns_years: list[str] = field(default_factory=list)  # years whose figures include returns
    superseded_returns: int = 0  # returns not counted because records for the same cells win
    # Every figure the block holds, named exactly (``Fact``), so reports can be reconciled with each other.
    facts: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Grid":
        return cls(**{name: value for name, value in data.items() if name in cls.__dataclass_fields__})


class TableReader:
    """Reads the year tables a report's blocks need, as few queries as the aggregation layer allows.

    ``prefetch`` reads, in one ``year_tables`` call per group, every table that is in total or by
    area over the whole trust's services; any other table is read alone when asked for.
    """

    def __init__(self, *, areas: dict, services: dict, audience=None, categories: dict | None = None):
        """``audience``: the area the report is for (its figures cover that area and those below it), or None.
        ``categories``: every category's slug by id, for naming the figures of a table by category."""
        self.areas, self.services, self.audience = areas, services, audience
        self.area_by_slug = {area.slug: area for area in areas.values()}
        self.service_slugs = {service.pk: slug for slug, service in services.items()}
        self.category_slugs = categories or {}
        roots = [area for area in areas.values() if area.parent_id is None]
        self.root = roots[0].slug if len(roots) == 1 else ""
        self._tables = {}

    def within(self, spec: BlockSpec) -> str | None:
        """The area the block covers, by slug ("" for every area): the narrower of the block's and the report's
        audience; None where they do not meet (a block about Oxfordshire in a pack for Swindon)."""
        if self.audience is None:
            return spec.within
        block_area = self.area_by_slug.get(spec.within)
        if block_area is None or block_area.path.startswith(self.audience.path):
            return block_area.slug if block_area else self.audience.slug
        if self.audience.path.startswith(block_area.path):
            return self.audience.slug
        return None

    def covers(self, spec: BlockSpec) -> bool:
        return self.within(spec) is not None

    def requests(self, spec: BlockSpec, period: Period) -> list[tuple]:
        periods = tuple(block_periods(spec, period))
        within = self.within(spec) or ""
        return [(slug, periods, spec.by, within, spec.area_rows, spec.services) for slug in spec.metrics]

    def prefetch(self, requests: list[tuple]):
        groups = {}
        for slug, years, by, within, area_rows, services in requests:
            if by in ("", "area") and not services:
                groups.setdefault((years, by, within, area_rows), set()).add(slug)
        for (years, by, within, area_rows), slugs in groups.items():
            tables = year_tables(
                sorted(slugs),
                list(years),
                by=by or None,
                within=self.area_by_slug.get(within),
                area_rows=area_rows,
                areas=self.areas,
            )
            for slug, table in tables.items():
                self._tables[(slug, years, by, within, area_rows, ())] = table

    def table(self, request: tuple) -> YearTable:
        if request not in self._tables:
            slug, years, by, within, area_rows, services = request
            self._tables[request] = year_table(
                slug,
                list(years),
                by=by or None,
                within=self.area_by_slug.get(within),
                area_rows=area_rows,
                services=[self.services[s] for s in services if s in self.services] if services else None,
                areas=self.areas,
            )
        return self._tables[request]


def block_periods(spec: BlockSpec, period: Period) -> list:
    """The periods a block's columns show, for a report of ``period``, by its layout: the period and the same
    period in the ``spec.years - 1`` years before (an annual report: the year and those before it); the quarters
    of the year so far; the year to date and the same span before; or the period alone (metrics as columns)."""
    if spec.layout == "metrics":
        return [period]
    if spec.layout == "quarters":
        return quarters_so_far(period)
    if spec.layout == "year_to_date":
        return years_to_date(period, spec.years)
    return same_period_earlier(period, spec.years)


def read_grid(spec: BlockSpec, period: Period, reader: TableReader) -> Grid:
    """The block's counts for the report's period and those it is compared with (``block_periods``)."""
    requests = reader.requests(spec, period)
    years = list(requests[0][1])
    tables = [reader.table(request) for request in requests]
    year_labels = [each.label for each in years]
    grid = Grid(
        title=spec.title,
        kind=spec.kind,
        layout=spec.layout,
        row_header=ROW_HEADERS[spec.by],
        columns=year_labels,
        rows=[],
        total=None,
        year_labels=year_labels,
        scoped=bool(spec.within or spec.services),
        metrics=list(spec.metrics),
        scope=":".join([requests[0][3], *spec.services]),
    )
    if spec.layout == "metrics":
        grid.columns = [table.metric.name for table in tables]
        grid.rows = [
            {"label": label, "values": [_figure_of(table, key) for table in tables], "metric": None}
            for key, label in _row_keys(tables)
        ]
        grid.total = [table.total.figures[0] for table in tables]
    elif len(tables) > 1 or not spec.by:
        grid.row_header = ROW_HEADERS[""]
        grid.rows = [
            {"label": table.metric.name, "values": table.total.figures, "metric": table.metric.slug} for table in tables
        ]
        grid.phrase = get_metric(spec.metrics[0]).phrase if len(tables) == 1 else ""
    else:
        table = tables[0]
        grid.rows = [{"label": row.label, "values": row.figures, "metric": None} for row in table.rows]
        grid.total = table.total.figures
        grid.phrase = table.metric.phrase
    if spec.hide_empty_rows and spec.by:
        grid.rows = [row for row in grid.rows if any(_is_figure(value) for value in row["values"])]
    if spec.layout == "per_working_day":
        grid.working_days = [working_days(each.start, each.end) for each in years]
    shows_total = grid.total is not None and len(grid.rows) > 1
    if shows_total and _partly_counted(grid.rows):
        grid.total_label = f"Total ({WITH_FIGURES[spec.by]})"
    grid.returns_years, grid.superseded_returns = _sources(tables, year_labels)
    grid.notes = _uncollected_notes(tables, shows_total=shows_total)
    grid.facts = _facts(tables, years, requests[0][3] or reader.root, spec, reader)
    return grid


def _facts(tables: list[YearTable], periods: list, within: str, spec: BlockSpec, reader: TableReader) -> list[dict]:
    """Each figure as a fact named by what it counts (metric), where (area, or a service or category inside it),
    limited to which services, and when (first and last day): the same name in two reports is the same figure.
    Rows of records not split by area name no area, so they are left out."""
    limited = ",".join(sorted(spec.services))
    found = []
    for table in tables:
        named_rows = [("", "", "", table.total)] if table.by else []
        for row in table.rows:
            if table.by is None:
                named_rows.append((within, "", "", row))
            elif table.by == "area" and row.key != NOT_RECORDED:
                named_rows.append((reader.areas[row.key].slug, "", "", row))
            elif table.by == "service" and row.key is not None:
                named_rows.append((within, reader.service_slugs.get(row.key, ""), "", row))
            elif table.by == "category" and row.key is not None:
                named_rows.append((within, "", reader.category_slugs.get(row.key, ""), row))
        for area, service, category, row in named_rows:
            for period, value in zip(periods, row.figures, strict=True):
                found.append(
                    {
                        "metric": table.metric.slug,
                        "area": area or within,
                        "service": service,
                        "category": category,
                        "services": limited,
                        "start": period.start.isoformat(),
                        "end": period.end.isoformat(),
                        "value": value,
                    }
                )
    return found


WITH_FIGURES = {"": "with figures", "area": "areas with figures", "service": "services with figures"}
WITH_FIGURES["category"] = "categories with figures"


def _partly_counted(rows: list[dict]) -> bool:
    """Whether a column of the total adds up some rows but not others (no data, or not collected)."""
    columns = zip(*(row["values"] for row in rows), strict=True)
    return any(len({_is_figure(value) for value in column}) == 2 for column in columns)


def _is_figure(value) -> bool:
    return value is not None and value != NOT_COLLECTED


def _row_keys(tables: list[YearTable]) -> list[tuple]:
    """Every row any of the tables has, in the first table's order, then any the others add (the row of
    records not split by area may be in one metric's table and not another's)."""
    keys = {}
    for table in tables:
        for row in table.rows:
            keys.setdefault(row.key, row.label)
    split = [(key, label) for key, label in keys.items() if key != NOT_RECORDED]
    return split + [(key, label) for key, label in keys.items() if key == NOT_RECORDED]


def _figure_of(table: YearTable, key) -> int | str | None:
    """The table's figure for the row with ``key`` in its one period: 0 where it has no such row but
    counted the period (a row no record falls in), else None."""
    for row in table.rows:
        if row.key == key:
            return row.figures[0]
    return 0 if table.total.figures[0] is not None else None


def _sources(tables, year_labels) -> tuple[list[str], int]:
    """Which years' figures come from returns rather than records, and how many returns records replaced."""
    from_returns = []
    superseded = 0
    for table in tables:
        for label, cell in zip(year_labels, table.total.cells, strict=True):
            if cell.from_returns and label not in from_returns:
                from_returns.append(label)
            superseded += cell.superseded_returns
    return from_returns, superseded


def source_notes(returns_years: list[str], superseded: int) -> list[str]:
    """What a reader should know of where figures come from: said once a section (``PresentedSection.notes``)."""
    notes = []
    if returns_years:
        notes.append(f"Figures for {and_list(returns_years)} include returns entered by the team.")
    if superseded:
        notes.append(f"{superseded} return(s) for periods also held as records are not counted: records win.")
    return notes


def _uncollected_notes(tables: list[YearTable], *, shows_total: bool) -> list[str]:
    """ "BSW and Berkshire: not collected in 2019/20 and 2020/21; left out of the total.", naming the metric
    where the block shows several."""
    grouped = {}
    for table in tables:
        for label, periods in table.uncollected.items():
            what = f"{table.metric.name} " if len(tables) > 1 else ""
            grouped.setdefault((what, tuple(periods)), []).append(label)
    ending = "left out of the total" if shows_total else "not in these figures"
    return [
        f"{and_list(labels)}: {what}not collected in {and_list(list(periods))}; {ending}."
        for (what, periods), labels in grouped.items()
    ]


def and_list(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
