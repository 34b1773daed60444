"""An assurance action is a task (work.Task) for its owner while it is open: it shows in their "My work", comes
in their daily reminder and, overdue, is escalated to the leads like any other task.

The task's title says what is due (the standard's framework and number), never the action's own words.
"""

from datetime import date

from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from governance.models import AssuranceAction
from work import actions
from work.models import Kind, Task

KEY_PREFIX = "assurance-action:"


def _key(pk: int) -> str:
    return f"{KEY_PREFIX}{pk}"


def assessment_url(standard_pk: int, year: int, area_slug: str | None) -> str:
    return reverse("governance_assurance_assessment", args=[standard_pk, year, area_slug or "trust"])


def _title(framework: str, number: str, year: int) -> str:
    return f"Assurance action: {framework}, standard {number}, {year}/{(year + 1) % 100:02d}"[:200]


def _wanted(action_pk, due_on, owner_id, standard_pk, number, framework, year, area_slug) -> actions.Wanted:
    return actions.Wanted(
        source_key=_key(action_pk),
        title=_title(framework, number, year),
        link=assessment_url(standard_pk, year, area_slug),
        due_on=due_on,
        owner_id=owner_id,
    )


def keep_action_task(action: AssuranceAction, *, by) -> None:
    """An open action has a task, owned by its owner and due when it is; a completed one's task is done."""
    if action.completed_on is not None:
        actions.finish_for_source(
            kind=Kind.ASSURANCE_ACTION,
            source_key=_key(action.pk),
            by=by,
            on=action.completed_on,
            reason="The action was marked completed on the assessment",
        )
        return
    assessment = action.assessment
    standard = assessment.standard
    wanted = _wanted(
        action.pk,
        action.due_on,
        action.owner_id,
        standard.pk,
        standard.number,
        standard.framework.name,
        assessment.year,
        assessment.area.slug if assessment.area_id else None,
    )
    task = actions.open_task(kind=Kind.ASSURANCE_ACTION, wanted=wanted, by=by)
    # Only a lead gives a task to someone else (``save_action`` refuses anyone else a new owner); a task a lead
    # gave someone on the task's own page stays theirs when the secretary changes the action's wording.
    if task.owner_id != action.owner_id and by.has_perm("work.manage_tasks"):
        task = actions.assign(task=task, to=action.owner, by=by, reason="Owner chosen on the assurance action")
    if action.task_id != task.pk:
        AssuranceAction.objects.filter(pk=action.pk).update(task=task)
        action.task = task


def withdraw_action_task(action: AssuranceAction, *, by, reason: str) -> None:
    actions.withdraw(kind=Kind.ASSURANCE_ACTION, source_key=_key(action.pk), by=by, reason=reason)


def open_assurance_actions(today: date) -> list[actions.Wanted]:
    """Every open action has a task (those made in bulk, by the demo, get theirs here), owned by its owner."""
    rows = AssuranceAction.objects.filter(completed_on__isnull=True).values_list(
        "pk",
        "due_on",
        "owner_id",
        "assessment__standard_id",
        "assessment__standard__number",
        "assessment__standard__framework__name",
        "assessment__year",
        "assessment__area__slug",
    )
    return [_wanted(*row) for row in rows]


def link_actions_to_tasks() -> int:
    """After a refresh: each action without its task is linked to it, in one statement."""
    key = Concat(Value(KEY_PREFIX), Cast(OuterRef("pk"), CharField()))
    task = Task.objects.filter(kind=Kind.ASSURANCE_ACTION, source_key=key).values("pk")[:1]
    return AssuranceAction.objects.filter(task__isnull=True).update(task=Subquery(task))
