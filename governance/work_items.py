"""Policies due for review become tasks (work.Task) for the leads, from this many days before the review date;
open assurance actions are tasks for their owners (``governance.assurance_tasks``)."""

from datetime import date, timedelta

from django.urls import reverse

from governance.assurance_tasks import link_actions_to_tasks, open_assurance_actions
from governance.models import Policy
from work import sources
from work.actions import Wanted
from work.models import Kind

POLICY_TASK_DAYS_BEFORE = 60


def policies_due_for_review(today: date) -> list[Wanted]:
    due = Policy.objects.filter(review_due__lte=today + timedelta(days=POLICY_TASK_DAYS_BEFORE)).values_list(
        "pk", "title", "review_due"
    )
    return [
        Wanted(
            source_key=f"policy:{pk}:{review_due.isoformat()}",
            title=f"Policy due for review: {title}"[:200],
            link=reverse("governance_policy_edit", args=[pk]),
            due_on=review_due,
        )
        for pk, title, review_due in due
    ]


sources.register(Kind.POLICY_REVIEW, policies_due_for_review, reason="The policy was reviewed (a new date)")
sources.register(
    Kind.ASSURANCE_ACTION,
    open_assurance_actions,
    reason="The assurance action was completed or removed",
    after=link_actions_to_tasks,
)
