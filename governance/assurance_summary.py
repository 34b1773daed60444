"""What the assurance self-assessment adds up to: the RAG ratings of a framework's standards by year and
partnership, and a partnership's rating overall. Counted in the database, one query whatever the number of rows.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from governance.models import Assessment, AssuranceFramework, Rag

WORST_FIRST = [Rag.RED, Rag.AMBER, Rag.GREEN]


def overall(counts: dict[str, int]) -> str:
    """A partnership's rating overall: red if any standard is red, amber if any is amber, green if every rated
    standard is green; blank if none is rated."""
    for rag in WORST_FIRST:
        if counts.get(rag):
            return rag
    return ""


def in_words(counts: dict[str, int]) -> str:
    """'3 green, 1 amber': the ratings there are, worst first."""
    return ", ".join(f"{counts[rag]} {rag}" for rag in WORST_FIRST if counts.get(rag)) or "None rated yet"


@dataclass
class Cell:
    year: int
    area_slug: str  # "trust" for the whole trust
    counts: dict[str, int] = field(default_factory=dict)
    assessed: int = 0

    @property
    def overall(self) -> str:
        return overall(self.counts)

    @property
    def in_words(self) -> str:
        return in_words(self.counts)


@dataclass
class Grid:
    years: list[int]
    columns: list[tuple[str, str]]  # (area slug or "trust", name)
    rows: list[tuple[int, list[Cell | None]]]


def grid(framework: AssuranceFramework) -> Grid:
    """Years (newest first) by partnership, each cell the standards' ratings there: one query."""
    counted = (
        Assessment.objects.filter(standard__framework=framework)
        .values("year", "area__slug", "area__name", "area__path", "rag")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cells: dict[tuple[int, str], Cell] = {}
    names: dict[str, tuple[str, str]] = {}
    for row in counted:
        slug = row["area__slug"] or "trust"
        names[slug] = (row["area__path"] or "", row["area__name"] or "Whole trust")
        cell = cells.setdefault((row["year"], slug), Cell(row["year"], slug))
        cell.assessed += row["n"]
        if row["rag"]:
            cell.counts[row["rag"]] = cell.counts.get(row["rag"], 0) + row["n"]
    columns = [(slug, name) for slug, (_, name) in sorted(names.items(), key=lambda item: item[1][0])]
    years = sorted({year for year, _ in cells}, reverse=True)
    rows = [(year, [cells.get((year, slug)) for slug, _ in columns]) for year in years]
    return Grid(years=years, columns=columns, rows=rows)
