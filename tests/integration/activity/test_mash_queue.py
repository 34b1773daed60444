"""The open MASH enquiries as a queue: the longest waiting first, each with its working days, only those the
reader may see, and the reading written to the audit log as the record lists' is."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from activity.mash_ageing import earliest_received_at_most
from audit.models import Action, AuditEvent
from tests.factories import MashEnquiryFactory

QUEUE = reverse("mash_queue")


@pytest.fixture
def today():
    return timezone.localdate()


def _open(areas, lead, today, age, area="oxon", **fields):
    received = earliest_received_at_most(age, today)  # exactly ``age`` working days old today, even at a weekend
    return MashEnquiryFactory(area=areas[area], date=received, closed_on=None, by=lead, **fields)


def _references(page: str) -> list[str]:
    return re.findall(r">(MASH-[0-9A-F]+)</a>", page)


def test_the_queue_lists_the_open_enquiries_longest_waiting_first_with_their_working_days(client, lead, areas, today):
    newest, oldest, middle = (_open(areas, lead, today, age) for age in (0, 12, 3))
    MashEnquiryFactory(area=areas["oxon"], date=oldest.date, closed_on=today, by=lead)
    client.force_login(lead)

    page = client.get(QUEUE).content.decode()

    assert _references(page) == [oldest.reference, middle.reference, newest.reference]
    ages = re.findall(r'nhsuk-table__cell--numeric">(\d+)</td>', page)
    assert ages == ["12", "3", "0"]
    assert "3 open enquiries" in page


def test_a_practitioner_sees_only_her_areas_enquiries(client, practitioner, lead, areas, today):
    hers = _open(areas, lead, today, 2)
    elsewhere = _open(areas, lead, today, 4, area="swindon")
    client.force_login(practitioner)

    page = client.get(QUEUE).content.decode()
    asked_for_elsewhere = client.get(QUEUE, {"area": areas["swindon"].pk}).content.decode()

    assert _references(page) == [hers.reference]
    assert elsewhere.reference not in asked_for_elsewhere
    client.force_login(lead)
    assert _references(client.get(QUEUE).content.decode()) == [elsewhere.reference, hers.reference]


def test_an_age_band_shows_only_its_enquiries(client, lead, areas, today):
    enquiries = {age: _open(areas, lead, today, age) for age in (1, 2, 5, 6, 10, 11)}
    client.force_login(lead)

    shown = {band: _references(client.get(QUEUE, {"age": band}).content.decode()) for band in ("2-5", "over-10")}

    assert shown["2-5"] == [enquiries[5].reference, enquiries[2].reference]
    assert shown["over-10"] == [enquiries[11].reference]


def test_the_queue_is_paged(client, lead, areas, today):
    for age in range(30):
        _open(areas, lead, today, age)
    client.force_login(lead)

    first = client.get(QUEUE).content.decode()
    second = client.get(QUEUE, {"page": 2}).content.decode()

    assert (len(_references(first)), len(_references(second))) == (25, 5)
    assert "Page 2 of 2" in first


def test_reading_the_queue_is_audited_as_a_list_of_records(client, lead, areas, today):
    _open(areas, lead, today, 3)
    client.force_login(lead)

    client.get(QUEUE, {"age": "2-5"})

    event = AuditEvent.objects.get(action=Action.RECORDS_LISTED)
    assert (event.user, event.record_kind) == (lead, "mash-enquiries")
    assert "Rows 1 to 1 of 1" in event.detail and "age=2-5" in event.detail


def test_roles_that_read_figures_only_cannot_open_the_queue(client, executive):
    client.force_login(executive)
    assert client.get(QUEUE).status_code == 403
