"""Training and supervision compliance, counted in the database from one import (usually the latest as at a day).

A row is in date when its completion plus its level's months in date reaches the import's as-at date, that is
when it was completed on or after the as-at date less those months: one cut-off date a level, so every figure
is one GROUP BY whatever the number of rows (a fixed number of queries a page). Each level's figure is read
against its own target (``Level.target_percent``).

Safeguarding supervision is about the person, not the level: a person who needs it is in date when they were last
supervised within ``SUPERVISION_MONTHS`` of the as-at date; due when that runs out within ``DUE_WITHIN_DAYS``;
overdue when it has run out, or they were never supervised. People are counted once (by staff identifier), however
many levels they need.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Max, Q

from activity.models import Area
from training.models import ComplianceImport, Level, StaffGroup, StaffRequirement

SUPERVISION_MONTHS = 3
DUE_WITHIN_DAYS = 31
NO_TEAM = "No team given"


def latest_import(on: date | None = None) -> ComplianceImport | None:
    """The import whose figures stand on ``on`` (the latest as at that day or before), or the latest of all."""
    imports = ComplianceImport.objects.filter(status=ComplianceImport.Status.IMPORTED)
    if on is not None:
        imports = imports.filter(as_at__lte=on)
    return imports.select_related("imported_by").order_by("-as_at", "-imported_at", "-pk").first()


def months_before(day: date, months: int) -> date:
    return day - relativedelta(months=months)


def percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


@dataclass
class LevelFigure:
    """Staff who need one level, those with it in date, and the level's target."""

    level: Level
    required: int = 0
    in_date: int = 0

    @property
    def percent(self) -> float | None:
        return percent(self.in_date, self.required)

    @property
    def target(self) -> float:
        return float(self.level.target_percent)

    @property
    def below_target(self) -> bool:
        return self.percent is not None and self.percent < self.target

    @property
    def points_below(self) -> float:
        return self.target - self.percent if self.below_target else 0.0

    @property
    def against_target(self) -> str:
        """Plain words, no colour: how the figure stands against its target."""
        if self.percent is None:
            return "No staff need it"
        if self.below_target:
            return f"Below target by {self.points_below:.1f} points"
        return "Meets target"


@dataclass
class Breakdown:
    """One level's figures for each staff group or service: (label, figure) rows."""

    label: str
    figures: list[LevelFigure] = field(default_factory=list)


@dataclass
class TeamSupervision:
    service: str
    team: str
    needing: int
    in_date: int

    @property
    def percent(self) -> float | None:
        return percent(self.in_date, self.needing)

    @property
    def not_in_date(self) -> int:
        return self.needing - self.in_date


@dataclass(frozen=True)
class StaffDue:
    staff_id: str
    service: str
    team: str
    last_supervised_on: date | None
    due_on: date | None  # when supervision runs out of date (None: never supervised)
    overdue: bool


@dataclass
class Supervision:
    as_at: date
    needing: int
    in_date: int
    by_team: list[TeamSupervision]

    @property
    def percent(self) -> float | None:
        return percent(self.in_date, self.needing)


def _rows(compliance_import: ComplianceImport, within: Area | None):
    rows = StaffRequirement.objects.filter(compliance_import=compliance_import)
    if within is not None:
        rows = rows.filter(area__path__startswith=within.path)
    return rows


def _levels() -> list[Level]:
    return list(Level.objects.order_by("position", "name"))


def _in_date(levels: list[Level], as_at: date) -> Q:
    """Rows in date: completed on or after their level's cut-off (one condition a level)."""
    condition = Q(pk__in=[])
    for level in levels:
        condition |= Q(level_id=level.pk, completed_on__gte=months_before(as_at, level.months_in_date))
    return condition


