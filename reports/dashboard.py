"""The Chief Nurse's dashboard: every figure read through the aggregation layer (``reports.figures``).

Year to date against the same span of the year before; monthly series read as XmR
charts (rebased at each recorded process change, ``reports.process_changes``); what needs attention; and, for
each figure, where its records or returns are.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from activity.metrics import COMPLIANCE_DENOMINATOR, COMPLIANCE_NUMERATOR, METRICS, Events, OpenAtEnd
from activity.models import Area, Consultation, Return, ReviewAction
from activity.record_types import RECORD_TYPES
from core.periods import FinancialYear, Span, working_days, year_to_date
from governance.assurance_summary import red_or_amber_with_overdue_actions
from governance.models import Policy
from reports import spc
from reports.figures import all_areas, month_starts, monthly_series_many, year_tables
from reports.mash_timeliness import MashTimeliness, timeliness_of
from reports.models import Target
from reports.process_changes import changes_for
from training import compliance as training

HEADLINES = [
    "child_consultations",
    "adult_consultations",
    "adult_referrals",
    "child_referrals",
    "s42_enquiries",
    "mash_enquiries",
    "mash_open_cases",
    "cdop_cases_reviewed",
    "reviews_open",
    "reviews_published",
    "review_actions_outstanding",
    "child_training_sessions",
    "adult_training_sessions",
    "child_supervision_sessions",
]
SPC_METRICS = {"child_consultations", "adult_consultations", "adult_referrals", "child_referrals", "mash_enquiries"}
SPC_MONTHS = 24


@dataclass
class Headline:
    slug: str
    name: str
    this: int | None
    last: int | None
    url: str | None
    notes: list[str] = field(default_factory=list)
    chart: spc.XmR | None = None
    months: list[date] = field(default_factory=list)
    variation: spc.Variation | None = None
    not_collected: bool = False  # this year's figure is not collected for the area (``UncollectedFigure``)
    process_changes: list = field(default_factory=list)  # the recorded changes within the chart's months

    @property
    def latest_month(self) -> date | None:
        """The month the variation reading is of."""
        return self.months[-1] if self.months else None

    @property
    def readings_differ(self) -> bool:
        """The latest month reads high against its limits while the year to date is down, or low while it is up:
        the page says the two measure different spans rather than leave them side by side."""
        high = self.variation.high if self.variation else None
        if high is None or not self.change:
            return False
        return high != (self.change > 0)

    @property
    def change(self) -> int | None:
        if self.this is None or self.last is None:
            return None
        return self.this - self.last

    @property
    def percent_change(self) -> float | None:
        if self.change is None or not self.last:
            return None
        return 100 * self.change / self.last


@dataclass
class Compliance:
    percent_by_year: list[tuple[FinancialYear, float | None]]
    target: float | None

    @property
    def latest(self) -> float | None:
        return self.percent_by_year[-1][1] if self.percent_by_year else None

    @property
    def below_target(self) -> bool:
        return self.latest is not None and self.target is not None and self.latest < self.target

    @property
    def assurance(self) -> spc.Assurance | None:
        """Whether the yearly compliance, read as an XmR chart, will meet the target."""
        known = [percent for _, percent in self.percent_by_year if percent is not None]
        return spc.assurance(spc.xmr(known, unit=spc.PERCENT), self.target, up_is_good=True)


@dataclass
class Dashboard:
    areas: dict
    year: FinancialYear
    area: Area
    this_span: Span
    last_span: Span
    headlines: list[Headline]
    compliance: Compliance
    overdue_actions: list
    overdue_count: int
    mash_open_rising: list[tuple[str, int | None]] | None
    missing_returns: list[tuple[str, list[str]]]
    latest_year_with_records: FinancialYear | None
    policies_past_review: list = field(default_factory=list)  # policies whose review date is before today
    mash_timeliness: MashTimeliness | None = None  # the MASH section (``reports.mash_timeliness``)
    # standards rated red or amber with actions overdue (``governance.assurance_summary``)
    assurance_overdue: list = field(default_factory=list)
    # each level of safeguarding training against its own target, from the latest export (``training.compliance``)
    training_by_level: "TrainingByLevel | None" = None

    @property
    def training_below_target(self) -> list:
        return self.training_by_level.below_target if self.training_by_level else []


@dataclass
class TrainingByLevel:
    """The levels from the learning system's latest export as at the end of the span, in the chosen area."""

    as_at: date
    levels: list  # training.compliance.LevelFigure, one a level some staff need

    @property
    def below_target(self) -> list:
        return [figure for figure in self.levels if figure.below_target]


