"""Hostile input (tests/hostile.py) in the s.42 enquiry's items, which the record forms' fuzz does not post: the
delegation, the types of risk, each list and the date concluded. The answer is a refusal with nothing saved, or the
enquiry saved as sent; its page, list and exports still work."""

import pytest
from django.urls import reverse
from hypothesis import example, given

from activity.models import S42Enquiry
from tests import hostile
from tests.hostile import SCRIPT, assert_safe, check_pages_and_exports, fields, fuzz, last, refused, saved

pytestmark = pytest.mark.django_db

world = hostile.world
lead_client = hostile.lead_client
URL = reverse("record_new", args=["s42-enquiries"])


def _good(world) -> dict:
    return {
        "date": "01/06/2021",
        "area": str(world["oxon"].pk),
        "service": str(world["service"].pk),
        "delegated_s75": "True",
        "risk_neglect": "on",
        "risk_financial": "on",
        "location_of_risk": "own_home",
        "source_of_risk": "other_known",
        "concluded_on": "01/09/2021",
        "action_taken": "risk_action",
        "risk_result": "reduced",
        "outcomes_asked": "asked_expressed",
        "outcomes_achieved": "partly",
        "lacked_capacity": "yes",
        "advocacy": "yes",
        "case_reference": "AB123",
    }


def test_the_s42_items_given_hostile_values_refuse_or_save_everything(lead_client, world):
    good = _good(world)
    items = [name for name in good if name not in ("date", "area", "service", "case_reference")]

    @fuzz
    @given(data=fields(good, hostile_only=items))
    @example(data={**good, "delegated_s75": SCRIPT, "risk_result": ["reduced", "gone"]})
    @example(data={**good, "risk_neglect": ["on", SCRIPT], "concluded_on": "31/02/2021"})
    @example(data={**good, "action_taken": "no_risk_no_action"})
    def post(data):
        before = S42Enquiry.objects.count()
        response = lead_client.post(URL, data, follow=True)
        assert_safe(response)
        if saved(response):
            assert S42Enquiry.objects.count() == before + 1
            enquiry = S42Enquiry.objects.order_by("-pk").first()
            for name in ("location_of_risk", "source_of_risk", "action_taken", "risk_result", "advocacy"):
                assert getattr(enquiry, name) == last(data[name])
            check_pages_and_exports(lead_client, S42Enquiry, enquiry)
        else:
            assert refused(response), response.status_code
            assert S42Enquiry.objects.count() == before

    post()
