"""A report's content as every format shows it: numbered sections, tables with their
change columns, and key findings written from the same numbers as the table beside them.

The public version goes through disclosure control first, and everything after that
(changes, averages, sentences) is worked out from the published numbers, so nothing
shown can give a hidden count away.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings

from activity.metrics import METRICS
from reports.annual.blocks import Grid, source_notes
from reports.annual.disclosure import SUPPRESSED, DisclosureRule, honest_percent, protect
from reports.annual.narrative import narrative_html
from reports.figures import NOT_COLLECTED

Cell = int | float | str | None
NOT_COLLECTED_TEXT = "Not collected"  # how every format shows ``NOT_COLLECTED``


@dataclass
class Finding:
    """One sentence about one figure: ``anchor`` is its table's, so a format can link to it; ``change`` the
    percentage change it states (None where it states none: one year, or a base too small to mean anything)."""

    text: str
    anchor: str
    change: float | None = None


@dataclass
class PresentedRow:
    label: str
    cells: list[Cell]
    is_total: bool = False


@dataclass
class PresentedTable:
    anchor: str
    title: str
    kind: str  # "table", "chart", "register" or "crosstab" (``present_crosstab``)
    columns: list[str]  # the row header, then one per value column
    rows: list[PresentedRow]
    series_count: int  # the value columns a chart draws (years or metrics), before any change columns
    findings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # particular to this table (the section's are in its notes)
    unit: str = "count"  # or "per working day"
    themes: dict[str, str] = field(default_factory=dict)  # row label: the themes written beside it
    empty: str = ""  # a table with no rows (a register, an s.42 table) says this instead of an empty table
    key_facts: list[Finding] = field(default_factory=list)  # ``findings`` with their anchor and change
    # (what it is about, years compared, its finding or None) for each figure the table could speak of
    figures_spoken_of: list[tuple] = field(default_factory=list, repr=False, compare=False)

    @property
    def is_register(self) -> bool:
        """Rows of text (audits, priorities, policies ...), not counts: no charts, changes or findings."""
        return self.kind == "register"

    @property
    def says_empty(self) -> bool:
        """It has no rows, and says so in a sentence in their place (a register always has one)."""
        return not self.rows and (self.is_register or bool(self.empty))

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
    id: int = 0  # the ReportImage's, so a page can link to it


@dataclass
class PresentedSection:
    number: str
    title: str
    level: int
    narrative: str  # Markdown as the team wrote it (the public narrative, in the public version)
    narrative_html: str  # sanitised
    tables: list[PresentedTable]
    images: list[PresentedImage] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what holds for every table of the section, said once at its end

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
    period_covered: str = ""  # "The financial year 2021/22 (1 April 2021 to 31 March 2022)", for the front sheet
    audience: str = ""  # the area the figures cover, or "" for the whole trust

    @property
    def executive_summary(self) -> PresentedSection | None:
        """The first section, when it is the executive summary: the front sheet shows it."""
        first = self.sections[0] if self.sections else None
        return first if first and first.title.lower().startswith("executive summary") else None

    key_findings_limit: int = 8

    @property
    def key_findings(self) -> list[Finding]:
        """What a Board reads first: the findings that changed most (by the size of their percentage change; one
        with no percentage, such as on a small base, last), at most ``key_findings_limit``. Each table's own
        findings stay under it."""
        every = [fact for section in self.sections for table in section.tables for fact in table.key_facts]
        ranked = sorted(every, key=lambda fact: (fact.change is None, -abs(fact.change or 0)))
        return ranked[: self.key_findings_limit]

    @property
    def findings(self) -> list[str]:
        """The key findings' sentences."""
        return [fact.text for fact in self.key_findings]

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
    small_base: int | None = None,
    key_findings: int | None = None,
) -> PresentedReport:
    """``content``: the report as stored or read (see ``reports.annual.content``); ``images``: the PNG of each
    image it names, by id. ``small_base``: no percentage change from a base below it (default the setting
    ``REPORT_SMALL_BASE``); ``key_findings``: how many the summary shows (``REPORT_KEY_FINDINGS``)."""
    rule = rule or DisclosureRule()
    images = images or {}
    small_base = small_base if small_base is not None else int(getattr(settings, "REPORT_SMALL_BASE", 10))
    limit = key_findings if key_findings is not None else int(getattr(settings, "REPORT_KEY_FINDINGS", 8))
    sections = []
    top = sub = 0
    for section in content["sections"]:
        if section["level"] == 1:
            top, sub = top + 1, 0
            number = str(top)
        else:
            sub += 1
            number = f"{top}.{sub}"
        grids = []
        tables = []
        for i, block in enumerate(section["blocks"], start=1):
            anchor = f"table-{number.replace('.', '-')}-{i}"
            if block.get("kind") == "register":
                tables.append(present_register(block, anchor))
            elif block.get("kind") == CROSSTAB:
                tables.append(present_crosstab(block, anchor, public=public))
            else:
                grid = Grid.from_json(block)
                grids.append(grid)
                tables.append(present_grid(grid, anchor, public=public, rule=rule, small_base=small_base))
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
                        id=image["id"],
                        png=images[image["id"]],
                        alt_text=image["alt_text"],
                        caption=image["caption"],
                        width=image["width"],
                        height=image["height"],
                    )
                    for image in section.get("images", [])
                    if image["id"] in images
                ],
                notes=_section_notes(grids, tables),
            )
        )
    _one_finding_per_figure(sections)
    note = ""
    if public:
        note = (
            f"Counts from 1 to {rule.threshold} are shown as {SUPPRESSED} and other counts are rounded to the "
            f"nearest {rule.rounding}; where a total would give a hidden count away, another count is hidden too. "
            "Totals are rounded from the true figures, so they may not equal the sum of the rounded rows. "
            f"A percentage change is shown only where rounding could not move it by more than "
            f"{rule.percent_tolerance:g} percentage points; elsewhere the counts and their change are shown "
            f"without it. Figures that are not collected are shown as {NOT_COLLECTED_TEXT.lower()}, never hidden."
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
        key_findings_limit=limit,
        period_covered=period_covered(content),
        audience=content.get("audience", "") if content.get("area") else "",
    )