def by_level(compliance_import: ComplianceImport, within: Area | None = None) -> list[LevelFigure]:
    """Each level some staff need, in the levels' order, with those in date. Two queries."""
    levels = _levels()
    counted = {
        row["level"]: row
        for row in _rows(compliance_import, within)
        .values("level")
        .annotate(required=Count("pk"), in_date=Count("pk", filter=_in_date(levels, compliance_import.as_at)))
        .order_by()
    }
    return [
        LevelFigure(level, counted[level.pk]["required"], counted[level.pk]["in_date"])
        for level in levels
        if level.pk in counted
    ]


def _broken_down(compliance_import, within, by: str, labels) -> list[Breakdown]:
    levels = _levels()
    by_pk = {level.pk: level for level in levels}
    grouped: dict = {}
    counted = (
        _rows(compliance_import, within)
        .values(by, "level")
        .annotate(required=Count("pk"), in_date=Count("pk", filter=_in_date(levels, compliance_import.as_at)))
        .order_by()
    )
    for row in counted:
        grouped.setdefault(row[by], []).append(LevelFigure(by_pk[row["level"]], row["required"], row["in_date"]))
    breakdowns = [
        Breakdown(labels(key), sorted(figures, key=lambda figure: (figure.level.position, figure.level.name)))
        for key, figures in grouped.items()
    ]
    return sorted(breakdowns, key=lambda breakdown: breakdown.label.casefold())


def by_staff_group(compliance_import: ComplianceImport, within: Area | None = None) -> list[Breakdown]:
    """Each staff group's figures by level. Two queries."""
    names = dict(StaffGroup.choices)
    return _broken_down(compliance_import, within, "staff_group", lambda key: names.get(key, key))


def by_service(compliance_import: ComplianceImport, within: Area | None = None) -> list[Breakdown]:
    """Each service's figures by level. Two queries."""
    return _broken_down(compliance_import, within, "service__name", str)


def supervision(compliance_import: ComplianceImport, within: Area | None = None) -> Supervision:
    """Those who need safeguarding supervision and those in date, in all and by team. Two queries."""
    as_at = compliance_import.as_at
    needs = Q(needs_supervision=True)
    in_date = needs & Q(last_supervised_on__gte=months_before(as_at, SUPERVISION_MONTHS))
    rows = _rows(compliance_import, within)
    totals = rows.aggregate(
        needing=Count("staff_id", distinct=True, filter=needs),
        in_date=Count("staff_id", distinct=True, filter=in_date),
    )
    by_team = [
        TeamSupervision(row["service__name"], row["team__name"] or NO_TEAM, row["needing"], row["in_date"])
        for row in rows.filter(needs)
        .values("service__name", "team__name")
        .annotate(
            needing=Count("staff_id", distinct=True),
            in_date=Count("staff_id", distinct=True, filter=in_date),
        )
        .order_by("service__name", "team__name")
    ]
    return Supervision(as_at, totals["needing"], totals["in_date"], by_team)


def staff_due(compliance_import: ComplianceImport, within: Area | None = None) -> list[StaffDue]:
    """Those who need supervision and are overdue, or due within ``DUE_WITHIN_DAYS`` of the as-at date, by
    staff identifier (never a name), the longest waiting first. One query."""
    as_at = compliance_import.as_at
    out_of_date_before = months_before(as_at, SUPERVISION_MONTHS)
    due_before = months_before(as_at + timedelta(days=DUE_WITHIN_DAYS), SUPERVISION_MONTHS)
    people = (
        _rows(compliance_import, within)
        .filter(needs_supervision=True)
        .values("staff_id", "service__name", "team__name")
        .annotate(last=Max("last_supervised_on"))
        .filter(Q(last__isnull=True) | Q(last__lt=due_before))
        .order_by("last", "staff_id")
    )
    due = []
    for person in people:
        last = person["last"]
        due.append(
            StaffDue(
                staff_id=person["staff_id"],
                service=person["service__name"],
                team=person["team__name"] or NO_TEAM,
                last_supervised_on=last,
                due_on=last + relativedelta(months=SUPERVISION_MONTHS) if last else None,
                overdue=last is None or last < out_of_date_before,
            )
        )
    return sorted(due, key=lambda person: (person.last_supervised_on is not None, person.last_supervised_on or as_at))
