"""A report's data block as figures: the year-on-year grid a table or chart shows.

A block names one or more metrics and how to lay them out; ``read_grid`` asks the
aggregation layer (``reports.figures``) for the counts and returns a plain, JSON-ready
``Grid``. An approved report stores its grids, so its figures stay as they were.
"""

from dataclasses import asdict, dataclass, field

from activity.metrics import get_metric
from core.periods import FinancialYear, working_days
from reports.annual.specs import BlockSpec
from reports.figures import YearTable, year_table, year_tables

ROW_HEADERS = {"": "Measure", "area": "Area", "service": "Service", "category": "Category of concern"}


@dataclass
class Grid:
    """Counts as a table: a row per area, service, category or metric; a column per year or metric."""

    title: str
    kind: str
    layout: str
    row_header: str
    columns: list[str]
    rows: list[dict]  # {"label": str, "values": [int | None], "metric": slug or None}
    total: list[int | None] | None  # the total row, when adding the rows up means something
    year_labels: list[str]
    working_days: list[int] | None = None
    notes: list[str] = field(default_factory=list)
    phrase: str = ""  # what the counts are, for a sentence: "calls to the children's consultation line"
    scoped: bool = False  # counts only some services or areas, so sentences use the title
    themes: dict[str, str] = field(default_factory=dict)  # row label: themes written beside it (``RowTheme``)

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

    def __init__(self, *, areas: dict, services: dict):
        self.areas, self.services = areas, services
        self.area_by_slug = {area.slug: area for area in areas.values()}
        self._tables = {}

    def requests(self, spec: BlockSpec, year: FinancialYear) -> list[tuple]:
        years = tuple(year.last(1 if spec.layout == "metrics" else spec.years))
        return [(slug, years, spec.by, spec.within, spec.area_rows, spec.services) for slug in spec.metrics]

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


def read_grid(spec: BlockSpec, year: FinancialYear, reader: TableReader) -> Grid:
    """The block's counts for the report's year and the ``spec.years - 1`` before it."""
    requests = reader.requests(spec, year)
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
        notes=_source_notes(tables, year_labels),
        scoped=bool(spec.within or spec.services),
    )
    if spec.layout == "metrics":
        grid.columns = [table.metric.name for table in tables]
        grid.rows = [
            {"label": row.label, "values": [table.rows[i].values[0] for table in tables], "metric": None}
            for i, row in enumerate(tables[0].rows)
        ]
        grid.total = [table.total.values[0] for table in tables]
    elif len(tables) > 1 or not spec.by:
        grid.row_header = ROW_HEADERS[""]
        grid.rows = [
            {"label": table.metric.name, "values": table.total.values, "metric": table.metric.slug} for table in tables
        ]
        grid.phrase = get_metric(spec.metrics[0]).phrase if len(tables) == 1 else ""
    else:
        table = tables[0]
        grid.rows = [{"label": row.label, "values": row.values, "metric": None} for row in table.rows]
        grid.total = table.total.values
        grid.phrase = table.metric.phrase
    if spec.layout == "per_working_day":
        grid.working_days = [working_days(each.start, each.end) for each in years]
    return grid


def _source_notes(tables, year_labels) -> list[str]:
    """Which years' figures come from returns rather than records, and returns that records replaced."""
    from_returns = []
    superseded = 0
    for table in tables:
        for label, cell in zip(year_labels, table.total.cells, strict=True):
            if cell.from_returns and label not in from_returns:
                from_returns.append(label)
            superseded += cell.superseded_returns
    notes = []
    if from_returns:
        notes.append(f"Figures for {', '.join(from_returns)} include returns entered by the team.")
    if superseded:
        notes.append(f"{superseded} return(s) for periods also held as records are not counted: records win.")
    return notes