def period_covered(content: dict) -> str:
    """What the front sheet says of the period: "The financial year 2021/22 (1 April 2021 to 31 March 2022)",
    "Q4 2021/22 (1 January to 31 March 2022)"; a report made before periods says its financial year."""
    label = content["year_label"]
    if "period_start" not in content:
        return f"The financial year {label} (1 April to 31 March)"
    start, end = date.fromisoformat(content["period_start"]), date.fromisoformat(content["period_end"])
    first = f"{start:%-d %B}" if start.year == end.year else f"{start:%-d %B %Y}"
    dates = f"{first} to {end:%-d %B %Y}"
    if "/" in content.get("period", "") and " " not in content["period"]:
        return f"The financial year {label} ({dates})"
    return dates if label == f"{start:%-d %B %Y} to {end:%-d %B %Y}" else f"{label} ({dates})"


def _section_notes(grids: list[Grid], tables: list[PresentedTable]) -> list[str]:
    """The notes that hold for the section (where its figures come from, and any note two of its tables share),
    taken off the tables so each is said once."""
    returns_years = list(dict.fromkeys(year for grid in grids for year in grid.returns_years))
    returns_years.sort()
    notes = source_notes(returns_years, sum(grid.superseded_returns for grid in grids))
    seen = {}  # note: the titles of the tables it is under (a chart repeats its table's notes: one title)
    for table in tables:
        for text in table.notes:
            seen.setdefault(text, set()).add(table.title)
    notes += [text for text, titles in seen.items() if len(titles) > 1 and text not in notes]
    for table in tables:
        table.notes = [text for text in table.notes if text not in notes]
    return notes


def _one_finding_per_figure(sections: list[PresentedSection]) -> None:
    """One finding per metric and scope in the whole report: where several tables hold the same figure (a chart
    of a table, a per-working-day table of the same counts, another grouping of them), only the table that
    compares the most years keeps its sentence (the first such, on a tie)."""
    best = {}
    tables = [table for section in sections for table in section.tables]
    for order, table in enumerate(tables):
        for key, years, _ in table.figures_spoken_of:
            if key not in best or years > best[key][0]:
                best[key] = (years, order)
    for order, table in enumerate(tables):
        kept = [
            fact for key, years, fact in table.figures_spoken_of if fact is not None and best[key] == (years, order)
        ]
        table.key_facts = kept
        table.findings = [fact.text for fact in kept]


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


CROSSTAB = "crosstab"  # counts by two things, with a total row and column (``reports.annual.s42_tables``)
NONE_CONCLUDED = "No s.42 enquiry in the area this report covers is recorded as concluded in the period."


