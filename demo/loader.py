"""The demo: the seed trust's reference data, users, returns, 2021/22 records, governance records and report,
and after 2021/22 each working day's records to the day it is loaded to, quarterly returns and the last
quarter's reports."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from activity import actions, rollups
from activity.models import DailyCount, Review, ReviewAction
from demo.allegations import load_allegations
from demo.assurance import load_assurance
from demo.compliance import load_compliance_exports
from demo.governance import load_governance
from demo.later_reports import load_quarterly_reports
from demo.later_returns import load_quarterly_returns
from demo.later_years import load_later_years
from demo.mash_target import load_mash_target
from demo.records import DEMO_PREFIX, generator
from demo.reference import load_reference
from demo.report import load_report
from demo.returns import load_returns
from demo.s42 import load_s42_items
from demo.training import load_training_compliance
from demo.users import load_users
from work import actions as task_actions
from work import sources
from work.models import Kind, Task


def _new_only(model, records):
    """The demo's records of this kind, unless it already holds them (archived or not). The demo's
    references are random, so they cannot be matched one by one: a kind is loaded whole, once."""
    if model.with_archived.filter(reference__startswith=DEMO_PREFIX).exists():
        return []
    return records


def demo_until() -> date:
    """The day the demo is loaded to when none is given: ``settings.DEMO_UNTIL`` if set (the tests fix it, so
    that no test depends on the real date), else today."""
    return getattr(settings, "DEMO_UNTIL", None) or timezone.localdate()


@transaction.atomic
def load_demo(until: date | None = None) -> dict[str, int]:
    """Load the demo through ``until`` (default ``demo_until()``); loading it again the same day changes nothing,
    and on a later day adds only the days since. Returns how many of each thing were added or brought up to
    date."""
    until = until or demo_until()
    load_reference()
    users = load_users()
    loader = users["lead"]
    returns_entered = load_returns(by=loader)

    made = generator()
    batches = [
        made.child_consultations() + made.adult_consultations(),
        made.child_referrals() + made.adult_referrals(),
        made.s42_enquiries(),
        made.mash_enquiries(),
        made.cdop_cases(),
        made.training_sessions(),
        made.supervision_sessions(),
    ]
    added = {}
    for batch in batches:
        model = type(batch[0])
        added[model._meta.verbose_name_plural] = actions.bulk_create_records(
            model=model, records=_new_only(model, batch), by=loader, refresh_counts=False
        )

    reviews_with_actions = made.reviews()

    new_reviews = _new_only(Review, [review for review, _ in reviews_with_actions])
    actions.bulk_create_records(model=Review, records=new_reviews, by=loader, refresh_counts=False)
    added["reviews"] = len(new_reviews)
    new_references = {review.reference for review in new_reviews}
    saved = {review.reference: review for review in Review.objects.filter(reference__in=new_references)}
    review_actions = []
    for review, its_actions in reviews_with_actions:
        if review.reference in new_references:
            for action in its_actions:
                action.review = saved[review.reference]
                action.created_by = action.updated_by = loader
                review_actions.append(action)
    ReviewAction.objects.bulk_create(review_actions)
    added["review actions"] = len(review_actions)
    seed_added = sum(added.values())

    later = load_later_years(until=until, by=loader)
    for name, count in later.added.items():
        added[name] = added.get(name, 0) + count
    if seed_added or not DailyCount.objects.exists():
        rollups.rebuild()
    else:
        for model, days in later.touched.items():
            rollups.refresh(model, days)
    added["s.42 enquiries given the collection's items"] = load_s42_items(until=until, by=loader)
    returns_entered += load_training_compliance(by=loader) + load_quarterly_returns(until=until, by=loader)
    added["allegations against staff"] = load_allegations(by=loader, until=until)  # one for each the returns count
    load_mash_target()
    added["returns"] = returns_entered
    added["governance records"] = load_governance(by=loader)
    added["training compliance exports"] = load_compliance_exports(until=until, by=loader)
    added["assurance self-assessments"] = load_assurance(by=users["secretary"], moderator=loader)
    load_report(by=loader)
    added["reports started"] = load_quarterly_reports(until=until, by=loader)
    added |= {f"{name} brought up to date": count for name, count in later.followed_up.items()}
    added["tasks"] = load_tasks(until, lead=loader, practitioner=users["practitioner"])
    return added


def load_tasks(until: date, *, lead, practitioner) -> int:
    """The day's tasks (as ``send_reminders`` makes them), and the practitioner given the three open review
    actions due latest that nobody owns yet, so that her home page has work on it."""
    made = sum(new for new, _ in sources.refresh(until).values())
    unowned = Task.objects.open().filter(kind=Kind.REVIEW_ACTION, owner__isnull=True).order_by("-due_on", "-pk")
    if not Task.objects.filter(owner=practitioner).exists():
        for task in unowned[:3]:
            task_actions.assign(task=task, to=practitioner, by=lead, reason="Demo: Priya leads on this action")
    return made
