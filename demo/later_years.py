"""The demo after 2021/22: each working day's records from 1 April 2022 to the day it is loaded to.

The first load adds every day; a later one adds the days since the last day it holds, and brings up to date
the records it left open because their follow-up (a MASH enquiry's closing, a CDOP review, an s.42 outcome, a
review's next stage or an action's completion) had not come yet. It finds them by making again the plans of
the days that can still have one to come (``demo.later_records``) and pairing each day's records with its plan
in the order they were saved, so loading through one day and then a later one leaves the same records as
loading through the later day at once.

Records are saved in bulk without their daily counts; the loader refreshes those once, set-based, for the days
in ``LaterLoad.touched``. Updates (``bulk_update_records``, ``update_review_action``) refresh their own days.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby

from django.db.models import Max

from activity import actions, rollups
from activity.models import Consultation, Review, ReviewAction
from demo.later_records import FIRST_DAY, FOLLOW_UPS, LONGEST_WAIT, DayPlanner, actions_until, day_planner, until_day
from demo.records import DEMO_PREFIX
from demo.records import weekdays as weekdays_between

BROUGHT_UP_TO_DATE = "Demo: its follow-up came on the day planned"


@dataclass
class LaterLoad:
    added: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # new records, by kind
    followed_up: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # records brought up to date
    touched: dict[type, set[date]] = field(default_factory=lambda: defaultdict(set))  # days to recount


def loaded_through() -> date | None:
    """The last working day the demo holds records for after 2021/22 (each working day has a consultation)."""
    demo_calls = Consultation.with_archived.filter(reference__startswith=DEMO_PREFIX, date__gte=FIRST_DAY)
    return demo_calls.aggregate(last=Max("date"))["last"]


def load_later_years(*, until: date, by) -> LaterLoad:
    planner = day_planner()
    load = LaterLoad()
    through = loaded_through()
    if through is not None:
        for model in FOLLOW_UPS:
            _follow_up(planner, model, through, until, by, load)
    first_new = through + timedelta(days=1) if through else FIRST_DAY
    days = weekdays_between(first_new, until)
    if days:
        _add_days(planner, days, until, by, load)
    return load


def _add_days(planner: DayPlanner, days: list[date], until: date, by, load: LaterLoad) -> None:
    by_model, planned_reviews = defaultdict(list), []
    for kind, (model, _) in planner.kinds.items():
        for day in days:
            for planned in planner.plan(kind, day):
                if model is Review:
                    planned_reviews.append(planned)
                    planned = planned.review
                until_day(planned, until)
                by_model[model].append(planned)
    for model, records in by_model.items():
        load.added[model._meta.verbose_name_plural] += actions.bulk_create_records(
            model=model, records=records, by=by, refresh_counts=False
        )
        load.touched[model].update(*(rollups.days_of(record) for record in records))
    saved = _saved_reviews([planned.review for planned in planned_reviews])
    _add_actions([(saved[planned.review.reference], planned.actions) for planned in planned_reviews], until, by, load)


def _saved_reviews(reviews: list[Review]) -> dict[str, Review]:
    return {review.reference: review for review in Review.objects.filter(reference__in=[r.reference for r in reviews])}


def _add_actions(reviews_with_actions: list[tuple[Review, list[ReviewAction]]], until: date, by, load) -> None:
    """Save the actions agreed by ``until`` of these saved reviews, with their history."""
    new = []
    for review, planned in reviews_with_actions:
        for action in actions_until(planned, until):
            action.review, action.created_by, action.updated_by = review, by, by
            new.append(action)
    if not new:
        return
    saved = ReviewAction.objects.bulk_create(new, batch_size=1000)
    ReviewAction.history.bulk_history_create(saved, batch_size=1000, default_user=by, default_change_reason="Created")
    load.added["review actions"] += len(saved)
    load.touched[ReviewAction].update(*(rollups.days_of(action) for action in saved))


def _follow_up(planner: DayPlanner, model, through: date, until: date, by, load: LaterLoad) -> None:
    """Fill the follow-up dates of the model's demo records that have come by ``until`` since they were saved."""
    fields = FOLLOW_UPS[model]
    first = max(FIRST_DAY, through - timedelta(days=LONGEST_WAIT[model]))
    held = model.with_archived.filter(reference__startswith=DEMO_PREFIX, date__range=(first, through))
    kind, changed, review_pairs = planner.kind_of(model), [], []
    for day, records in groupby(held.order_by("date", "pk"), key=lambda record: record.date):
        records = list(records)
        if model is not Review and all(getattr(record, name) is not None for record in records for name in fields):
            continue  # nothing left to come on that day
        plans = planner.plan(kind, day)
        if len(plans) != len(records):
            continue  # someone has changed that day's demo records: leave them as they are
        for record, planned in zip(records, plans, strict=True):
            if model is Review:
                review_pairs.append((record, planned.actions))
                planned = planned.review
            if _catch_up(record, planned, fields, until):
                changed.append(record)
    if changed:
        load.followed_up[model._meta.verbose_name_plural] += actions.bulk_update_records(
            model=model, records=changed, fields=list(fields), by=by, reason=BROUGHT_UP_TO_DATE
        )
    if review_pairs:
        _follow_up_actions(review_pairs, until, by, load)


def _catch_up(record, planned, fields, until: date) -> bool:
    came = [name for name in fields if getattr(record, name) is None and _by(getattr(planned, name), until)]
    for name in came:
        setattr(record, name, getattr(planned, name))
    return bool(came)


def _by(day: date | None, until: date) -> bool:
    return day is not None and day <= until


def _follow_up_actions(review_pairs: list[tuple[Review, list[ReviewAction]]], until: date, by, load) -> None:
    """Add the actions of reviews commissioned since the last load, and complete those done since."""
    held = defaultdict(list)
    for action in ReviewAction.objects.filter(review__in=[review for review, _ in review_pairs]).order_by("pk"):
        held[action.review_id].append(action)
    to_add = []
    for review, planned in review_pairs:
        due = actions_until(planned, until)
        saved = held.get(review.pk, [])
        if not saved:
            to_add.append((review, planned))
        elif len(saved) == len(due):
            for action, plan in zip(saved, due, strict=True):
                if action.completed_on is None and plan.completed_on is not None:
                    actions.update_review_action(
                        action=action,
                        by=by,
                        reason=BROUGHT_UP_TO_DATE,
                        status=ReviewAction.Status.COMPLETED,
                        completed_on=plan.completed_on,
                    )
                    load.followed_up["review actions"] += 1
    _add_actions(to_add, until, by, load)
