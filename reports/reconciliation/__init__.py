"""Reconciliation: proof that every figure agrees across the reports of the same or overlapping periods.

For a financial year, every report whose period overlaps it is compared (``gather``): the same figure held by
two reports must hold the same value; periods that tile a longer one must add up to it (quarters to the year,
halves, the year to date); the areas directly below an area must add up to it (partnership packs to the
trust's report) (``checks``). Each difference is listed with its cause (``causes``), found by reading the
figures it involves as the records give them now (``live``). Where packs exist for some of the areas below an
area but not all, the missing ones are named (``_missing_packs``).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from core.periods import FinancialYear
from reports.figures import all_areas
from reports.models import Report
from reports.reconciliation import gather
from reports.reconciliation.causes import Difference, Shown, explain
from reports.reconciliation.checks import AREAS, PERIODS, SAME, check_all
from reports.reconciliation.gather import Gathered, gather_reports, years_with_reports
from reports.reconciliation.live import LiveFigures
from reports.reconciliation.naming import Names

HEADINGS = {
    SAME: "The same figure in different reports",
    PERIODS: "Periods that do not add up",
    AREAS: "Areas that do not add up",
}


@dataclass
class MissingPacks:
    """A report for an area, with packs of the same template and period for some areas directly below it."""

    covering: str  # the template and period: "Quarterly report, Q1 2021/22"
    area: str
    with_pack: list[str]
    without_pack: list[str]


@dataclass
class Reconciliation:
    year: FinancialYear
    reports: list[Report]
    not_comparable: list[Report]
    left_out: int
    limit: int
    figures: int  # distinct figures held by the reports compared
    same_checked: int
    periods_checked: int
    areas_checked: int
    differences: list[Difference] = field(default_factory=list)
    missing_packs: list[MissingPacks] = field(default_factory=list)

    @property
    def all_agree(self) -> bool:
        return not self.differences

    @property
    def overlapping(self) -> int:
        """Every report whose period overlaps the year, compared or not."""
        return len(self.reports) + len(self.not_comparable) + self.left_out

    @property
    def unexplained(self) -> int:
        return sum(1 for difference in self.differences if not difference.explained)

    @property
    def by_check(self) -> list[tuple[str, list[Difference]]]:
        """(heading, differences) for each check that found any, in the checks' order."""
        grouped = [(HEADINGS[check], [d for d in self.differences if d.check == check]) for check in HEADINGS]
        return [(heading, found) for heading, found in grouped if found]


def reconcile(year: FinancialYear) -> Reconciliation:
    """Compare every report overlapping ``year`` (at most ``gather.MAX_REPORTS``, the latest periods first)."""
    areas = all_areas()
    gathered = gather_reports(year)
    checked = check_all(gathered, areas)
    live = LiveFigures(areas)
    live.load(_involved(checked.found))
    names = Names(areas)
    return Reconciliation(
        year=year,
        reports=gathered.reports,
        not_comparable=gathered.not_comparable,
        left_out=gathered.left_out,
        limit=gather.MAX_REPORTS,
        figures=len(gathered.holdings),
        same_checked=checked.same,
        periods_checked=checked.periods,
        areas_checked=checked.areas,
        differences=[explain(found, gathered, live, names) for found in checked.found],
        missing_packs=_missing_packs(gathered, areas),
    )


def _involved(found) -> list:
    """Every figure the differences involve, to read as the records give them now."""
    keys = {}
    for each in found:
        keys[each.key] = None
        for part in each.parts:
            keys[part] = None
    return list(keys)


def _missing_packs(gathered: Gathered, areas: dict) -> list[MissingPacks]:
    """Where the reports compared include one of a template and period for an area (or the whole trust) and
    packs for some of the areas directly below it but not all."""
    roots = [area for area in areas.values() if area.parent_id is None]
    root = roots[0] if len(roots) == 1 else None
    covered = defaultdict(dict)  # (template, period) -> {area id: report}
    for report in gathered.reports:
        area = report.area or root
        if area is not None:
            covered[(report.template.name, report.period_label)][area.pk] = report
    found = []
    for (template, period), reports in sorted(covered.items()):
        for area_id in reports:
            below = sorted(
                (area for area in areas.values() if area.parent_id == area_id and area.is_active),
                key=lambda area: (area.display_order, area.name),
            )
            with_pack = [area.name for area in below if area.pk in reports]
            without = [area.name for area in below if area.pk not in reports]
            if with_pack and without:
                found.append(MissingPacks(f"{template}, {period}", areas[area_id].name, with_pack, without))
    return found


__all__ = ["Difference", "Reconciliation", "Shown", "reconcile", "years_with_reports"]
