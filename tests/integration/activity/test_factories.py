"""Every factory in tests/factories.py makes a record the app itself could have made.

Each kind of record has one, and a new kind must add one: the first test fails until it does.
"""

from datetime import date

import pytest
from django.urls import reverse

from activity import rollups
from activity.models import DailyCount
from activity.record_types import RECORD_TYPES
from tests import factories

FACTORIES = factories.FACTORIES

# A CDOP case counts towards a figure once the panel has reviewed it (or if known to the Trust's services).
REVIEWED = {"cdop-cases": {"reviewed_on": date(2021, 7, 1)}}


def _counted(record):
    """Each series that counts the record, with the day it counts it on."""
    model = type(record)
    for series in rollups.series_for(model):
        day = getattr(record, series.day_field)
        if day is not None and model.objects.filter(series.where, pk=record.pk).exists():
            yield series.name, day


def _kept(series, area, day):
    return list(DailyCount.objects.filter(series=series, area=area, day=day).values_list("count", flat=True))


def test_every_kind_of_record_has_a_factory():
    assert FACTORIES.keys() == RECORD_TYPES.keys()
    assert all(FACTORIES[slug]._meta.model is record_type.model for slug, record_type in RECORD_TYPES.items())


@pytest.mark.parametrize("kind", FACTORIES)
def test_a_factory_makes_a_valid_audited_counted_record_its_list_shows(kind, client_for, lead, areas):
    record = FACTORIES[kind](area=areas["oxon"], by=lead, **REVIEWED.get(kind, {}))

    model = type(record)
    assert model.objects.filter(pk=record.pk, created_by=lead, updated_by=lead).exists()
    created = record.history.get()
    assert (created.history_type, created.history_user, created.history_change_reason) == ("+", lead, "Created")

    counted = dict(_counted(record))
    assert rollups.in_use_series(model) in counted
    assert len(counted) > 1, "the record feeds no figure"
    for series, day in counted.items():
        assert _kept(series, areas["oxon"], day) == [1], series

    listing = client_for(lead).get(reverse("record_list", args=[kind]))
    assert listing.status_code == 200
    assert record.reference in listing.content.decode()


def test_the_review_action_factory_adds_a_counted_action_to_a_review_its_page_shows(client_for, lead, areas):
    review = factories.ReviewFactory(area=areas["oxon"], by=lead)
    action = factories.ReviewActionFactory(review=review, due_on=date(2021, 9, 1))

    assert list(review.actions.all()) == [action]
    assert (action.created_by, action.updated_by) == (lead, lead)
    counted = dict(_counted(action))
    assert counted["review_actions_outstanding:started"] == date(2021, 9, 1)
    for series, day in counted.items():
        assert _kept(series, areas["oxon"], day) == [1], series

    page = client_for(lead).get(reverse("record_detail", args=["reviews", review.reference]))
    assert action.description in page.content.decode()
