"""The day's emails: a digest to each person of their tasks overdue or due soon, and an escalation to the leads
of tasks overdue for too long. Each is sent at most once a day (``ReminderSent``), so ``send_reminders`` may run
as often as the scheduler likes."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction

from audit.log import record as audit
from audit.models import Action
from work import actions, emails, people
from work.models import ReminderSent, Task
from work.sources import system_account


@dataclass
class Sent:
    digests: int = 0
    escalations: int = 0
    skipped_already_sent: int = 0


def _claim(recipient, day: date, kind: str, tasks: int) -> bool:
    """Note that ``recipient`` gets today's email of ``kind``; False if they already have."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(recipient=recipient, day=day, kind=kind, tasks=tasks)
    except IntegrityError:
        return False
    return True


def _send(connection, recipient, message: emails.Message, *, by, what: str) -> None:
    EmailMessage(message.subject, message.body, to=[recipient.email], connection=connection).send()
    audit(None, Action.REMINDER_SENT, user=by, detail=f"{what} to {recipient.get_username()}")


def send_digests(today: date, *, connection=None) -> Sent:
    """One email per person with tasks overdue or due within ``TASK_DIGEST_DAYS_AHEAD`` days; the leads' also
    lists the team's tasks nobody owns yet."""
    days_ahead = settings.TASK_DIGEST_DAYS_AHEAD
    due = list(
        Task.objects.open()
        .filter(due_on__lte=today + timedelta(days=days_ahead))
        .select_related("owner")
        .in_work_order()
    )
    unowned = [task for task in due if task.owner_id is None]
    leads = set(people.leads().exclude(email="").values_list("pk", flat=True))
    sent, by = Sent(), system_account()
    connection = connection or get_connection()
    for person in people.task_holders().exclude(email=""):
        theirs = [task for task in due if task.owner_id == person.pk]
        if person.pk in leads:
            theirs += unowned
        if not theirs:
            continue
        theirs.sort(key=lambda task: (task.due_on, task.pk))
        if not _claim(person, today, ReminderSent.Kind.DIGEST, len(theirs)):
            sent.skipped_already_sent += 1
            continue
        _send(connection, person, emails.digest(theirs, today, days_ahead=days_ahead), by=by, what="Daily digest")
        sent.digests += 1
    return sent


def send_escalations(today: date, *, connection=None) -> Sent:
    """Tasks overdue by ``TASK_ESCALATION_DAYS`` or more and not yet escalated: one email to each lead listing
    them, then each is marked, so it is escalated once (again only if it is given to someone else or reopened)."""
    after = settings.TASK_ESCALATION_DAYS
    overdue = list(
        Task.objects.overdue(today)
        .filter(due_on__lte=today - timedelta(days=after), escalated_on__isnull=True)
        .select_related("owner")
        .in_work_order()
    )
    sent, by = Sent(), system_account()
    if not overdue:
        return sent
    connection = connection or get_connection()
    message = emails.escalation(overdue, today, after_days=after)
    for lead in people.leads().exclude(email=""):
        if _claim(lead, today, ReminderSent.Kind.ESCALATION, len(overdue)):
            _send(connection, lead, message, by=by, what="Escalation of overdue tasks")
            sent.escalations += 1
        else:
            sent.skipped_already_sent += 1
    actions.mark_escalated([task.pk for task in overdue], by=by, on=today)
    return sent


def tell_leads_lead_needed(task: Task, flagged_by) -> int:
    """At once, not in the morning's digest: a practitioner is waiting."""
    message = emails.lead_needed(task, flagged_by)
    leads = list(people.leads().exclude(email=""))
    connection = get_connection()
    for lead in leads:
        _send(connection, lead, message, by=flagged_by, what="Notice that a consultation needs a lead")
    return len(leads)