def present_crosstab(block: dict, anchor: str, *, public: bool = False) -> PresentedTable:
    """A table of counts by two things with its totals. The public version publishes it by the table's own rule
    (``block["rule"]``: a collection's, not the report's): totals from the true counts, then published, and a
    second count hidden wherever a line's total would give a lone hidden one away."""
    if not block["total"]:
        # A grid of zeros on every line says nothing a Board member can use: one sentence says it instead.
        return PresentedTable(
            anchor=anchor,
            title=block["title"],
            kind=CROSSTAB,
            columns=[block["row_header"], *block["columns"]],
            rows=[],
            series_count=len(block["columns"]),
            empty=NONE_CONCLUDED,
        )
    counts = [list(row[1:-1]) for row in block["rows"]]
    row_totals = [row[-1] for row in block["rows"]]
    column_totals, total = list(block["column_totals"][:-1]), block["total"]
    notes = list(block.get("notes", []))
    if public:
        rule = DisclosureRule(**block["rule"])
        protected = protect(
            counts, column_totals=True, row_totals=True, rule=rule, true_column_totals=column_totals or None
        )
        shown_total = rule.publish(total)
        true_row_totals = list(row_totals)
        # The total row and the total column each add up to the table's total: neither may hold a lone hidden count.
        shown_columns = _second_hidden(list(protected.column_totals), column_totals, shown_total)
        shown_rows = _second_hidden(list(protected.row_totals), true_row_totals, shown_total)
        counts, row_totals, column_totals, total = protected.cells, shown_rows, shown_columns, shown_total
        notes.append(
            f"Counts from 1 to {rule.threshold} are shown as {SUPPRESSED} and other counts are rounded to the nearest "
            f"{rule.rounding}, as the collection publishes them; totals are rounded from the true counts."
        )
    rows = [
        PresentedRow(label=row[0], cells=[*cells, row_total])
        for row, cells, row_total in zip(block["rows"], counts, row_totals, strict=True)
    ]
    rows.append(PresentedRow(label="Total", cells=[*column_totals, total], is_total=True))
    return PresentedTable(
        anchor=anchor,
        title=block["title"],
        kind=CROSSTAB,  # a table, with no themes beside its rows
        columns=[block["row_header"], *block["columns"]],
        rows=rows,
        series_count=len(block["columns"]),
        notes=notes,
    )


def _second_hidden(shown: list, true: list, shown_total) -> list:
    """``shown`` with a second count hidden (the smallest other) where it has one hidden and the total is shown."""
    hidden = [j for j, value in enumerate(shown) if value == SUPPRESSED]
    others = [j for j, value in enumerate(shown) if value != SUPPRESSED and true[j] is not None]
    if len(hidden) == 1 and shown_total != SUPPRESSED and others:
        shown[min(others, key=lambda j: true[j])] = SUPPRESSED
    return shown


def present_grid(
    grid: Grid,
    anchor: str,
    *,
    public: bool = False,
    rule: DisclosureRule | None = None,
    small_base: int = 10,
) -> PresentedTable:
    """The grid as a table: its values (averages a working day, to one decimal place, where the block asks),
    the change on the year before and the percentage change, worked out from unrounded values, and the
    findings its own cells say. Not collected reads as such, and is never taken for a zero."""
    rule = rule or DisclosureRule()
    counts = [list(row["values"]) for row in grid.rows]
    total = list(grid.total) if grid.total is not None else None
    if public:
        counts, total = _published(counts, total, rule)
    with_change = grid.layout != "metrics" and len(grid.columns) >= 2
    has_total = total is not None and len(counts) > 1
    compare = _Comparison(grid.working_days, small_base, rule if public else None)
    lines = [(row["label"], cells, False) for row, cells in zip(grid.rows, counts, strict=True)]
    if has_total:
        lines.append((grid.total_label or "Total", total, True))
    rows = []
    for label, cells, is_total in lines:
        shown = [_shown(value, grid.working_days, position) for position, value in enumerate(cells)]
        if with_change:
            shown += compare.change(cells[-2], cells[-1], len(cells) - 2)
        rows.append(PresentedRow(label=label, cells=shown, is_total=is_total))
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
    table.figures_spoken_of = _findings(grid, table, has_total)
    table.key_facts = [fact for _, _, fact in table.figures_spoken_of if fact is not None]
    table.findings = [fact.text for fact in table.key_facts]
    return table


def _published(counts, total, rule):
    """The counts as the public version may show them; not collected stays not collected (it is no count)."""

    def strip(cells):
        return [None if value == NOT_COLLECTED else value for value in cells]

    def restore(published, original):
        return [
            NOT_COLLECTED if was == NOT_COLLECTED else value for value, was in zip(published, original, strict=True)
        ]

    protected = protect(
        [strip(cells) for cells in counts],
        column_totals=total is not None,
        row_totals=False,
        rule=rule,
        true_column_totals=strip(total) if total is not None else None,
    )
    published = [restore(cells, original) for cells, original in zip(protected.cells, counts, strict=True)]
    shown_total = restore(protected.column_totals, total) if total is not None else None
    return published, shown_total


def _shown(value, days, position) -> Cell:
    """A value as the table shows it: a count, or its average a working day to one decimal place."""
    if value == NOT_COLLECTED:
        return NOT_COLLECTED_TEXT
    if value is None or isinstance(value, str) or not days:
        return value
    return round(value / days[position], 1)


