"""A report's content as every format shows it: numbered sections, tables with their
change columns, and key findings written from the same numbers as the table beside them.

The public version goes through disclosure control first, and everything after that
(changes, averages, sentences) is worked out from the published numbers, so nothing
shown can give a hidden count away.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from activity.metrics import METRICS
from reports.annual.blocks import Grid
from reports.annual.disclosure import SUPPRESSED, DisclosureRule, protect
from reports.annual.narrative import narrative_html

Cell = int | float | str | None


@dataclass
class PresentedRow:
    label: str
    cells: list[Cell]
    is_total: bool = False


@dataclass
class PresentedTable:
    anchor: str
    title: str
    kind: str  # "table" or "chart"
    columns: list[str]  # the row header, then one per value column
    rows: list[PresentedRow]
    series_count: int  # the value columns a chart draws (years or metrics), before any change columns
    findings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unit: str = "count"  # or "per working day"
    themes: dict[str, str] = field(default_factory=dict)  # row label: the themes written beside it
    empty: str = ""  # a register with no rows says this instead of an empty table

    @property
    def is_register(self) -> bool:
        """Rows of text (audits, priorities, policies ...), not counts: no charts, changes or findings."""
        return self.kind == "register"

    @property
    def series_columns(self) -> list[str]:
        return self.columns[1 : 1 + self.series_count]

    def chart_traces(self) -> list[tuple[str, list]]:
        """(row label, its values over the series columns) for each row except the total; hidden values as None."""
        return [
            (row.label, [None if isinstance(v, str) else v for v in row.cells[: self.series_count]])
            for row in self.rows
            if not row.is_total
        ]


@dataclass
class PresentedImage:
    png: bytes
    alt_text: str
    caption: str
    width: int
    height: int


@dataclass
class PresentedSection:
    number: str
    title: str
    level: int
    narrative: str  # Markdown as the team wrote it (the public narrative, in the public version)
    narrative_html: str  # sanitised
    tables: list[PresentedTable]
    images: list[PresentedImage] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "section-" + self.number.replace(".", "-")


@dataclass
class FrontSheet:
    """The Board cover sheet (REPORTS.md §1): what a Board member reads before the meeting."""

    organisation: str = ""
    meeting: str = ""
    meeting_date: date | None = None
    agenda_item: str = ""
    purpose: str = ""  # "For assurance"
    authors: list[str] = field(default_factory=list)  # "Name, job title", one each
    lead_executive: str = ""
    governance_route: str = ""
    legal_and_risk: str = ""
    strategic_objectives: str = ""
    recommendation: str = ""

    @classmethod
    def from_json(cls, data: dict | None) -> "FrontSheet":
        data = dict(data or {})
        when = data.pop("meeting_date", "")
        authors = [line.strip() for line in data.pop("authors", "").splitlines() if line.strip()]
        return cls(**data, authors=authors, meeting_date=date.fromisoformat(when) if when else None)


@dataclass
class PresentedReport:
    title: str
    year_label: str
    approved: bool
    figures_as_at: datetime | None
    public: bool
    sections: list[PresentedSection]
    disclosure_note: str = ""
    front_sheet: FrontSheet = field(default_factory=FrontSheet)

    @property
    def executive_summary(self) -> PresentedSection | None:
        """The first section, when it is the executive summary: the front sheet shows it."""
        first = self.sections[0] if self.sections else None
        return first if first and first.title.lower().startswith("executive summary") else None

    @property
    def findings(self) -> list[str]:
        """Every table's findings once (a chart of a table says the same as the table)."""
        every = [finding for section in self.sections for table in section.tables for finding in table.findings]
        return list(dict.fromkeys(every))

    @property
    def tables(self) -> list[PresentedTable]:
        return [table for section in self.sections for table in section.tables]


def present(
    content: dict,
    *,
    approved: bool = False,
    figures_as_at: datetime | None = None,
    public: bool = False,
    rule: DisclosureRule | None = None,
    images: dict[int, bytes] | None = None,
) -> PresentedReport:
    """``content``: the report as stored or read (see ``reports.annual.content``); ``images``: the PNG of each
    image it names, by id."""
    rule = rule or DisclosureRule()
    images = images or {}
    sections = []
    top = sub = 0
    for section in content["sections"]:
        if section["level"] == 1:
            top, sub = top + 1, 0
            number = str(top)
        else:
            sub += 1
            number = f"{top}.{sub}"
        tables = [
            (
                present_register(block, f"table-{number.replace('.', '-')}-{i}")
                if block.get("kind") == "register"
                else present_grid(
                    Grid.from_json(block), f"table-{number.replace('.', '-')}-{i}", public=public, rule=rule
                )
            )
            for i, block in enumerate(section["blocks"], start=1)
        ]
        narrative = section["narrative"]
        if public and section.get("public_narrative") is not None:
            narrative = section["public_narrative"]
        sections.append(
            PresentedSection(
                number=number,
                title=section["title"],
                level=section["level"],
                narrative=narrative,
                narrative_html=narrative_html(narrative),
                tables=tables,
                images=[
                    PresentedImage(
                        png=images[image["id"]],
                        alt_text=image["alt_text"],
                        caption=image["caption"],
                        width=image["width"],
                        height=image["height"],
                    )
                    for image in section.get("images", [])
                    if image["id"] in images
                ],
            )
        )
    note = ""
    if public:
        note = (
            f"Counts from 1 to {rule.threshold} are shown as {SUPPRESSED} and other counts are rounded to the "
            f"nearest {rule.rounding}; where a total would give a hidden count away, another count is hidden too. "
            "Totals are rounded from the true figures, so they may not equal the sum of the rounded rows."
        )
    return PresentedReport(
        title=content["title"],
        year_label=content["year_label"],
        approved=approved,
        figures_as_at=figures_as_at,
        public=public,
        sections=sections,
        disclosure_note=note,
        front_sheet=FrontSheet.from_json(content.get("front_sheet")),
    )


