"""Factories: reference data directly, records through the same actions the app uses.

One factory per kind of record (``activity.record_types.RECORD_TYPES``) and one for review actions.
Each builds a valid record with ``actions.create_record``, so it is audited as created by ``by`` and its
daily counts are kept, as in the app; tests/integration/activity/test_factories.py checks every one. Optional
dates that must follow ``date`` (an outcome shared, an enquiry closed, a case reviewed) are left empty:
pass them when a test needs them.
"""

from datetime import date

import factory
from django.contrib.auth.models import Group

from accounts.models import User
from activity import actions
from activity.models import (
    Area,
    Category,
    ReviewAction,
    Service,
    SupervisionSession,
    Team,
    TrainingSession,
)
from activity.record_types import RECORD_TYPES


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)


class RecordFactory(factory.django.DjangoModelFactory):
    """Builds a record with ``actions.create_record``, as the app does; ``by`` is who logs it."""

    class Meta:
        abstract = True

    date = date(2021, 6, 1)
    area = factory.SubFactory(AreaFactory)
    by = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, by, **kwargs):
        return actions.create_record(model=model_class, by=by, **kwargs)


def _record_factory(slug: str, **overrides) -> type[RecordFactory]:
    """The factory of a kind of record: its profile's sample values (``RecordType.sample``), then ``overrides``."""
    record_type = RECORD_TYPES[slug]
    meta = type("Meta", (), {"model": record_type.model})
    attributes = {"Meta": meta, **record_type.sample, **overrides}
    return type(f"{record_type.model.__name__}Factory", (RecordFactory,), attributes)


# Values some tests rely on, beyond the profiles' samples.
_OVERRIDES = {
    "reviews": {"title": factory.Sequence(lambda n: f"Review {n}")},
    "training-sessions": {
        "level": 3,
        "title": factory.Sequence(lambda n: f"Level 3 safeguarding children {n}"),
        "delivery": TrainingSession.Delivery.VIRTUAL,
        "attendees": 12,
    },
    "supervision-sessions": {"format": SupervisionSession.Format.GROUP, "attendees": 6},
}
# A factory for every kind of record, a new kind's included (tests/integration/activity/test_factories.py checks each).
FACTORIES: dict[str, type[RecordFactory]] = {
    slug: _record_factory(slug, **_OVERRIDES.get(slug, {})) for slug in RECORD_TYPES
}
ConsultationFactory = FACTORIES["consultations"]
ReferralFactory = FACTORIES["referrals"]
S42EnquiryFactory = FACTORIES["s42-enquiries"]
MashEnquiryFactory = FACTORIES["mash-enquiries"]
CdopCaseFactory = FACTORIES["cdop-cases"]
ReviewFactory = FACTORIES["reviews"]
TrainingSessionFactory = FACTORIES["training-sessions"]
SupervisionSessionFactory = FACTORIES["supervision-sessions"]


class ReviewActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAction

    review = factory.SubFactory(ReviewFactory)
    description = "Share the learning"
    owner = None
    owner_note = "Named nurse"
    agreed_on = date(2021, 5, 1)
    due_on = date(2021, 9, 1)
    by = factory.SelfAttribute("review.created_by")

    @classmethod
    def _create(cls, model_class, *args, review, by, **kwargs):
        return actions.add_review_action(review=review, by=by, **kwargs)
