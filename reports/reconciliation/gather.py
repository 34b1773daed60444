"""Which reports a reconciliation compares, and every figure each of them holds.

Every report whose period overlaps the financial year is compared: a draft as its figures stand now
(``read_content``), an approved one as it was approved (its snapshot); of several approved reports of the same
template, period and area, only the latest. A report approved before its blocks named their figures (a snapshot
with no ``facts``) cannot be compared and is set aside.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import F

from core.periods import FinancialYear
from reports.annual.content import read_content
from reports.models import Report

MAX_REPORTS = 40


@dataclass(frozen=True, order=True)
class FactKey:
    """What names one figure: the same key in two reports is the same figure (``reports.annual.blocks._facts``)."""

    metric: str
    area: str
    service: str
    category: str
    services: str
    start: date
    end: date

    @classmethod
    def of(cls, fact: dict) -> "FactKey":
        return cls(
            metric=fact["metric"],
            area=fact["area"],
            service=fact.get("service") or "",
            category=fact.get("category") or "",
            services=fact.get("services") or "",
            start=date.fromisoformat(fact["start"]),
            end=date.fromisoformat(fact["end"]),
        )

    @property
    def series(self) -> tuple:
        """The figure without its period: the same series over other periods can add up to it."""
        return (self.metric, self.area, self.service, self.category, self.services)

    @property
    def across_areas(self) -> tuple:
        """The figure without its area: the same figure for the areas below it can add up to it."""
        return (self.metric, self.service, self.category, self.services, self.start, self.end)

    def with_area(self, area: str) -> "FactKey":
        return FactKey(self.metric, area, self.service, self.category, self.services, self.start, self.end)


@dataclass(frozen=True)
class Holding:
    """A figure's value as one report holds it: a count, None (no data) or "not collected"."""

    report: Report
    value: int | str | None


@dataclass
class Gathered:
    reports: list[Report]  # compared
    not_comparable: list[Report]  # approved before their figures were named
    left_out: int  # overlapping reports beyond MAX_REPORTS, not compared
    holdings: dict[FactKey, list[Holding]] = field(default_factory=dict)

    def settled(self, key: FactKey) -> Holding | None:
        """The value to add up with others: a draft's (the records as they stand), else the latest approved."""
        held = self.holdings.get(key)
        if not held:
            return None
        drafts = [holding for holding in held if not holding.report.is_approved]
        if drafts:
            return drafts[0]
        return max(held, key=lambda holding: holding.report.approved_at)


def years_with_reports() -> list[FinancialYear]:
    """The financial years some report starts in, latest first."""
    years = Report.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [FinancialYear(year) for year in years]


def gather_reports(year: FinancialYear) -> Gathered:
    """The reports overlapping ``year`` and their figures: queries grow with the reports, never the records."""
    chosen, left_out = _chosen_reports(year, MAX_REPORTS)
    snapshots = dict(
        Report.objects.filter(pk__in=[report.pk for report in chosen if report.is_approved]).values_list(
            "pk", "snapshot"
        )
    )
    gathered = Gathered(reports=[], not_comparable=[], left_out=left_out)
    for report in chosen:
        content = snapshots[report.pk] if report.is_approved else read_content(report)
        grids = [block for section in content["sections"] for block in section["blocks"] if _is_grid(block)]
        if any("facts" not in grid for grid in grids):
            gathered.not_comparable.append(report)
            continue
        gathered.reports.append(report)
        values = {}
        for grid in grids:
            for fact in grid["facts"]:
                values[FactKey.of(fact)] = fact["value"]
        for key, value in values.items():
            gathered.holdings.setdefault(key, []).append(Holding(report, value))
    return gathered


# Blocks that are not grids of named figures: content kept as data, and the s.42 tables of the Safeguarding Adults
# Collection (counts of concluded enquiries by two of their items, which no other kind of table repeats).
NOT_GRIDS = frozenset({"register", "crosstab"})


def _is_grid(block: dict) -> bool:
    return block.get("kind") not in NOT_GRIDS


def _chosen_reports(year: FinancialYear, limit: int) -> tuple[list[Report], int]:
    """Every report overlapping the year, the latest approved one of each template, period and area, at most
    ``limit`` of them (latest period first); and how many were left out for the limit."""
    overlapping = (
        Report.objects.filter(period_start__lte=year.end, period_end__gte=year.start)
        .select_related("template", "area", "approved_by")
        .defer("snapshot")
        .order_by(
            "-period_end", "period_start", "template__name", "area__path", F("approved_at").desc(nulls_last=True), "-pk"
        )
    )
    chosen, seen = [], set()
    for report in overlapping:
        if report.is_approved:
            same = (report.template_id, report.period, report.area_id)
            if same in seen:
                continue
            seen.add(same)
        chosen.append(report)
    return chosen[:limit], max(len(chosen) - limit, 0)
