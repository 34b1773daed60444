"""Many new records at once (PostgreSQL's COPY, or bulk_create elsewhere): each gets its id, its dates and its
history row with who and why, and a row the database refuses fails the whole write with Django's own error."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from activity.bulk_writes import insert_with_history
from activity.models import Consultation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _new(reference, area, by):
    return Consultation(
        reference=reference, date=date(2021, 6, 1), area=area, client_group="child", created_by=by, updated_by=by
    )


def test_each_record_gets_its_id_dates_and_a_history_row_saying_who_and_why(areas):
    lead = UserFactory()
    records = [_new(f"BW-{n}", areas["oxon"], lead) for n in range(3)]

    insert_with_history(Consultation, records, by=lead, reason="Imported from a.csv")

    assert all(record.pk for record in records)
    saved = Consultation.objects.filter(reference__startswith="BW-").order_by("reference")
    assert [record.pk for record in saved] == [record.pk for record in records]
    assert all(record.created_at and record.updated_at and record.version == 1 for record in saved)
    history = Consultation.history.filter(id__in=[record.pk for record in records])
    assert sorted((row.id, row.history_type, row.history_user, row.history_change_reason) for row in history) == [
        (record.pk, "+", lead, "Imported from a.csv") for record in records
    ]


def test_a_row_the_database_refuses_fails_the_whole_write_with_djangos_error(areas):
    lead = UserFactory()
    insert_with_history(Consultation, [_new("BW-TAKEN", areas["oxon"], lead)], by=lead, reason="First")
    clash = [_new("BW-NEW", areas["oxon"], lead), _new("BW-TAKEN", areas["oxon"], lead)]

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_with_history(Consultation, clash, by=lead, reason="Second")

    assert list(Consultation.objects.values_list("reference", flat=True)) == ["BW-TAKEN"]
    assert Consultation.history.count() == 1
