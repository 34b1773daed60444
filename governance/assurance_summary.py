"""What the assurance self-assessment adds up to: the RAG ratings of a framework's standards by year and
partnership, and a partnership's rating overall. Counted in the database, one query whatever the number of rows.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from governance.assurance_tasks import assessment_url
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


@dataclass(frozen=True)
class Flagged:
    """A standard rated red or amber with actions overdue, for the dashboard's "what needs attention"."""

    framework: str
    number: str
    title: str
    year: int
    place: str
    rag: str
    overdue: int
    url: str


def red_or_amber_with_overdue_actions(area, today) -> list[Flagged]:
    """Standards rated red or amber that have an open action past its due date, in ``area`` and the areas within
    it and across the trust (the whole trust's, or the top area's: every one). One query."""
    scope = (
        Q() if area is None or area.parent_id is None else Q(area__isnull=True) | Q(area__path__startswith=area.path)
    )
    late = Q(actions__completed_on__isnull=True, actions__due_on__lt=today)
    flagged = (
        Assessment.objects.filter(scope, rag__in=[Rag.RED, Rag.AMBER])
        .annotate(overdue=Count("actions", filter=late))
        .filter(overdue__gt=0)
        .select_related("standard__framework", "area")
        .order_by(
            "-rag", "-year", "standard__framework__name", F("area__path").asc(nulls_first=True), "standard__position"
        )
    )
    return [
        Flagged(
            framework=each.standard.framework.name,
            number=each.standard.number,
            title=each.standard.title,
            year=each.year,
            place=each.area.name if each.area_id else "whole trust",
            rag=each.get_rag_display().lower(),
            overdue=each.overdue,
            url=assessment_url(each.standard_id, each.year, each.area.slug if each.area_id else None),
        )
        for each in flagged
    ]