def present_register(block: dict, anchor: str) -> PresentedTable:
    """A register (``reports.annual.registers``): rows of text, shown as they are in every version (they
    hold no counts about people)."""
    return PresentedTable(
        anchor=anchor,
        title=block["title"],
        kind="register",
        columns=list(block["columns"]),
        rows=[PresentedRow(label=row[0], cells=list(row[1:])) for row in block["rows"]],
        series_count=0,
        notes=list(block.get("notes", [])),
        empty=block.get("empty", ""),
    )


def present_grid(
    grid: Grid, anchor: str, *, public: bool = False, rule: DisclosureRule | None = None
) -> PresentedTable:
    values = [row["values"] for row in grid.rows]
    total = grid.total
    if public:
        protected = protect(
            values,
            column_totals=total is not None,
            row_totals=False,
            rule=rule or DisclosureRule(),
            true_column_totals=total,
        )
        values, total = protected.cells, protected.column_totals
    if grid.working_days:
        # In the public version an average keeps a decimal place, so it never reads as a small count.
        places = 1 if public else None
        values = [_per_day(row, grid.working_days, places) for row in values]
        total = _per_day(total, grid.working_days, places) if total is not None else None
    with_change = grid.layout != "metrics" and len(grid.columns) >= 2
    rows = [
        PresentedRow(label=row["label"], cells=_with_change(cells, with_change))
        for row, cells in zip(grid.rows, values, strict=True)
    ]
    if total is not None and len(rows) > 1:
        rows.append(PresentedRow(label="Total", cells=_with_change(total, with_change), is_total=True))
    columns = [grid.row_header, *grid.columns]
    if with_change:
        columns += [f"Change on {grid.columns[-2]}", "% change"]
    table = PresentedTable(
        anchor=anchor,
        title=grid.title,
        kind=grid.kind,
        columns=columns,
        rows=rows,
        series_count=len(grid.columns),
        notes=list(grid.notes),
        unit="per working day" if grid.working_days else "count",
        themes=dict(grid.themes),
    )
    table.findings = _findings(grid, rows, total is not None and len(rows) > 1)
    return table


def _per_day(counts, days, places) -> list[Cell]:
    return [c if c is None or isinstance(c, str) else round(c / d, places) for c, d in zip(counts, days, strict=True)]


def _with_change(cells: list[Cell], with_change: bool) -> list[Cell]:
    if not with_change:
        return list(cells)
    last, this = cells[-2], cells[-1]
    if last is None or this is None:
        return [*cells, None, None]
    if isinstance(last, str) or isinstance(this, str):
        return [*cells, SUPPRESSED, SUPPRESSED]
    change = this - last if isinstance(this, int) and isinstance(last, int) else round(this - last, 1)
    percent = round(100 * change / last, 1) if last else None
    return [*cells, change, percent]


def _findings(grid: Grid, rows: list[PresentedRow], has_total: bool) -> list[str]:
    """Sentences from the table's own cells: the report's year against the year before."""
    if grid.layout == "metrics":
        return []
    if has_total:
        subjects = [(rows[-1], grid.phrase, grid.title)]
    else:
        subjects = [
            (
                row,
                METRICS[source["metric"]].phrase if source["metric"] else "",
                row.label if len(rows) > 1 else grid.title,
            )
            for row, source in zip(rows, grid.rows, strict=True)
        ]
    sentences = []
    years = grid.columns
    for row, phrase, title in subjects:
        sentence = finding(
            row.cells[len(years) - 1],
            row.cells[len(years) - 2] if len(years) >= 2 else None,
            years,
            phrase="" if grid.scoped else phrase,
            title=title,
            per_day=bool(grid.working_days),
        )
        if sentence:
            sentences.append(sentence)
    return sentences


def finding(this: Cell, last: Cell, years: list[str], *, phrase: str, title: str, per_day: bool = False) -> str:
    """One key finding, or "" when a number it needs is missing or hidden."""
    if not isinstance(this, int):
        return ""
    year = years[-1]
    if per_day:
        opening = f"In {year} there were on average {this:,} {phrase or title.lower()} a working day"
    elif phrase:
        opening = f"In {year} there were {this:,} {phrase}"
    else:
        opening = f"{title}: {this:,} in {year}"
    if len(years) < 2 or not isinstance(last, int):
        return opening + "."
    previous = years[-2]
    change = this - last
    if change == 0:
        return f"{opening}, the same as in {previous}."
    direction = "more" if change > 0 else "fewer"
    sentence = f"{opening}, {abs(change):,} {direction} than in {previous} ({last:,})"
    if last:
        sentence += f", {'a rise' if change > 0 else 'a fall'} of {abs(round(100 * change / last))}%"
    return sentence + "."
