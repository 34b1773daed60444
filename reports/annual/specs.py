"""What a report's data block shows (``BlockSpec``), as plain values: the layouts and groupings it may ask for.

Kept apart from the figures that fill a block (``reports.annual.blocks``), so the report's models can describe
their blocks without loading the aggregation layer.
"""

from dataclasses import dataclass

from activity.metrics import get_metric

LAYOUTS = {
    "years": "Columns are the report's period and the same period in earlier years",
    "quarters": "Columns are the quarters of the year so far (the last against the one before)",
    "year_to_date": "Columns are the year to date and the same span in earlier years",
    "metrics": "Columns are metrics, for the report's period",
    "per_working_day": "Columns are the report's period and the same period in earlier years, as an average a "
    "working day",
}
# Blocks of content held as data rather than figures (``reports.annual.registers``): they name no metrics.
REGISTER_KINDS = frozenset(
    {
        "audits",
        "priorities",
        "next_priorities",
        "policies",
        "sar_learning",
        "cspr_learning",
        "training_compliance",
        "assurance",
    }
)
# The Safeguarding Adults Collection's tables of concluded s.42 enquiries (``reports.annual.s42_tables``): read like
# registers (they name no metrics), though they hold counts.
S42_RISK_BY_SOURCE = "s42_risk_source"
S42_LOCATION_BY_SOURCE = "s42_location_source"
S42_ACTION_AND_RESULT = "s42_action_result"
S42_PERSONAL = "s42_personal"
S42_CAPACITY = "s42_capacity"
S42_KINDS = frozenset({S42_RISK_BY_SOURCE, S42_LOCATION_BY_SOURCE, S42_ACTION_AND_RESULT, S42_PERSONAL, S42_CAPACITY})
REGISTER_KINDS |= S42_KINDS
GROUPINGS = {"": "In total", "area": "By area", "service": "By service", "category": "By category of concern"}


@dataclass(frozen=True)
class BlockSpec:
    """What a data block shows. Plain values, so the default structure can be written as data."""

    title: str
    metrics: tuple[str, ...]
    by: str = ""
    years: int = 2
    layout: str = "years"
    area_rows: str = "children"
    within: str = ""  # an area's slug: the block covers that area and those below it
    services: tuple[str, ...] = ()  # services' slugs: the block counts only these
    kind: str = "table"  # or "chart", or one of REGISTER_KINDS
    hide_empty_rows: bool = True  # leave out rows with nothing in any year shown

    @property
    def is_register(self) -> bool:
        return self.kind in REGISTER_KINDS

    def __post_init__(self):
        if self.is_register:
            return
        for slug in self.metrics:
            get_metric(slug)
        if not self.metrics:
            raise ValueError("A data block needs at least one metric")
        if self.layout not in LAYOUTS:
            raise ValueError(f"Unknown layout {self.layout!r}")
        if self.by not in GROUPINGS:
            raise ValueError(f"Cannot group by {self.by!r}")
        if len(self.metrics) > 1 and self.layout == "years" and self.by:
            raise ValueError("Several metrics by year are shown one a row, so they cannot also be grouped")
        if not 1 <= self.years <= 10:
            raise ValueError("A block covers from 1 to 10 years")
