"""A report's content blocks that are not figures: the audit programme, priorities, policies, learning from
reviews (all from ``governance``) and training compliance against its target. Each reads as a *register*:
a title, columns and rows of text, the same JSON-ready shape in a draft and in an approved report's snapshot.

One query a block, whatever the number of rows.
"""

from dataclasses import asdict, dataclass, field

from django.db.models import Prefetch

from core.periods import FinancialYear
from governance.assurance_register import assurance_rows
from governance.models import Policy, Priority, PriorityUpdate, ReviewLearning, ServiceAudit
from reports.annual.s42_tables import CrossTable, read_s42_table
from reports.annual.specs import REGISTER_KINDS, S42_KINDS
from reports.figures import year_tables
from reports.models import DataBlock, Target
from training import compliance as training

DATE = "%d/%m/%Y"
COMPLIANCE_NUMERATOR, COMPLIANCE_DENOMINATOR = "training_staff_compliant", "training_staff_required"


@dataclass
class Register:
    title: str
    content: str  # the DataBlock kind it came from
    columns: list[str]
    rows: list[list[str]]
    empty: str  # what to say when there are no rows
    notes: list[str] = field(default_factory=list)
    kind: str = "register"

    def as_json(self) -> dict:
        return asdict(self)


def _date(value) -> str:
    return value.strftime(DATE) if value else ""


def _audits(title: str, year: FinancialYear) -> Register:
    audits = ServiceAudit.objects.filter(year=year.start_year).select_related("area").order_by("name")
    return Register(
        title=title,
        content=DataBlock.Kind.AUDITS,
        columns=["Audit", "Scope", "Area", "Status", "Findings", "Action taken"],
        rows=[
            [
                audit.name,
                audit.scope,
                audit.area.name if audit.area else "Trust-wide",
                audit.get_status_display() + (f" ({_date(audit.completed_on)})" if audit.completed_on else ""),
                audit.findings,
                audit.action_taken,
            ]
            for audit in audits
        ],
        empty=f"No audits are recorded for {year.label}.",
    )


def _priorities(title: str, year: FinancialYear, *, ahead: bool) -> Register:
    wanted = year.start_year + 1 if ahead else year.start_year
    updates = Prefetch("updates", queryset=PriorityUpdate.objects.filter(on__lte=year.end).order_by("on", "pk"))
    priorities = Priority.objects.filter(year=wanted).prefetch_related(updates)
    if ahead:
        return Register(
            title=title,
            content=DataBlock.Kind.NEXT_PRIORITIES,
            columns=["Priority", "What we will do"],
            rows=[[priority.title, priority.we_said] for priority in priorities],
            empty=f"No priorities are recorded for {FinancialYear(wanted).label} yet.",
        )
    return Register(
        title=title,
        content=DataBlock.Kind.PRIORITIES,
        columns=["Priority", "We said", "We did"],
        rows=[
            [priority.title, priority.we_said, "\n".join(update.we_did for update in priority.updates.all())]
            for priority in priorities
        ],
        empty=f"No priorities are recorded for {year.label}.",
    )


def _policies(title: str, year: FinancialYear) -> Register:
    policies = Policy.objects.filter(last_reviewed__range=(year.start, year.end)).order_by("title")
    return Register(
        title=title,
        content=DataBlock.Kind.POLICIES,
        columns=["Policy", "Reference", "Owner", "Reviewed", "Next review due"],
        rows=[
            [policy.title, policy.reference, policy.owner, _date(policy.last_reviewed), _date(policy.review_due)]
            for policy in policies
        ],
        empty=f"No policies were reviewed in {year.label}.",
    )


def _learning(title: str, year: FinancialYear, kind: str) -> Register:
    review_kind = ReviewLearning.Kind.SAR if kind == DataBlock.Kind.SAR_LEARNING else ReviewLearning.Kind.CSPR
    learning = ReviewLearning.objects.filter(year=year.start_year, kind=review_kind).select_related("area")
    return Register(
        title=title,
        content=kind,
        columns=["Area", "Themes", "Recommendations", "How the learning was shared"],
        rows=[
            [each.area.name if each.area else "Across the trust", each.themes, each.recommendations, each.shared_how]
            for each in learning.order_by("area__path", "pk")
        ],
        empty=f"No learning from these reviews is recorded for {year.label}.",
    )