@dataclass
class _Comparison:
    """How a table compares a year's figure with the year before's."""

    working_days: list[int] | None
    small_base: int
    public_rule: DisclosureRule | None  # the public version's rule, so a percentage from rounded counts is honest

    def change(self, last, this, position) -> list[Cell]:
        """[change, percentage change] from the counts ``last`` (at ``position``) and ``this``, unrounded: an
        average's change is the difference of the true averages. No percentage on a base below
        ``small_base`` (counted in the table's counts, before any averaging), or that rounding could move."""
        if last in (None, NOT_COLLECTED) or this in (None, NOT_COLLECTED):
            return [None, None]
        if isinstance(last, str) or isinstance(this, str):
            return [SUPPRESSED, SUPPRESSED]
        if self.working_days:
            before, after = last / self.working_days[position], this / self.working_days[position + 1]
            change = round(after - before, 1)
        else:
            before, after = last, this
            change = this - last
        percent = None
        if last and last >= self.small_base:
            percent = round(100 * (after - before) / before, 1)
            scale = self.working_days[position] / self.working_days[position + 1] if self.working_days else 1
            if self.public_rule and not honest_percent(last, this, self.public_rule, scale=scale):
                percent = None
        return [change, percent]


def _findings(grid: Grid, table: PresentedTable, has_total: bool) -> list[tuple]:
    """(what it is about, years compared, the finding or None) for each figure the table speaks of: its total,
    or each row where its rows are metrics. ``_one_finding_per_figure`` keeps one per figure in the report."""
    if grid.layout == "metrics":
        return []
    rows = table.rows
    if has_total:
        metric = grid.metrics[0] if len(grid.metrics) == 1 else ""
        subjects = [(rows[-1], metric, grid.phrase, grid.title)]
    else:
        subjects = [
            (
                row,
                source.get("metric") or (grid.metrics[0] if len(grid.metrics) == 1 else ""),
                METRICS[source["metric"]].phrase if source.get("metric") in METRICS else grid.phrase,
                row.label if len(rows) > 1 else grid.title,
            )
            for row, source in zip(rows, grid.rows, strict=True)
        ]
    years = grid.columns
    found = []
    for row, metric, phrase, title in subjects:
        key = (metric, grid.scope) if metric else (grid.title, row.label)
        last, change, percent = None, None, None
        if len(years) >= 2:
            last, change, percent = row.cells[len(years) - 2], row.cells[len(years)], row.cells[len(years) + 1]
        text = finding(
            row.cells[len(years) - 1],
            last,
            years,
            phrase="" if grid.scoped else phrase,
            title=title,
            per_day=bool(grid.working_days),
            change=change,
            percent=percent,
        )
        fact = Finding(text=text, anchor=table.anchor, change=percent if isinstance(percent, float) else None)
        found.append((key, len(years), fact if text else None))
    return found


def finding(
    this: Cell,
    last: Cell,
    years: list[str],
    *,
    phrase: str,
    title: str,
    per_day: bool = False,
    change: Cell = None,
    percent: Cell = None,
) -> str:
    """One finding, in the one style every finding takes: "In 2021/22 there were 1,427 calls to the children's
    consultation line, 351 more than in 2020/21 (1,076), a rise of 33%." The change and percentage are the
    table's own (``change``, ``percent``: worked out from unrounded values; no percentage on a small base);
    without them, the change is worked out here from ``this`` and ``last``. "" when a number it needs is
    missing, not collected or hidden."""
    if not _is_number(this):
        return ""
    year = years[-1]
    what = phrase or _lower_first(title)
    if per_day:
        what = f"{phrase} a working day" if phrase else _lower_first(title)
        opening = f"In {year} there were on average {_number(this)} {what}"
    else:
        opening = f"In {year} there were {_number(this)} {what}"
    if len(years) < 2 or not _is_number(last):
        return opening + "."
    previous = years[-2]
    if change is None or isinstance(change, str):
        change = this - last
    if not change:
        return f"{opening}, the same as in {previous} ({_number(last)})."
    direction = "more" if change > 0 else "fewer"
    sentence = f"{opening}, {_number(abs(change))} {direction} than in {previous} ({_number(last)})"
    if _is_number(percent) and percent:
        size = round(abs(percent))
        sentence += f", {'a rise' if change > 0 else 'a fall'} of {size}%" if size else ", a change of less than 1%"
    return sentence + "."


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number(value) -> str:
    return f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"


def _lower_first(title: str) -> str:
    """ "Staff supported to ..." reads "staff supported to ..." in a sentence; "MASH enquiries ..." stays."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title
