"""What the emails say. An email names what is due and links to it: never a case reference, never a record's
notes (a task's title holds neither), so a message read over someone's shoulder or forwarded gives nothing away.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse

from work.models import Task
from work.people import name_of

SIGN_OFF = (
    "Sign in to see the details: the email leaves them out on purpose.\n\n"
    "Safeguarding activity tracker. You get this because tasks are yours or, as a safeguarding lead, the team's."
)


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def task_url(task: Task) -> str:
    return settings.SITE_URL + reverse("task_detail", args=[task.pk])


def _line(task: Task, today: date) -> str:
    if task.due_on < today:
        days = (today - task.due_on).days
        when = f"OVERDUE by {days} day{'s' if days != 1 else ''} (due {task.due_on:%-d %b %Y})"
    elif task.due_on == today:
        when = "due today"
    else:
        when = f"due {task.due_on:%a %-d %b %Y}"
    owner = "" if task.owner_id else " (no owner yet: the leads')"
    return f"- {task.title}{owner}: {when}\n  {task_url(task)}"


def digest(tasks: list[Task], today: date, *, days_ahead: int) -> Message:
    overdue = sum(task.due_on < today for task in tasks)
    coming = len(tasks) - overdue
    parts = []
    if overdue:
        parts.append(f"{overdue} overdue")
    if coming:
        parts.append(f"{coming} due within {days_ahead} days")
    lines = "\n".join(_line(task, today) for task in tasks)
    body = f"Your safeguarding tasks on {today:%A %-d %B %Y}:\n\n{lines}\n\n{SIGN_OFF}\n"
    return Message(f"Safeguarding tasks: {', '.join(parts)}", body)


def escalation(tasks: list[Task], today: date, *, after_days: int) -> Message:
    lines = "\n".join(
        f"{_line(task, today)}\n  Owner: {name_of(task.owner) if task.owner else 'nobody yet'}" for task in tasks
    )
    count = len(tasks)
    body = (
        f"{count} task{'s are' if count != 1 else ' is'} overdue by {after_days} days or more, "
        f"as of {today:%-d %B %Y}. "
        "Each is listed once, the first day it passes that mark.\n\n"
        f"{lines}\n\n{SIGN_OFF}\n"
    )
    return Message(f"Escalation: {count} safeguarding task{'s' if count != 1 else ''} overdue", body)


def lead_needed(task: Task, flagged_by) -> Message:
    who = name_of(flagged_by)
    body = (
        f"{who} has logged a consultation that needs a safeguarding lead. It is on the team's tasks, with no "
        f"owner yet, due {task.due_on:%-d %B %Y}: take it or give it to someone.\n\n  {task_url(task)}\n\n{SIGN_OFF}\n"
    )
    return Message("A consultation needs a safeguarding lead", body)
