"""Reports due (``reports.schedule.reports_due``) not yet approved become tasks (work.Task) for the leads, due by
their deadline."""

from datetime import date

from django.urls import reverse

from reports.schedule import reports_due
from work import sources
from work.actions import Wanted
from work.models import Kind


def reports_awaiting_approval(today: date) -> list[Wanted]:
    wanted = []
    for due in reports_due(today):
        if due.report is not None and due.report.is_approved:
            continue
        area = due.area.pk if due.area else "trust"
        wanted.append(
            Wanted(
                source_key=f"report:{due.template.pk}:{due.period_key}:{area}"[:80],
                title=f"Report due: {due.title}"[:200],
                link=reverse("report_detail", args=[due.report.pk]) if due.report else reverse("home"),
                due_on=due.deadline,
                owner_id=None,
            )
        )
    return wanted


sources.register(Kind.REPORT_DUE, reports_awaiting_approval, reason="The report was approved or is no longer due")