def _training_compliance(title: str, year: FinancialYear) -> Register:
    years = year.last(2)
    tables = year_tables([COMPLIANCE_NUMERATOR, COMPLIANCE_DENOMINATOR], years)
    done, needed = tables[COMPLIANCE_NUMERATOR].total.values, tables[COMPLIANCE_DENOMINATOR].total.values
    targets = {each: Target.objects.for_year(Target.Name.TRAINING_COMPLIANCE, each) for each in years}
    rows = []
    for each, compliant, required in zip(years, done, needed, strict=True):
        if compliant is None or not required:
            continue
        percent = 100 * compliant / required
        target = targets[each]
        against = ""
        if target is not None:
            against = (
                "Met" if percent >= float(target.percent) else f"{float(target.percent) - percent:.1f} points below"
            )
        rows.append(
            [
                each.label,
                f"{compliant:,}",
                f"{required:,}",
                f"{percent:.1f}%",
                f"{target.percent}%" if target else "",
                against,
            ]
        )
    notes = ["Compliance is staff with their required safeguarding training as a share of staff who need it."]
    by_level, level_notes = _training_by_level(year)
    return Register(
        title=title,
        content=DataBlock.Kind.TRAINING_COMPLIANCE,
        columns=[
            "Year, or level",
            "Staff with their training",
            "Staff who need it",
            "Compliance",
            "Target",
            "Against target",
        ],
        rows=rows + by_level,
        empty=f"No training compliance figures are recorded for {year.label}.",
        notes=notes + level_notes,
    )


def _training_by_level(year: FinancialYear) -> tuple[list[list[str]], list[str]]:
    """Each level against its own target, and supervision in date, from the learning system's latest export as at
    the year's end (if one is as at a day in the year): rows and notes. Four queries."""
    latest = training.latest_import(year.end)
    if latest is None or latest.as_at < year.start:
        return [], []
    as_at = f"{latest.as_at:%-d %B %Y}"
    rows = [
        [
            f"{figure.level.name}, as at {as_at}",
            f"{figure.in_date:,}",
            f"{figure.required:,}",
            f"{figure.percent:.1f}%",
            f"{figure.level.target_percent}%",
            f"{figure.points_below:.1f} points below" if figure.below_target else "Met",
        ]
        for figure in training.by_level(latest)
    ]
    supervision = training.supervision(latest)
    if supervision.needing:
        rows.append(
            [
                f"Safeguarding supervision in date, as at {as_at}",
                f"{supervision.in_date:,}",
                f"{supervision.needing:,}",
                f"{supervision.percent:.1f}%",
                "",
                "",
            ]
        )
    return rows, [
        f"By level: the learning system's export as at {as_at}, each level against its own target; a completion "
        "stays in date for as many months as its level says.",
        f"Supervision in date: staff who need safeguarding supervision, supervised in the "
        f"{training.SUPERVISION_MONTHS} months to the export's date.",
    ]


def _assurance(title: str, year: FinancialYear, area) -> Register:
    columns, rows, summaries = assurance_rows(year.start_year, area)
    return Register(
        title=title,
        content=DataBlock.Kind.ASSURANCE,
        columns=columns,
        rows=rows,
        empty=f"No assurance self-assessment is recorded for {year.label}.",
        notes=summaries,
    )


def read_register(kind: str, title: str, year: FinancialYear, area=None, *, period=None) -> Register | CrossTable:
    """``area``: the report's audience (None: the whole trust); only the assurance block and the s.42 tables read
    it. ``period``: the report's (its year if None); only the s.42 tables read it."""
    if kind in S42_KINDS:
        return read_s42_table(kind, title, (period or year).start, (period or year).end, area)
    if kind == DataBlock.Kind.AUDITS:
        return _audits(title, year)
    if kind in (DataBlock.Kind.PRIORITIES, DataBlock.Kind.NEXT_PRIORITIES):
        return _priorities(title, year, ahead=kind == DataBlock.Kind.NEXT_PRIORITIES)
    if kind == DataBlock.Kind.POLICIES:
        return _policies(title, year)
    if kind in (DataBlock.Kind.SAR_LEARNING, DataBlock.Kind.CSPR_LEARNING):
        return _learning(title, year, kind)
    if kind == DataBlock.Kind.TRAINING_COMPLIANCE:
        return _training_compliance(title, year)
    if kind == DataBlock.Kind.ASSURANCE:
        return _assurance(title, year, area)
    raise ValueError(f"{kind!r} is not a register block")


__all__ = ["REGISTER_KINDS", "Register", "read_register"]
