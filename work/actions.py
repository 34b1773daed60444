"""Every change to a task goes through here: checked, kept in its history (who, when, what, why) and in the
audit log.

The apps above make and withdraw tasks for their own things with ``open_task``, ``withdraw`` and ``sync``
(set-based: one task per thing, however often they run); people give tasks to each other and complete them
with ``assign``, ``complete`` and ``reopen``.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.log import record as audit
from audit.models import Action
from core.permissions import require_actor
from work.models import Kind, State, Task, TaskEvent


@dataclass(frozen=True)
class Wanted:
    """A task an app wants to exist for one of its things."""

    source_key: str
    title: str
    link: str
    due_on: date
    owner_id: int | None = None


def _event(task, by, what, *, reason="", owner_before=None, owner_after=None):
    TaskEvent.objects.create(
        task=task, by=by, what=what, reason=reason[:300], owner_before=owner_before, owner_after=owner_after
    )
    audit(
        None,
        Action.TASK_CHANGED,
        user=by,
        kind="task",
        reference=str(task.pk),
        detail=f"{what}: {task.get_kind_display()}",
    )


def task_for(kind: Kind, source_key: str) -> Task | None:
    return Task.objects.filter(kind=kind, source_key=source_key).first()


def may_hold_tasks(user) -> bool:
    return bool(user and user.is_active and user.has_perm("work.view_task"))


@transaction.atomic
def open_task(*, kind: Kind, wanted: Wanted, by) -> Task:
    """The task for one thing, made if it is missing and reopened if it was closed; its title, link and due date
    brought up to date. Its owner is set only when it is made: afterwards people give it to each other."""
    require_actor(by)
    task = Task.objects.select_for_update().filter(kind=kind, source_key=wanted.source_key).first()
    if task is None:
        task = Task.objects.create(
            kind=kind,
            source_key=wanted.source_key,
            title=wanted.title,
            link=wanted.link,
            due_on=wanted.due_on,
            owner_id=wanted.owner_id,
        )
        _event(task, by, TaskEvent.What.CREATED, owner_after=task.owner)
        return task
    if task.state != State.OPEN:
        task.state, task.done_on = State.OPEN, None
        _event(task, by, TaskEvent.What.REOPENED, reason="Needed again")
    if task.due_on != wanted.due_on:
        _event(
            task, by, TaskEvent.What.DUE_CHANGED, reason=f"Due {task.due_on:%-d %b %Y}, now {wanted.due_on:%-d %b %Y}"
        )
    task.title, task.link, task.due_on = wanted.title, wanted.link, wanted.due_on
    task.save()
    return task


@transaction.atomic
def withdraw(*, kind: Kind, source_key: str, by, reason: str) -> None:
    """The thing no longer needs doing (or was done where the work is kept): an open task for it is closed."""
    require_actor(by)
    for task in Task.objects.select_for_update().filter(kind=kind, source_key=source_key, state=State.OPEN):
        task.state = State.WITHDRAWN
        task.save()
        _event(task, by, TaskEvent.What.WITHDRAWN, reason=reason)


@transaction.atomic
def finish_for_source(*, kind: Kind, source_key: str, by, on: date, reason: str) -> None:
    """The work was done where it is kept (a review action completed on its form): its task is done too."""
    require_actor(by)
    for task in Task.objects.select_for_update().filter(kind=kind, source_key=source_key, state=State.OPEN):
        task.state, task.done_on = State.DONE, on
        task.save()
        _event(task, by, TaskEvent.What.COMPLETED, reason=reason)


@transaction.atomic
def sync(*, kind: Kind, wanted: list[Wanted], by, reason: str) -> tuple[int, int]:
    """Make the open tasks of ``kind`` exactly ``wanted``: new ones made, missing ones withdrawn, due dates and
    titles kept current. Set-based: a fixed number of statements however many tasks there are.

    Returns how many were made and how many withdrawn."""
    require_actor(by)
    by_key = {each.source_key: each for each in wanted}
    existing = dict(Task.objects.filter(kind=kind, source_key__in=by_key).values_list("source_key", "pk"))
    now = timezone.now()
    fresh = [
        Task(
            kind=kind,
            source_key=each.source_key,
            title=each.title,
            link=each.link,
            due_on=each.due_on,
            owner_id=each.owner_id,
            created_at=now,
            updated_at=now,
        )
        for key, each in by_key.items()
        if key not in existing
    ]
    made = Task.objects.bulk_create(fresh)
    if not made or made[0].pk is None:  # databases that do not return keys from a bulk insert
        made = list(Task.objects.filter(kind=kind, source_key__in=[task.source_key for task in fresh]))
    TaskEvent.objects.bulk_create(
        [
            TaskEvent(task=task, by=by, what=TaskEvent.What.CREATED, owner_after_id=task.owner_id, reason=reason)
            for task in made
        ]
    )
    if existing:
        still_wanted = Task.objects.filter(kind=kind, source_key__in=list(existing))
        _refresh_due_dates(still_wanted, by_key)
        reopened = still_wanted.exclude(state=State.OPEN)
        _log_bulk(reopened, by, TaskEvent.What.REOPENED, "Needed again")
        reopened.update(state=State.OPEN, done_on=None, escalated_on=None, updated_at=now)
    gone = Task.objects.filter(kind=kind, state=State.OPEN).exclude(source_key__in=list(by_key))
    withdrawn = gone.count()
    _log_bulk(gone, by, TaskEvent.What.WITHDRAWN, reason)
    gone.update(state=State.WITHDRAWN, updated_at=now)
    return len(made), withdrawn


def _refresh_due_dates(tasks, by_key):
    """A thing's due date can move (a policy given a later review date): bring the task's with it."""
    changed = [
        (pk, by_key[key])
        for pk, key, due_on, title, link in tasks.values_list("pk", "source_key", "due_on", "title", "link")
        if (due_on, title, link) != (by_key[key].due_on, by_key[key].title, by_key[key].link)
    ]
    Task.objects.bulk_update(
        [Task(pk=pk, due_on=each.due_on, title=each.title, link=each.link) for pk, each in changed],
        ["due_on", "title", "link"],
    )


def _log_bulk(tasks, by, what, reason):
    TaskEvent.objects.bulk_create(
        [TaskEvent(task_id=pk, by=by, what=what, reason=reason[:300]) for pk in tasks.values_list("pk", flat=True)]
    )


def may_change(task: Task, by) -> bool:
    return by.has_perm("work.manage_tasks") or (task.owner_id == by.pk and by.has_perm("work.view_task"))


@transaction.atomic
def assign(*, task: Task, to, by, reason: str) -> Task:
    """Give a task to someone (or back to the leads, ``to=None``). A lead gives any task; anyone may take an
    unowned task only if they are a lead. Kept with who, from whom, to whom and why."""
    require_actor(by)
    if not by.has_perm("work.manage_tasks"):
        raise PermissionDenied("Only a safeguarding lead gives tasks to people.")
    if to is not None and not may_hold_tasks(to):
        raise ValidationError({"owner": f"{to.get_full_name() or to.get_username()} cannot hold tasks."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the task is changing hands."})
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.owner_id == (to.pk if to else None):
        return task
    before = task.owner
    task.owner = to
    task.escalated_on = None
    task.save()
    _event(task, by, TaskEvent.What.ASSIGNED, reason=reason, owner_before=before, owner_after=to)
    return task


@transaction.atomic
def complete(*, task: Task, by, note: str = "", on: date | None = None) -> Task:
    require_actor(by)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not may_change(task, by):
        raise PermissionDenied("Only the task's owner or a safeguarding lead completes it.")
    if task.state != State.OPEN:
        raise ValidationError("This task is already closed.")
    task.state, task.done_on = State.DONE, on or timezone.localdate()
    task.save()
    _event(task, by, TaskEvent.What.COMPLETED, reason=note)
    return task


@transaction.atomic
def reopen(*, task: Task, by, reason: str) -> Task:
    require_actor(by)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not may_change(task, by):
        raise PermissionDenied("Only the task's owner or a safeguarding lead reopens it.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the task is open again."})
    if task.state == State.OPEN:
        return task
    task.state, task.done_on, task.escalated_on = State.OPEN, None, None
    task.save()
    _event(task, by, TaskEvent.What.REOPENED, reason=reason)
    return task


def mark_escalated(task_ids, *, by, on: date) -> None:
    tasks = Task.objects.filter(pk__in=task_ids)
    _log_bulk(tasks, by, TaskEvent.What.ESCALATED, "Overdue: the leads were told by email")
    tasks.update(escalated_on=on)
