"""The demo's s.42 enquiries: the seed year's stay "not recorded", later ones carry the collection's items, plausibly
(neglect and financial abuse the most common types, some delegated under s.75, some outcomes never shared), and the
same on every load."""

from collections import Counter
from datetime import date

import pytest
from django.db.models import Q

from activity.models import S42Enquiry
from demo.s42 import plan
from tests.conftest import DEMO_UNTIL

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]
LATER = date(2022, 4, 1)  # the first day after the seed's year


def test_the_seed_years_enquiries_are_not_recorded():
    seed_year = S42Enquiry.objects.filter(date__lt=LATER)
    assert seed_year.count() == 31  # the seed's s.42 enquiries undertaken in 2021/22
    assert not seed_year.filter(delegated_s75__isnull=False).exists()
    assert not seed_year.exclude(location_of_risk="", action_taken="", concluded_on=None).exists()
    assert not seed_year.filter(Q(risk_neglect=True) | Q(risk_financial=True)).exists()


def test_later_enquiries_carry_the_items():
    later = list(S42Enquiry.objects.filter(date__gte=LATER))
    assert len(later) >= 5
    assert all(enquiry.delegated_s75 is not None for enquiry in later)
    assert all(enquiry.risk_types for enquiry in later)
    assert all(enquiry.location_of_risk for enquiry in later)


def test_neglect_and_financial_abuse_are_the_most_common_types_in_the_plans():
    # The demo through its test day holds few later enquiries; the plans of many show the mix it draws from.
    class Planned:
        def __init__(self, number):
            self.case_reference, self.date = f"DEMO{number:06d}", LATER

    ticked = Counter(name for number in range(400) for name, on in plan(Planned(number)).items() if on is True)
    ticked.pop("delegated_s75", None)
    assert [name for name, _ in ticked.most_common(2)] == ["risk_neglect", "risk_financial"]
    delegated = sum(plan(Planned(number))["delegated_s75"] for number in range(400))
    assert 20 < delegated < 100


def test_a_conclusion_is_known_only_where_the_trust_did_the_enquiry_or_was_told_its_outcome():
    later = S42Enquiry.objects.filter(date__gte=LATER)
    concluded = later.filter(concluded_on__isnull=False)
    assert not concluded.filter(delegated_s75=False, outcome_shared_on__isnull=True).exists()
    assert not concluded.filter(concluded_on__gt=DEMO_UNTIL).exists()
    assert not later.filter(concluded_on__isnull=True).exclude(action_taken="").exists()
    assert concluded.exclude(action_taken="").count() == concluded.count()
    # some outcomes never reached the Trust: those enquiries stay open in its records
    assert later.filter(delegated_s75=False, outcome_shared_on__isnull=True, concluded_on__isnull=True).exists()


def test_the_items_are_the_same_for_an_enquiry_every_time():
    enquiry = S42Enquiry.objects.filter(date__gte=LATER).order_by("pk").first()
    first, again = plan(enquiry), plan(enquiry)
    assert first == again
    assert enquiry.delegated_s75 == first["delegated_s75"]
    assert enquiry.risk_types == [name for name in S42Enquiry.risk_fields() if first[name]]
