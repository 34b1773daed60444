"""The Safeguarding Adults Collection's tables of concluded s.42 enquiries (REPORTS.md §4), as report blocks.

Five tables, each shaped like the collection's and each one grouped query, whatever the number of enquiries:
type of risk by source of risk, location of risk by source, action taken and result, Making Safeguarding
Personal, and capacity and advocacy. They count the enquiries concluded in the report's period (``concluded_on``)
in the report's area, archived ones left out. Every table has a "Not recorded" row and column, so an enquiry whose
items were never recorded still counts, and totals.

Each table carries the collection's own small-number rule (``s42_rule``: counts from 1 to 4 shown as "*", the rest
rounded to the nearest 5, totals from the true counts and then rounded), which the public version applies
(``reports.annual.presentation.present_crosstab``) in place of the report's default rule.
"""

from dataclasses import asdict, dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When

from activity.models import Area, S42Enquiry
from reports.annual.specs import S42_ACTION_AND_RESULT as ACTION_AND_RESULT
from reports.annual.specs import S42_CAPACITY as CAPACITY
from reports.annual.specs import S42_KINDS
from reports.annual.specs import S42_LOCATION_BY_SOURCE as LOCATION_BY_SOURCE
from reports.annual.specs import S42_PERSONAL as PERSONAL
from reports.annual.specs import S42_RISK_BY_SOURCE as RISK_BY_SOURCE

NOT_RECORDED = "Not recorded"
NOT_RECORDED_OR_NOT_ASKED = "Not recorded, or not applicable"
TOTAL = "Total"
KIND = "crosstab"  # how the content's JSON and the presentation know the block

# kind: (rows' field, columns' field, rows' header, the columns' "not recorded" label, notes)
_CROSS = {
    LOCATION_BY_SOURCE: ("location_of_risk", "source_of_risk", "Location of risk", NOT_RECORDED, ()),
    ACTION_AND_RESULT: (
        "action_taken",
        "risk_result",
        "Action taken",
        NOT_RECORDED_OR_NOT_ASKED,
        (
            "A result is recorded only where a risk was identified, or the assessment was inconclusive, and action was "
            "taken.",
        ),
    ),
    PERSONAL: (
        "outcomes_asked",
        "outcomes_achieved",
        "Asked about desired outcomes",
        NOT_RECORDED_OR_NOT_ASKED,
        ("Whether the outcomes were achieved is recorded only where the person expressed the outcomes they wanted.",),
    ),
    CAPACITY: (
        "lacked_capacity",
        "advocacy",
        "Assessed as lacking capacity",
        NOT_RECORDED_OR_NOT_ASKED,
        (
            "Support from an advocate, family or friend is recorded only where the person was assessed as lacking "
            "capacity.",
        ),
    ),
}
COMMON_NOTES = (
    "Enquiries concluded in the period, including those delegated to the Trust under a s.75 agreement (which the "
    "count of s.42 enquiries leaves out).",
)


@dataclass(frozen=True)
class SmallNumberRule:
    """The collection's publication rule: a count from 1 to ``threshold`` is hidden, the rest rounded."""

    threshold: int = 4
    rounding: int = 5


def s42_rule() -> SmallNumberRule:
    """The collection's rule as the settings give it (S42_DISCLOSURE_THRESHOLD, S42_DISCLOSURE_ROUNDING: 4 and 5)."""
    return SmallNumberRule(
        threshold=settings.S42_DISCLOSURE_THRESHOLD,
        rounding=settings.S42_DISCLOSURE_ROUNDING,
    )


@dataclass
class CrossTable:
    """Counts with a row and a column of totals: ``rows`` are [label, count per column...], ``column_totals``
    the true count of each column (for the type of risk, enquiries, not ticks) and ``total`` of the table."""

    title: str
    content: str
    row_header: str
    columns: list[str]
    rows: list[list]
    column_totals: list[int]
    total: int
    notes: list[str] = field(default_factory=list)
    rule: dict = field(default_factory=dict)
    kind: str = KIND

    def as_json(self) -> dict:
        return asdict(self)


def concluded(start: date, end: date, area: Area | None):
    enquiries = S42Enquiry.objects.filter(concluded_on__range=(start, end))
    return enquiries.within(area) if area is not None else enquiries


def _choices(name: str) -> list[tuple[str, str]]:
    return list(S42Enquiry._meta.get_field(name).choices)


def _risk_by_source(title: str, enquiries) -> CrossTable:
    sources = _choices("source_of_risk")
    flags = S42Enquiry.RISK_TYPES
    none_ticked = Q(**dict.fromkeys(S42Enquiry.risk_fields(), False))

    def ticks(condition):
        return Sum(Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField()))

    grouped = (
        enquiries.order_by()
        .values("source_of_risk")
        .annotate(
            enquiries=Count("pk"),
            none_ticked=ticks(none_ticked),
            **{name: ticks(Q(**{name: True})) for name, _ in flags},
        )
    )
    by_source = {row["source_of_risk"]: row for row in grouped}
    keys = [value for value, _ in sources] + [""]
    rows = []
    for name, label in [*flags, ("none_ticked", NOT_RECORDED)]:
        cells = [by_source[key][name] if key in by_source else 0 for key in keys]
        rows.append([label, *cells, sum(cells)])
    column_totals = [by_source[key]["enquiries"] if key in by_source else 0 for key in keys]
    return CrossTable(
        title=title,
        content=RISK_BY_SOURCE,
        row_header="Type of risk",
        columns=[*(label for _, label in sources), NOT_RECORDED, TOTAL],
        rows=rows,
        column_totals=[*column_totals, sum(column_totals)],
        total=sum(column_totals),
        notes=[
            "An enquiry may be about more than one type of risk, so it is counted once in each of its types: the "
            "total row counts enquiries, not types, and is less than the sum of the rows above it.",
            *COMMON_NOTES,
        ],
    )


def _cross(kind: str, title: str, enquiries) -> CrossTable:
    row_field, column_field, row_header, column_blank, notes = _CROSS[kind]
    row_choices, column_choices = _choices(row_field), _choices(column_field)
    grouped = enquiries.order_by().values(row_field, column_field).annotate(n=Count("pk"))
    counts = {(row[row_field], row[column_field]): row["n"] for row in grouped}
    column_keys = [value for value, _ in column_choices] + [""]
    rows = []
    for key, label in [*row_choices, ("", NOT_RECORDED)]:
        cells = [counts.get((key, column), 0) for column in column_keys]
        rows.append([label, *cells, sum(cells)])
    column_totals = [sum(row[1 + j] for row in rows) for j in range(len(column_keys))]
    return CrossTable(
        title=title,
        content=kind,
        row_header=row_header,
        columns=[*(label for _, label in column_choices), column_blank, TOTAL],
        rows=rows,
        column_totals=[*column_totals, sum(column_totals)],
        total=sum(column_totals),
        notes=[*notes, *COMMON_NOTES],
    )


def read_s42_table(kind: str, title: str, start: date, end: date, area: Area | None = None) -> CrossTable:
    """One of the tables for enquiries concluded from ``start`` to ``end`` in ``area`` (the trust if None)."""
    if kind not in S42_KINDS:
        raise ValueError(f"{kind!r} is not an s.42 table")
    enquiries = concluded(start, end, area)
    table = _risk_by_source(title, enquiries) if kind == RISK_BY_SOURCE else _cross(kind, title, enquiries)
    table.rule = asdict(s42_rule())
    return table


__all__ = ["KIND", "CrossTable", "SmallNumberRule", "read_s42_table", "s42_rule"]
