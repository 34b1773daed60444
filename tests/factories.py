"""Factories: reference data directly, records through the same actions the app uses.

One factory per kind of record (``activity.record_types.RECORD_TYPES``) and one for review actions.
Each builds a valid record with ``actions.create_record``, so it is audited as created by ``by`` and its
daily counts are kept, as in the app; tests/integration/test_factories.py checks every one. Optional
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
    CdopCase,
    ClientGroup,
    Consultation,
    MashEnquiry,
    Referral,
    Review,
    ReviewAction,
    S42Enquiry,
    Service,
    SupervisionSession,
    Team,
    TrainingSession,
)


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


class ConsultationFactory(RecordFactory):
    class Meta:
        model = Consultation

    client_group = ClientGroup.CHILD


class ReferralFactory(RecordFactory):
    class Meta:
        model = Referral

    client_group = ClientGroup.CHILD
    referred_to = Referral.ReferredTo.CHILDRENS_SOCIAL_CARE


class S42EnquiryFactory(RecordFactory):
    class Meta:
        model = S42Enquiry


class MashEnquiryFactory(RecordFactory):
    class Meta:
        model = MashEnquiry


class CdopCaseFactory(RecordFactory):
    class Meta:
        model = CdopCase


class ReviewFactory(RecordFactory):
    class Meta:
        model = Review

    kind = Review.Kind.CSPR
    title = factory.Sequence(lambda n: f"Review {n}")


class TrainingSessionFactory(RecordFactory):
    class Meta:
        model = TrainingSession

    client_group = ClientGroup.CHILD
    level = 3
    title = factory.Sequence(lambda n: f"Level 3 safeguarding children {n}")
    delivery = TrainingSession.Delivery.VIRTUAL
    attendees = 12


class SupervisionSessionFactory(RecordFactory):
    class Meta:
        model = SupervisionSession

    client_group = ClientGroup.CHILD
    format = SupervisionSession.Format.GROUP
    attendees = 6


class ReviewActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAction

    review = factory.SubFactory(ReviewFactory)
    description = "Share the learning"
    owner = "Named nurse"
    agreed_on = date(2021, 5, 1)
    due_on = date(2021, 9, 1)
    by = factory.SelfAttribute("review.created_by")

    @classmethod
    def _create(cls, model_class, *args, review, by, **kwargs):
        return actions.add_review_action(review=review, by=by, **kwargs)
