"""Every query for records goes through ``visible_to``: a practitioner sees their areas only."""

import pytest

from accounts import roles
from activity.models import Consultation, ReviewAction
from tests.factories import ConsultationFactory, ReviewActionFactory, UserFactory


@pytest.fixture
def consultations(areas):
    return {name: ConsultationFactory(area=area) for name, area in areas.items() if name != "trust"}


def test_a_practitioner_sees_their_area_and_the_areas_below_it(areas, consultations):
    practitioner = UserFactory(role=roles.PRACTITIONER, areas=[areas["bsw"]])
    visible = set(Consultation.objects.visible_to(practitioner))
    assert visible == {consultations["bsw"], consultations["swindon"]}


def test_a_practitioner_with_several_areas_sees_each(areas, consultations):
    practitioner = UserFactory(role=roles.PRACTITIONER, areas=[areas["oxon"], areas["swindon"]])
    assert set(Consultation.objects.visible_to(practitioner)) == {consultations["oxon"], consultations["swindon"]}


def test_a_practitioner_without_an_area_sees_nothing(areas, consultations):
    assert not Consultation.objects.visible_to(UserFactory(role=roles.PRACTITIONER)).exists()


def test_a_lead_sees_every_area_without_being_assigned_to_it(areas, consultations):
    lead = UserFactory(role=roles.LEAD)
    assert Consultation.objects.visible_to(lead).count() == 3


@pytest.mark.parametrize("role", [roles.EXECUTIVE, roles.SECRETARY, roles.ADMINISTRATOR])
def test_roles_that_read_figures_see_no_record(areas, consultations, role):
    reader = UserFactory(role=role, areas=[areas["trust"]])
    assert not Consultation.objects.visible_to(reader).exists()


def test_review_actions_follow_the_area_of_their_review(areas):
    in_oxon = ReviewActionFactory(review__area=areas["oxon"])
    ReviewActionFactory(review__area=areas["swindon"])
    practitioner = UserFactory(role=roles.PRACTITIONER, areas=[areas["oxon"]])
    assert list(ReviewAction.objects.visible_to(practitioner)) == [in_oxon]
