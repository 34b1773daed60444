"""Hostile input (tests/hostile.py) in the forms that correct a record, of every kind, and a review's actions."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from activity.models import RECORD_MODELS, ReviewAction
from activity.record_types import record_type_of
from tests import hostile
from tests.factories import ReviewActionFactory, ReviewFactory
from tests.hostile import (
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
def test_an_edit_form_given_hostile_values_refuses_or_saves_everything(lead_client, world, model):
    slug = record_type_of(model).slug
    lead_client.post(reverse("record_new", args=[slug]), good_record(model, world))
    record = model.objects.get()
    url = reverse("record_edit", args=[slug, record.reference])

    @fuzz
    @given(hostile=st.data())
    def post(hostile):
        opened = lead_client.get(url)
        assert_safe(opened)
        form = opened.context["form"]
        good = {name: form[name].value() for name in form.fields}
        good = {name: "" if value is None else value for name, value in good.items()}
        good = {name: "on" if value is True else value for name, value in good.items() if value is not False}
        good.update(date=f"{form.instance.date:%d/%m/%Y}", reason="Corrected the area")
        for name in ("outcome_shared_on", "closed_on", "reviewed_on", "commissioned_on"):
            if good.get(name):
                good[name] = f"{getattr(form.instance, name):%d/%m/%Y}"
        data = hostile.draw(data_for(good, (TEXT_FIELDS | {"reason"}) & set(good)))
        version = model.objects.get().version
        response = lead_client.post(url, data, follow=True)
        assert_safe(response)
        current = model.objects.get()
        if saved(response):
            assert current.version in (version, version + 1)  # an edit changing nothing is still saved
            check_saved_text(current, data)
            check_pages_and_exports(lead_client, model, current)
        else:
            assert refused(response), response.status_code
            assert current.version == version

    post()


def test_a_review_action_given_hostile_values_refuses_or_saves_everything(lead_client, world):
    review = ReviewFactory(area=world["oxon"], by=world["lead"])
    action = ReviewActionFactory(review=review, by=world["lead"])
    new_url = reverse("review_action_new", args=[review.reference])
    edit_url = reverse("review_action_edit", args=[review.reference, action.pk])
    good = {
        "description": "Share the learning",
        "owner": str(world["lead"].pk),
        "agreed_on": "01/05/2021",
        "due_on": "01/09/2021",
        "status": "open",
        "completed_on": "",
    }

    @fuzz
    @given(data=data_for(good, {"description", "owner"}), reason=hostile_value)
    def post(data, reason):
        before = ReviewAction.objects.count()
        response = lead_client.post(new_url, data, follow=True)
        assert_safe(response)
        if saved(response):
            assert ReviewAction.objects.count() == before + 1
            added = ReviewAction.objects.order_by("-pk").first()
            assert added.description == last(data["description"]).strip()
            assert str(added.task.owner_id) == last(data["owner"]).strip()
        else:
            assert refused(response) and ReviewAction.objects.count() == before
        was = ReviewAction.objects.values().get(pk=action.pk)
        response = lead_client.post(edit_url, {**data, "reason": reason}, follow=True)
        assert_safe(response)
        now = ReviewAction.objects.values().get(pk=action.pk)
        if not saved(response):
            assert refused(response) and now == was
        assert_safe(lead_client.get(reverse("record_detail", args=["reviews", review.reference])))

    post()
