"""The rules that are absolute are enforced by the database itself, whatever writes to it."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from activity.models import MashEnquiry, Return, Review, ReviewAction
from tests.factories import AreaFactory, CategoryFactory, ServiceFactory, UserFactory


@pytest.fixture
def user(db):
    return UserFactory()


def _return(user, **overrides):
    fields = {
        "metric": "marac_referrals",
        "area": AreaFactory(slug="oxon"),
        "period_start": date(2021, 4, 1),
        "period_end": date(2022, 3, 31),
        "value": 3,
        "source": "test",
        "entered_by": user,
        "updated_by": user,
    }
    fields.update(overrides)
    return Return.objects.create(**fields)


def test_one_return_per_metric_area_and_period(user):
    _return(user)
    with pytest.raises(IntegrityError), transaction.atomic():
        _return(user, value=4)


@pytest.mark.parametrize("dimension", ["service", "category", "both"])
def test_one_return_per_metric_area_period_and_breakdown(user, dimension):
    breakdown = {}
    if dimension in ("service", "both"):
        breakdown["service"] = ServiceFactory(slug="community")
    if dimension in ("category", "both"):
        breakdown["category"] = CategoryFactory(slug="neglect")
    _return(user)  # the total without breakdown does not clash with a broken-down one
    _return(user, **breakdown)
    with pytest.raises(IntegrityError), transaction.atomic():
        _return(user, **breakdown)


def test_a_return_count_cannot_be_negative(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        _return(user, value=-1)


def test_a_return_period_cannot_end_before_it_starts(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        _return(user, period_end=date(2021, 3, 1))


def test_a_review_action_belongs_to_a_review(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewAction.objects.create(
            review_id=None,
            description="x",
            owner_note="y",
            agreed_on=date(2021, 4, 1),
            due_on=date(2021, 5, 1),
            created_by=user,
            updated_by=user,
        )


def test_a_mash_enquiry_cannot_close_before_it_was_received(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        MashEnquiry.objects.create(
            reference="M1",
            area=AreaFactory(),
            date=date(2021, 5, 2),
            closed_on=date(2021, 5, 1),
            created_by=user,
            updated_by=user,
        )


def test_a_record_cannot_be_dated_before_2000(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        MashEnquiry.objects.create(
            reference="M2", area=AreaFactory(), date=date(1999, 12, 31), created_by=user, updated_by=user
        )


def test_a_review_cannot_be_published_before_it_is_completed(user):
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            reference="R1",
            area=AreaFactory(),
            date=date(2021, 4, 1),
            kind=Review.Kind.CSPR,
            title="t",
            commissioned_on=date(2021, 5, 1),
            completed_on=date(2021, 9, 1),
            published_on=date(2021, 8, 1),
            created_by=user,
            updated_by=user,
        )


def test_a_completed_action_has_a_completion_date(user):
    review = Review.objects.create(
        reference="R2",
        area=AreaFactory(),
        date=date(2021, 4, 1),
        kind="cspr",
        title="t",
        created_by=user,
        updated_by=user,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewAction.objects.create(
            review=review,
            description="x",
            owner_note="y",
            agreed_on=date(2021, 4, 1),
            due_on=date(2021, 5, 1),
            status=ReviewAction.Status.COMPLETED,
            created_by=user,
            updated_by=user,
        )