def build(year: FinancialYear, area: Area, today: date, areas: dict | None = None) -> Dashboard:
    last_span, this_span = year_to_date(year, today)
    areas = areas if areas is not None else all_areas()
    totals = year_tables(HEADLINES, [last_span, this_span], within=area, areas=areas)
    first_month = month_starts(this_span.end - timedelta(days=31 * (SPC_MONTHS - 1)), this_span.end)[0]
    series = monthly_series_many(sorted(SPC_METRICS), first_month, this_span.end, within=area, areas=areas)
    changes = changes_for(SPC_METRICS, area, areas)
    headlines = [
        _headline(slug, totals[slug].total, series.get(slug), this_span, area, changes.get(slug, []))
        for slug in HEADLINES
    ]
    _add_mash_notes(headlines, this_span)
    # The same actions as the figure "Review actions outstanding" counts (its metric says what that is).
    overdue = ReviewAction.objects.within(area).filter(
        Q(completed_on__isnull=True) | Q(completed_on__gt=this_span.end),
        due_on__lte=this_span.end,
        review__archived_at__isnull=True,
    )
    return Dashboard(
        areas=areas,
        year=year,
        area=area,
        this_span=this_span,
        last_span=last_span,
        headlines=headlines,
        compliance=_compliance(year, area, areas),
        overdue_actions=list(overdue.select_related("review").order_by("due_on")[:10]),
        overdue_count=overdue.count(),
        mash_open_rising=_mash_open_rising(this_span.end, area, areas),
        missing_returns=_missing_returns(year, area),
        latest_year_with_records=_latest_year_with_records(year, area),
        policies_past_review=list(Policy.objects.filter(review_due__lt=today).order_by("review_due", "title")),
        mash_timeliness=timeliness_of(year, area, today),
        assurance_overdue=red_or_amber_with_overdue_actions(area, today),
        training_by_level=_training_by_level(this_span.end, area),
    )


def _training_by_level(end: date, area: Area) -> TrainingByLevel | None:
    """Compliance by level from the latest export as at ``end`` (three queries), or None before the first."""
    latest = training.latest_import(end)
    if latest is None:
        return None
    return TrainingByLevel(as_at=latest.as_at, levels=training.by_level(latest, area))


def _headline(slug, total, monthly, this_span, area, process_changes) -> Headline:
    metric = METRICS[slug]
    headline = Headline(
        slug=slug,
        name=metric.name,
        last=total.cells[0].value,
        this=total.cells[1].value,
        url=drill_down_url(metric, this_span, area),
        not_collected=total.cells[1].not_collected,
    )
    if monthly is not None:
        in_use = [(month, value) for month, value in monthly if value is not None]
        headline.months = [month for month, _ in in_use]
        starts = _phase_starts(headline.months, process_changes)
        headline.process_changes = list(starts.values())
        notes = {index: f"{change.note} (from {change.starts_on:%B %Y})" for index, change in starts.items()}
        headline.chart = spc.xmr([value for _, value in in_use], unit=metric.unit, changes=notes)
        headline.variation = spc.variation(headline.chart, metric.up_is_good)
    return headline


def _phase_starts(months: list[date], process_changes) -> dict:
    """The index of the month each process change starts a new phase at, for those after the chart's first month
    (a change before it leaves the whole chart in one phase). Two changes starting in the same month: the later
    recorded."""
    starts = {}
    for change in process_changes:
        index = next((i for i, month in enumerate(months) if month >= change.starts_on), None)
        if index:
            starts[index] = change
    return starts


