"""The audit log links a record's reference only for a reader who may open that record."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activity import actions
from activity.openable import openable_records
from audit.models import Action, AuditEvent
from tests.factories import ConsultationFactory, MashEnquiryFactory, ReferralFactory


def _viewed(user, record, kind):
    return AuditEvent.objects.create(
        action=Action.RECORD_VIEWED, user=user, record_kind=kind, record_reference=record.reference
    )


def _links(page: str) -> set[str]:
    return set(re.findall(r'href="(/records/[^"]+/)"', page))


@pytest.fixture
def logged(areas, practitioner):
    """Three records looked at: one in Oxfordshire, one in Swindon, one archived; and a reference to nothing."""
    oxon = ConsultationFactory(area=areas["oxon"])
    swindon = ReferralFactory(area=areas["swindon"])
    archived = MashEnquiryFactory(area=areas["oxon"])
    actions.archive_record(record=archived, by=practitioner, reason="Logged twice")
    for record, kind in ((oxon, "consultations"), (swindon, "referrals"), (archived, "mash-enquiries")):
        _viewed(practitioner, record, kind)
    AuditEvent.objects.create(
        action=Action.RECORD_VIEWED, user=practitioner, record_kind="consultations", record_reference="CON-NOT-HELD"
    )
    return {"oxon": oxon, "swindon": swindon, "archived": archived}


def test_an_administrator_sees_references_as_text_never_as_links(client_for, administrator, logged):
    page = client_for(administrator).get(reverse("audit_log")).content.decode()
    assert logged["oxon"].reference in page
    assert logged["swindon"].reference in page
    assert _links(page) == set()


def test_a_lead_follows_a_link_to_each_record_they_may_open_archived_or_not(client_for, lead, logged):
    page = client_for(lead).get(reverse("audit_log")).content.decode()
    assert _links(page) == {
        reverse("record_detail", args=["consultations", logged["oxon"].reference]),
        reverse("record_detail", args=["referrals", logged["swindon"].reference]),
        reverse("record_detail", args=["mash-enquiries", logged["archived"].reference]),
    }
    assert "CON-NOT-HELD" in page


def test_only_records_in_the_readers_areas_are_openable(practitioner, logged):
    asked = {
        "consultations": {logged["oxon"].reference, "CON-NOT-HELD"},
        "referrals": {logged["swindon"].reference},
        "mash-enquiries": {logged["archived"].reference},
        "no-such-kind": {"X-1"},
    }
    assert openable_records(practitioner, asked) == {
        ("consultations", logged["oxon"].reference),
        ("mash-enquiries", logged["archived"].reference),
    }


def test_a_reader_with_no_records_is_asked_nothing(administrator, logged):
    with CaptureQueriesContext(connection) as queries:
        assert openable_records(administrator, {"consultations": {logged["oxon"].reference}}) == set()
    assert not [query for query in queries if "activity_" in query["sql"]]


def test_the_links_cost_one_query_however_many_rows_and_kinds(client_for, lead, practitioner, areas):
    client = client_for(lead)

    def record_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("audit_log"))
        return sum(1 for query in queries if "activity_" in query["sql"])

    _viewed(practitioner, ConsultationFactory(area=areas["oxon"]), "consultations")
    few = record_queries()
    for _ in range(6):
        _viewed(practitioner, ConsultationFactory(area=areas["oxon"]), "consultations")
        _viewed(practitioner, ReferralFactory(area=areas["bsw"]), "referrals")
        _viewed(practitioner, MashEnquiryFactory(area=areas["swindon"]), "mash-enquiries")
    assert record_queries() == few == 1
