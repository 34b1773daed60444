"""The tasks activity's things need (work.Task): a review action's, a consultation's that needs a lead, a MASH
enquiry's open too long, and a return's that has not come in.

Titles say what is due and never hold a case reference or anything typed into a record.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from activity.metrics import METRICS
from activity.models import Consultation, MashEnquiry, Return, Review, ReviewAction
from core.periods import FinancialYear, Quarter
from core.working_days import add_working_days, subtract_working_days
from work import actions, reminders, sources
from work.models import Kind, Task
from work.people import task_holders

# A consultation that needs a lead should be picked up the next working day.
LEAD_NEEDED_WITHIN_WORKING_DAYS = 1
# A return is due this many days after the period it counts has ended.
RETURN_DUE_AFTER_DAYS = 30
# Returns last entered longer ago than this are an old series, not one that is late.
RETURNS_LOOKED_BACK_DAYS = 2 * 366


def _action_key(action: ReviewAction) -> str:
    return f"review-action:{action.pk}"


def keep_review_action_task(action: ReviewAction, *, owner, by) -> None:
    """An open action has a task, owned by its owner and due when it is; a completed one's task is done."""
    if action.status == ReviewAction.Status.COMPLETED:
        actions.finish_for_source(
            kind=Kind.REVIEW_ACTION,
            source_key=_action_key(action),
            by=by,
            on=action.completed_on,
            reason="The action was marked completed on the review",
        )
        return
    wanted = actions.Wanted(
        source_key=_action_key(action),
        title=f"An action from a {action.review.get_kind_display()}",
        link=reverse("record_detail", args=["reviews", action.review.reference]),
        due_on=action.due_on,
        owner_id=owner.pk if owner else None,
    )
    task = actions.open_task(kind=Kind.REVIEW_ACTION, wanted=wanted, by=by)
    if task.owner_id != wanted.owner_id and owner is not None:
        task = actions.assign(task=task, to=owner, by=by, reason="Owner chosen on the action's form")
    if action.task_id != task.pk:
        ReviewAction.objects.filter(pk=action.pk).update(task=task)
        action.task = task


def withdraw_review_action_task(action: ReviewAction, *, by, reason: str) -> None:
    actions.withdraw(kind=Kind.REVIEW_ACTION, source_key=_action_key(action), by=by, reason=reason)


def keep_lead_needed_task(consultation: Consultation, *, by) -> None:
    """A consultation flagged as needing a lead has a task in the leads' queue, and the leads are emailed the first
    time; unflagged or archived, its open task is withdrawn."""
    key = f"consultation:{consultation.pk}"
    if not consultation.needs_lead or consultation.archived_at is not None:
        actions.withdraw(kind=Kind.LEAD_NEEDED, source_key=key, by=by, reason="No longer flagged for a lead")
        return
    wanted = actions.Wanted(
        source_key=key,
        title="A consultation needs a safeguarding lead",
        link=reverse("record_detail", args=["consultations", consultation.reference]),
        due_on=add_working_days(consultation.date, LEAD_NEEDED_WITHIN_WORKING_DAYS),
    )
    existing = actions.task_for(Kind.LEAD_NEEDED, key)
    task = actions.open_task(kind=Kind.LEAD_NEEDED, wanted=wanted, by=by)
    if existing is None or existing.state != task.state:
        transaction.on_commit(lambda: reminders.tell_leads_lead_needed(task, by))


def mash_enquiries_open_too_long(today: date) -> list[actions.Wanted]:
    """Open MASH enquiries received more than MASH_TASK_AFTER_WORKING_DAYS working days ago, one task each, owned
    by whoever logged it if they hold tasks (otherwise the leads'), due the day it passed the mark."""
    after = settings.MASH_TASK_AFTER_WORKING_DAYS
    received_by = subtract_working_days(today, after)
    holders = set(task_holders().values_list("pk", flat=True))
    enquiries = (
        MashEnquiry.objects.filter(closed_on__isnull=True, date__lt=received_by)
        .order_by("date", "pk")
        .values_list("pk", "reference", "date", "created_by_id")
    )
    return [
        actions.Wanted(
            source_key=f"mash-enquiry:{pk}",
            title=f"A MASH enquiry received {received:%-d %b %Y} is still open",
            link=reverse("record_detail", args=["mash-enquiries", reference]),
            due_on=add_working_days(received, after),
            owner_id=creator if creator in holders else None,
        )
        for pk, reference, received, creator in enquiries
    ]


def returns_due(today: date) -> list[actions.Wanted]:
    """A figure that comes as a return is due for the period after the last one an area returned, once that period
    has ended: due RETURN_DUE_AFTER_DAYS days after its end. One task per figure and area, for the leads."""
    latest = (
        Return.objects.filter(period_end__gte=today - timedelta(days=RETURNS_LOOKED_BACK_DAYS))
        .values("metric", "area", "area__name")
        .annotate(last_end=Max("period_end"), last_start=Max("period_start"))
    )
    wanted = []
    for row in latest:
        next_start = row["last_end"] + timedelta(days=1)
        year = FinancialYear.containing(next_start)
        yearly = (row["last_end"] - row["last_start"]).days > 200
        period = year if yearly else Quarter.containing(next_start)
        if period.end >= today or row["metric"] not in METRICS:
            continue
        metric = METRICS[row["metric"]]
        wanted.append(
            actions.Wanted(
                source_key=f"return:{row['metric']}:{row['area']}:{next_start.isoformat()}",
                title=f"Return due: {metric.name}, {row['area__name']}, {period.label}",
                link=f"{reverse('returns_grid')}?metric={row['metric']}&year={year.start_year}",
                due_on=period.end + timedelta(days=RETURN_DUE_AFTER_DAYS),
            )
        )
    return wanted


def open_review_actions(today: date) -> list[actions.Wanted]:
    """Every open action of a review still held has a task (those made in bulk, by the demo or before tasks, get
    theirs here, in the leads' queue); an archived review's actions' tasks are withdrawn until it is restored."""
    open_actions = (
        ReviewAction.objects.filter(review__archived_at__isnull=True)
        .exclude(status=ReviewAction.Status.COMPLETED)
        .values_list("pk", "due_on", "review__kind", "review__reference")
    )
    kinds = dict(Review.Kind.choices)
    return [
        actions.Wanted(
            source_key=f"review-action:{pk}",
            title=f"An action from a {kinds[kind]}",
            link=reverse("record_detail", args=["reviews", reference]),
            due_on=due_on,
        )
        for pk, due_on, kind, reference in open_actions
    ]


def link_review_actions_to_tasks() -> int:
    """After a refresh: each action without its task is linked to it, in one statement."""
    key = Concat(Value("review-action:"), Cast(OuterRef("pk"), CharField()))
    task = Task.objects.filter(kind=Kind.REVIEW_ACTION, source_key=key).values("pk")[:1]
    return ReviewAction.objects.filter(task__isnull=True).update(task=Subquery(task))


sources.register(
    Kind.REVIEW_ACTION,
    open_review_actions,
    reason="The action was completed, removed, or its review archived",
    after=link_review_actions_to_tasks,
)
sources.register(Kind.MASH_ENQUIRY, mash_enquiries_open_too_long, reason="The enquiry was closed")
sources.register(Kind.RETURN_DUE, returns_due, reason="The return came in")
