"""The schedule: each template with a cadence has its draft started once its period ends, and the reports due.

``start_due_reports(today, by)`` starts, for every template with a cadence, a draft for the last period of that
kind to end before ``today``: one for each of the template's scheduled areas, or one for the whole trust. It starts
nothing that exists already (a draft or an approved report of that template, period and area), so it can run as
often as it likes; two runs at the same moment start one draft, as the database allows only one (the loser's
insert fails, and is skipped). The background job (``reports.job_kinds``), ``manage.py start_due_reports`` and
``scripts/serve.py`` (every hour) run it.

``reports_due(today)`` is what the secretary's home page lists: each scheduled report of the last complete period,
started or not, and every other draft of a scheduled template, each with its deadline.

Scheduled drafts are started by a system account (``scheduler_account``) that can never sign in: inactive, no
usable password, no roles, no areas.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.system_accounts import system_account
from activity.models import Area
from core.periods import Period, last_complete
from reports.annual.actions import create_report, report_title
from reports.models import Report, ReportTemplate

SCHEDULER_USERNAME = "report-scheduler"
SCHEDULER_NAME = "Report schedule"


def today() -> date:
    """The day the schedule and the home page go by (tests fix it by replacing this function)."""
    return timezone.localdate()


def scheduler_account():
    """The system account scheduled drafts are started by, made the first time: it can never sign in."""
    return system_account(SCHEDULER_USERNAME, SCHEDULER_NAME)


@dataclass(frozen=True)
class Slot:
    """One report the schedule starts: a template's period, for an area or (None) the whole trust."""

    template: ReportTemplate
    period: Period
    area: Area | None

    @property
    def key(self) -> tuple:
        return (self.template.pk, self.period.key, self.area.pk if self.area else None)


def _scheduled_templates() -> list[ReportTemplate]:
    templates = ReportTemplate.objects.exclude(cadence=ReportTemplate.Cadence.NONE).prefetch_related("scheduled_areas")
    return list(templates.order_by("name"))


def _slots(templates: list[ReportTemplate], today: date) -> list[Slot]:
    slots = []
    for template in templates:
        period = last_complete(template.cadence, today)
        scheduled = [area for area in template.scheduled_areas.all() if area.is_active]
        areas = sorted(scheduled, key=lambda area: area.path) or [None]
        slots.extend(Slot(template, period, area) for area in areas)
    return slots


def _reports_of(slots: list[Slot]) -> Q:
    """The reports of these templates' periods (any area: the slots' areas are picked out after)."""
    periods = {(slot.template.pk, slot.period.key) for slot in slots}
    wanted = Q(pk__in=[])
    for template_pk, key in periods:
        wanted |= Q(template_id=template_pk, period=key)
    return wanted


def _key(report: Report) -> tuple:
    return (report.template_id, report.period, report.area_id)


def start_due_reports(today: date, by) -> list[Report]:
    """Start the draft of every scheduled report whose period ended before ``today`` and that has none yet
    (neither a draft nor an approved report); the drafts it started."""
    slots = _slots(_scheduled_templates(), today)
    if not slots:
        return []
    existing = set(Report.objects.filter(_reports_of(slots)).values_list("template_id", "period", "area_id"))
    started = []
    for slot in slots:
        if slot.key in existing:
            continue
        try:
            with transaction.atomic():
                report = create_report(
                    template=slot.template,
                    period=slot.period,
                    area=slot.area,
                    by=by,
                    reason=f"Started by the schedule: the period ended on {slot.period.end:%-d %B %Y}",
                )
        except (IntegrityError, ValidationError):
            continue  # another run started it a moment ago
        started.append(report)
    return started


def started_summary(started: list[Report]) -> str:
    """What a run of the schedule started, in a sentence or two."""
    if not started:
        return "No report was due: every scheduled report of the periods that have ended has been started."
    titles = "; ".join(report.title for report in started)
    return f"Started {len(started)} draft{'s' if len(started) != 1 else ''}: {titles}."


@dataclass(frozen=True)
class DueReport:
    """A report the home page lists: started (``report``) or not yet, with its deadline."""

    template: ReportTemplate
    title: str
    period_label: str
    period_key: str
    area: Area | None
    report: Report | None
    deadline: date
    overdue: bool

    @property
    def audience(self) -> str:
        return self.area.name if self.area else "The whole trust"

    @property
    def status(self) -> str:
        return "Not started" if self.report is None else self.report.get_status_display()


def _approved_first(report: Report) -> tuple:
    # An approved report answers for its period before a draft does (a later draft is listed on its own).
    return (report.is_approved, report.approved_at or report.created_at)


def _deadline(template: ReportTemplate, period_end: date) -> date:
    return period_end + timedelta(days=template.deadline_days)


def reports_due(today: date) -> list[DueReport]:
    """Each scheduled report of the last complete period (started or not), and every other draft of a scheduled
    template; earliest deadline first. Three queries, however many reports there are."""
    templates = _scheduled_templates()
    slots = _slots(templates, today)
    if not slots:
        return []
    reports = list(
        Report.objects.filter(_reports_of(slots) | Q(template__in=templates, status=Report.Status.DRAFT))
        .select_related("template", "area")
        .order_by("pk")
    )
    by_slot: dict[tuple, list[Report]] = {}
    for report in reports:
        by_slot.setdefault(_key(report), []).append(report)
    listed, shown = [], set()
    for slot in slots:
        report = max(by_slot.get(slot.key, []), key=_approved_first, default=None)
        deadline = _deadline(slot.template, slot.period.end)
        overdue = today > deadline and not (report and report.is_approved)
        title = report.title if report else report_title(slot.template, slot.period, slot.area)
        listed.append(
            DueReport(slot.template, title, slot.period.label, slot.period.key, slot.area, report, deadline, overdue)
        )
        shown.add(report.pk if report else None)
    for report in reports:
        if report.pk in shown or report.is_approved:
            continue
        deadline = _deadline(report.template, report.period_end)
        listed.append(
            DueReport(
                report.template,
                report.title,
                report.period_label,
                report.period,
                report.area,
                report,
                deadline,
                today > deadline,
            )
        )
    return sorted(listed, key=lambda due: (due.deadline, due.template.name, due.area.path if due.area else ""))
