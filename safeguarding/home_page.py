"""What each person's home page starts their day with, by what their role lets them do:

- logging records: a button to log each kind they may log, and their most recent records;
- holding tasks: their open tasks, overdue first;
- leading the team: the team's overdue tasks, those nobody owns yet, consultations waiting for a lead, and the
  open MASH enquiries by how long they have waited;
- starting reports: the reports due and where each stands;
- reading figures only: this year's headline figures so far, and how many things are overdue, by kind.

A fixed number of queries, however many records there are: counts come from the daily counts or from tasks.
"""

from datetime import date
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.text import capfirst

from activity.mash_ageing import AGE_BANDS, OPEN, received_in
from activity.models import MashEnquiry
from activity.record_types import RECORD_TYPES
from core.periods import FinancialYear, year_to_date
from reports import schedule
from reports.dashboard import HEADLINES
from reports.figures import year_tables
from work.models import Kind, Task

SHOWN = 5
EXECUTIVE_FIGURES = [
    "child_consultations",
    "adult_consultations",
    "child_referrals",
    "adult_referrals",
    "mash_enquiries",
]


def log_buttons(user) -> list[dict]:
    return [
        {"label": f"Log {_article(record_type.name)} {record_type.name}", "slug": record_type.slug}
        for record_type in RECORD_TYPES.values()
        if user.has_perm(record_type.permission("add"))
    ]


def _article(name: str) -> str:
    return "an" if name[:1].lower() in "aeiou" or name.startswith("s.42") else "a"


def recent_records(user) -> list[dict]:
    """The records this person logged most recently, newest first: one query per kind of record."""
    recent = []
    for record_type in RECORD_TYPES.values():
        if not user.has_perm(record_type.permission("view")):
            continue
        for reference, day, created_at in (
            record_type.model.objects.visible_to(user)
            .filter(created_by=user)
            .order_by("-created_at")
            .values_list("reference", "date", "created_at")[:SHOWN]
        ):
            recent.append(
                {"kind": capfirst(record_type.name), "slug": record_type.slug, "reference": reference, "date": day,
                 "created_at": created_at}
            )  # fmt: skip
    return sorted(recent, key=lambda each: each["created_at"], reverse=True)[:SHOWN]


def my_tasks(user, today: date) -> dict:
    mine = Task.objects.visible_to(user).open().filter(owner=user)
    return {
        "tasks": list(mine.in_work_order()[:SHOWN]),
        "open": mine.count(),
        "overdue": mine.filter(due_on__lt=today).count(),
    }


def team_tasks(user, today: date) -> dict:
    team = Task.objects.visible_to(user).open()
    return {
        "overdue": list(team.filter(due_on__lt=today).select_related("owner").in_work_order()[:SHOWN]),
        "overdue_count": team.filter(due_on__lt=today).count(),
        "unowned_count": team.filter(owner__isnull=True).count(),
        "lead_needed": list(team.filter(kind=Kind.LEAD_NEEDED).select_related("owner").in_work_order()[:SHOWN]),
    }


def mash_ageing(user, today: date) -> list[dict]:
    """The open MASH enquiries the user may see, by how many working days they have waited: one query."""
    per_band = {band.slug: Count("date", filter=received_in(band, today)) for band in AGE_BANDS}
    counts = MashEnquiry.objects.visible_to(user).filter(OPEN).aggregate(**per_band)
    queue = reverse("mash_queue")
    return [
        {"label": band.label, "count": counts[band.slug], "url": f"{queue}?{urlencode({'age': band.slug})}"}
        for band in AGE_BANDS
    ]


def needs_attention(today: date) -> list[dict]:
    """How many tasks of each kind are overdue: counts only, for those who read figures but hold no tasks."""
    overdue = dict(
        Task.objects.overdue(today).values_list("kind").annotate(count=Count("pk")).values_list("kind", "count")
    )
    return [{"label": label, "count": overdue[kind]} for kind, label in Kind.choices if overdue.get(kind)]


def headline_figures(today: date) -> dict:
    """This year so far against the same span last year, for the whole trust, from the daily counts."""
    year = FinancialYear.containing(today)
    last_span, this_span = year_to_date(year, today)
    tables = year_tables([slug for slug in EXECUTIVE_FIGURES if slug in HEADLINES], [last_span, this_span])
    rows = []
    for table in tables.values():
        last, this = table.total.values
        rows.append({"name": table.metric.name, "last": last, "this": this})
    return {"this_span": this_span, "last_span": last_span, "rows": rows}


def sections(user, today: date) -> dict:
    context = {"log_buttons": log_buttons(user)}
    if context["log_buttons"]:
        context["recent_records"] = recent_records(user)
    if user.has_perm("work.view_task"):
        context["my_tasks"] = my_tasks(user, today)
    if user.has_perm("work.manage_tasks"):
        context["team_tasks"] = team_tasks(user, today)
        context["mash_ageing"] = mash_ageing(user, today)
    if user.has_perm("reports.start_reports"):
        context["reports_due"] = schedule.reports_due(today)
    if user.has_perm("reports.view_dashboard") and not user.has_perm("work.manage_tasks"):
        context["headline_figures"] = headline_figures(today)
        context["needs_attention"] = needs_attention(today)
    return context
