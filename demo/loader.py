"""The demo: the seed trust's reference data, users, returns, 2021/22 records, governance records and report."""

from django.db import transaction

from activity import actions, rollups
from activity.models import DailyCount, Review, ReviewAction
from demo.governance import load_governance
from demo.records import DEMO_PREFIX, generator
from demo.reference import load_reference
from demo.report import load_report
from demo.returns import load_returns
from demo.training import load_training_compliance
from demo.users import load_users


def _new_only(model, records):
    """The demo's records of this kind, unless it already holds them (archived or not). The demo's
    references are random, so they cannot be matched one by one: a kind is loaded whole, once."""
    if model.with_archived.filter(reference__startswith=DEMO_PREFIX).exists():
        return []
    return records


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Load the demo; loading it again changes nothing. Returns how many records were added."""
    load_reference()
    users = load_users()
    loader = users["lead"]
    load_returns(by=loader)

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
    if sum(added.values()) or not DailyCount.objects.exists():
        rollups.rebuild()
    load_training_compliance(by=loader)
    added["governance records"] = load_governance(by=loader)
    load_report(by=loader)
    return added