def _add_mash_notes(headlines, this_span):
    by_slug = {headline.slug: headline for headline in headlines}
    processed, still_open = by_slug["mash_enquiries"], by_slug["mash_open_cases"]
    if processed.this is not None:
        per_day = processed.this / max(1, working_days(this_span.start, this_span.end))
        processed.notes.append(f"{per_day:.1f} a working day")
    if still_open.this is not None:
        processed.notes.append(f"{still_open.this:,} open on {this_span.end:%-d %B %Y}")


def drill_down_url(metric, span, area) -> str | None:
    """The list of the records behind a figure, or the returns grid where a figure comes from returns; None for a
    restricted figure (allegations against staff), whose records are listed to nobody from a figure."""
    if metric.restricted:
        return None
    measure = metric.records
    if measure is None:
        year = FinancialYear.containing(span.start)
        return f"{reverse('returns_grid')}?{urlencode({'metric': metric.slug, 'year': year.start_year})}"
    record_type = next((kind for kind in RECORD_TYPES.values() if kind.model is measure.model), None)
    if record_type is None:
        return "#overdue-actions"
    params = {"area": area.pk, **metric.list_filters}
    if isinstance(measure, OpenAtEnd):
        params["open_on"] = span.end.isoformat()
    elif isinstance(measure, Events) and measure.on == "date":
        params.update(date_from=span.start.isoformat(), date_to=span.end.isoformat())
    elif isinstance(measure, Events):
        prefix = {"reviewed_on": "reviewed", "published_on": "published"}.get(measure.on)
        if prefix:
            params.update({f"{prefix}_from": span.start.isoformat(), f"{prefix}_to": span.end.isoformat()})
    return f"{reverse('record_list', args=[record_type.slug])}?{urlencode(params)}"


def _compliance(year, area, areas) -> Compliance:
    years = year.last(5)
    tables = year_tables([COMPLIANCE_NUMERATOR, COMPLIANCE_DENOMINATOR], years, within=area, areas=areas)
    compliant = tables[COMPLIANCE_NUMERATOR].total.values
    required = tables[COMPLIANCE_DENOMINATOR].total.values
    percents = [
        (each, 100 * done / needed if done is not None and needed else None)
        for each, done, needed in zip(years, compliant, required, strict=True)
    ]
    target = Target.objects.for_year(Target.Name.TRAINING_COMPLIANCE, year)
    return Compliance(percent_by_year=percents, target=float(target.percent) if target else None)


def _mash_open_rising(end, area, areas):
    """Open MASH enquiries at the end of each of the last three months, if they rose each month."""
    month_ends = [start - timedelta(days=1) for start in month_starts(end - timedelta(days=92), end)[1:]]
    spans = [Span(day, day, f"{day:%-d %B}") for day in month_ends[-3:]]
    if len(spans) < 3:
        return None
    values = year_tables(["mash_open_cases"], spans, within=area, areas=areas)["mash_open_cases"].total.values
    if None in values or not (values[0] < values[1] < values[2]):
        return None
    return [(span.label, value) for span, value in zip(spans, values, strict=True)]


def _missing_returns(year, area):
    """Figures held only as returns that an area returned last year but not yet this year."""
    return_only = [metric.slug for metric in METRICS.values() if metric.records is None]
    entered = (
        Return.objects.filter(metric__in=return_only, period_start__gte=year.previous.start, period_end__lte=year.end)
        .filter(area__path__startswith=area.path)
        .values_list("metric", "area__name", "period_start")
        .distinct()
    )
    last_year, this_year = set(), set()
    for metric, area_name, start in entered:
        (this_year if start >= year.start else last_year).add((metric, area_name))
    missing = {}
    for metric, area_name in sorted(last_year - this_year):
        missing.setdefault(METRICS[metric].name, []).append(area_name)
    return sorted(missing.items())


def _latest_year_with_records(year, area) -> FinancialYear | None:
    """When the chosen year has no records yet, the latest year that has (to offer it instead)."""
    in_scope = Consultation.objects.within(area)
    if in_scope.filter(date__range=(year.start, year.end)).exists():
        return None
    latest = in_scope.order_by("-date").values_list("date", flat=True).first()
    return FinancialYear.containing(latest) if latest else None
