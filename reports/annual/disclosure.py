"""Small-number suppression for the public version of the annual report.

NHS statistics style: a count from 1 to ``threshold`` is shown as ``"*"`` and every other count is
rounded to the nearest ``rounding`` (halves up). Totals are counts too: summed from the true values,
then published by the same rule. Where a line (a column with a total row, or a row with a total
column) has a single hidden cell, a second one is hidden, so the first cannot be worked out as the
total less the others. A percentage change worked out from two published counts is shown only where rounding
could not move it by more than ``percent_tolerance`` points (``honest_percent``). This module is plain Python;
only ``rule_from_settings`` touches Django.
"""

from collections.abc import Iterable
from dataclasses import dataclass

SUPPRESSED = "*"

Cell = tuple[int, int]
Published = int | str | None


@dataclass(frozen=True)
class DisclosureRule:
    """How a single count is published: hidden if 1 to ``threshold``, else rounded to ``rounding``."""

    threshold: int = 7
    rounding: int = 5
    # A public percentage change is shown only where rounding could not move it by more than this many points.
    percent_tolerance: float = 3.0

    def __post_init__(self) -> None:
        if self.threshold < 0:
            raise ValueError(f"Disclosure threshold must be 0 or more, not {self.threshold}")
        if self.rounding < 1:
            raise ValueError(f"Disclosure rounding must be 1 or more, not {self.rounding}")

    def publish(self, count: int | None) -> Published:
        """The count as it may be published: None (no data) and 0 as they are, 1..threshold as "*",
        anything else rounded to the nearest multiple of ``rounding``, halves up, and never down
        into the hidden range (with a threshold of 10, 11 is published as 15, not 10)."""
        if count is None or count == 0:
            return count
        if count < 0:
            raise ValueError(f"A count cannot be negative: {count}")
        if count <= self.threshold:
            return SUPPRESSED
        rounded = (2 * count + self.rounding) // (2 * self.rounding) * self.rounding
        lowest_shown = (self.threshold // self.rounding + 1) * self.rounding
        return max(rounded, lowest_shown)

    def possible(self, published: int) -> tuple[float, float]:
        """The lowest and highest true count a published count (a number, not "*") can stand for."""
        if published == 0:
            return 0, 0
        half = self.rounding / 2
        lowest_shown = (self.threshold // self.rounding + 1) * self.rounding
        low = min(published - half, self.threshold + 1) if published == lowest_shown else published - half
        return max(low, self.threshold + 1), published + half


@dataclass
class ProtectedTable:
    """A table ready to publish. ``cells`` has the input's shape; a totals list is None if not shown."""

    cells: list[list[Published]]
    column_totals: list[Published] | None
    row_totals: list[Published] | None


def protect(
    cells: list[list[int | None]],
    *,
    column_totals: bool,
    row_totals: bool,
    rule: DisclosureRule | None = None,
    true_column_totals: list[int | None] | None = None,
) -> ProtectedTable:
    """cells: rows x columns of true counts. column_totals: the table shows a total row (sum of each
    column, or ``true_column_totals`` where the rows do not hold every count: records logged against
    a parent area itself, or a table with no rows). row_totals: it shows a total column (sum of each row).

    Applies the primary rule to every cell and total, then secondary suppression to every line that
    shows a total, repeating until no line has a lone hidden cell. The input is not changed.
    """
    rule = rule or DisclosureRule()
    width = len(cells[0]) if cells else len(true_column_totals or [])
    if any(len(row) != width for row in cells):
        raise ValueError("Every row of the table must have the same number of cells")
    published = [[rule.publish(count) for count in row] for row in cells]

    lines: list[tuple[list[Cell], list[Published], int]] = []
    column_shown = row_shown = None
    if column_totals:
        sums = true_column_totals or [_sum(row[j] for row in cells) for j in range(width)]
        column_shown = [rule.publish(total) for total in sums]
        lines += [([(i, j) for i in range(len(cells))], column_shown, j) for j in range(width)]
    if row_totals:
        row_shown = [rule.publish(_sum(row)) for row in cells]
        lines += [([(i, j) for j in range(width)], row_shown, i) for i in range(len(cells))]

    changed = True
    while changed:
        changed = False
        for positions, totals, index in lines:
            changed |= _secure_line(cells, published, positions, totals, index)
    return ProtectedTable(published, column_shown, row_shown)


def _sum(counts: Iterable[int | None]) -> int | None:
    """The total of the known counts; None if there are none."""
    known = [count for count in counts if count is not None]
    return sum(known) if known else None


def _secure_line(
    cells: list[list[int | None]],
    published: list[list[Published]],
    positions: list[Cell],
    totals: list[Published],
    index: int,
) -> bool:
    """If the line's total is shown and exactly one of its cells is hidden, hide one more: the shown
    cell with the smallest true value (the first, on a tie), or the total if there is none.
    Changes ``published`` or ``totals`` in place; returns whether it changed anything."""
    if totals[index] in (SUPPRESSED, None):
        return False
    if sum(published[i][j] == SUPPRESSED for i, j in positions) != 1:
        return False
    candidates = [(i, j) for i, j in positions if published[i][j] != SUPPRESSED and cells[i][j] is not None]
    if candidates:
        i, j = min(candidates, key=lambda cell: cells[cell[0]][cell[1]])
        published[i][j] = SUPPRESSED
    else:  # cannot happen while totals are true sums (the total would equal the hidden count), kept as a guard
        totals[index] = SUPPRESSED
    return True


def honest_percent(last: int, this: int, rule: DisclosureRule, *, scale: float = 1.0) -> bool:
    """Whether a percentage change worked out from two published counts is honest: whatever true counts they
    stand for, the true percentage is within ``rule.percent_tolerance`` points of the published one.

    ``scale`` multiplies the ratio of the counts (an average a working day: the working days of the earlier
    year over those of the later one). Published 10 and 30 (+200%) may be 12 and 28 (+133%): not shown.
    """
    if last <= 0:
        return False
    (last_low, last_high), (this_low, this_high) = rule.possible(last), rule.possible(this)
    shown = this / last
    furthest = max(abs(this_high / last_low - shown), abs(this_low / last_high - shown))
    return 100 * scale * furthest <= rule.percent_tolerance


def rule_from_settings() -> DisclosureRule:
    """django.conf.settings.REPORT_DISCLOSURE_THRESHOLD, REPORT_DISCLOSURE_ROUNDING and
    REPORT_PUBLIC_PERCENT_TOLERANCE if set (getattr with the defaults 7, 5 and 3)."""
    from django.conf import settings

    return DisclosureRule(
        threshold=int(getattr(settings, "REPORT_DISCLOSURE_THRESHOLD", 7)),
        rounding=int(getattr(settings, "REPORT_DISCLOSURE_ROUNDING", 5)),
        percent_tolerance=float(getattr(settings, "REPORT_PUBLIC_PERCENT_TOLERANCE", 3)),
    )
