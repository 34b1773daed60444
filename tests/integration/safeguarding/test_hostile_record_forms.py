"""Hostile input (tests/hostile.py) in the forms that make a record, of every kind, and archive and restore one."""

import pytest
from django.urls import reverse
from hypothesis import example, given

from activity.models import RECORD_MODELS, ClientGroup
from activity.record_types import record_type_of
from tests import hostile
from tests.factories import ConsultationFactory
from tests.hostile import (
    HUGE,
    IMG,
    SCRIPT,
    TEXT_FIELDS,
    assert_safe,
    check_pages_and_exports,
    check_saved_text,
    data_for,
    fuzz,
    good_record,
    hostile_value,
    last,
    refused,
    saved,
)

pytestmark = pytest.mark.django_db

# Fixtures: the areas, service, team, category and lead each test posts as, and a client signed in as the lead
world = hostile.world
lead_client = hostile.lead_client


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda model: model.__name__)
def test_a_new_record_form_given_hostile_values_refuses_or_saves_everything(lead_client, world, model):
    url = reverse("record_new", args=[record_type_of(model).slug])
    good = good_record(model, world)

    @fuzz
    @given(data=data_for(good, TEXT_FIELDS & set(good)))
    @example(data={**good, "notes": "Seen\x00at home"})
    @example(data={**good, "notes": SCRIPT, **({"case_reference": IMG} if "case_reference" in good else {})})
    @example(data={**good, "notes": HUGE[1], "date": ["01/06/2021", "31/02/2021"], "area": [SCRIPT]})
    def post(data):
        before = model.objects.count()
        response = lead_client.post(url, data, follow=True)
        assert_safe(response)
        if saved(response):
            assert model.objects.count() == before + 1
            record = model.objects.order_by("-pk").first()
            check_saved_text(record, data)
            check_pages_and_exports(lead_client, model, record)
        else:
            assert refused(response), response.status_code
            assert model.objects.count() == before

    post()


def test_archive_and_restore_given_a_hostile_reason_refuse_or_save(lead_client, world):
    @fuzz
    @given(reason=hostile_value)
    def post(reason):
        record = ConsultationFactory(area=world["oxon"], by=world["lead"], client_group=ClientGroup.CHILD)
        archive = reverse("record_archive", args=["consultations", record.reference])
        response = lead_client.post(archive, {"reason": reason}, follow=True)
        assert_safe(response)
        record.refresh_from_db()
        assert record.is_archived == saved(response)
        if record.is_archived:
            assert record.archive_reason == last(reason).strip()
            restore = reverse("record_restore", args=["consultations", record.reference])
            response = lead_client.post(restore, {"reason": reason}, follow=True)
            assert_safe(response)
            record.refresh_from_db()
            assert record.is_archived != saved(response)

    post()


def test_the_longest_reason_a_form_allows_is_kept_whole_in_the_history(lead_client, world):
    record = ConsultationFactory(area=world["oxon"], by=world["lead"], client_group=ClientGroup.CHILD)
    url = reverse("record_archive", args=["consultations", record.reference])

    response = lead_client.post(url, {"reason": "r" * 200})

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.archive_reason == "r" * 200
    assert record.history.first().history_change_reason == "Archived: " + "r" * 200
