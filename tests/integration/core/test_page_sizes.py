"""How many rows a list shows: 25, 50, 100 or 500, whatever the address asks for."""

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from tests.factories import AreaFactory, ConsultationFactory


@pytest.fixture
def area(db):
    return AreaFactory(slug="oxon", name="Oxfordshire")


@pytest.fixture
def consultations(area, lead):
    return [ConsultationFactory(area=area, by=lead) for _ in range(60)]


@pytest.fixture
def events(lead):
    AuditEvent.objects.bulk_create(
        AuditEvent(action=Action.RECORD_VIEWED, user=lead, username=lead.username) for _ in range(120)
    )


def _rows_on(client, url_name, query, **kwargs):
    response = client.get(reverse(url_name, **kwargs), query)
    assert response.status_code == 200
    return len(response.context["table"].page.object_list)


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("-1", 25), ("0", 25), ("100000", 25), ("26", 25), ("1e3", 25), ("", 25), ("50", 50), ("100", 60), ("500", 60)],
)
def test_a_record_list_shows_an_allowed_page_size_or_its_default(client, lead, consultations, asked, shown):
    client.force_login(lead)
    assert _rows_on(client, "record_list", {"per_page": asked}, args=["consultations"]) == shown


@pytest.mark.parametrize(("asked", "shown"), [("-1", 50), ("100000", 50), ("7", 50), ("100", 100), ("25", 25)])
def test_the_audit_log_shows_an_allowed_page_size_or_its_default(client, lead, events, asked, shown):
    client.force_login(lead)
    assert _rows_on(client, "audit_log", {"per_page": asked}) == shown


def test_a_page_past_the_end_or_not_a_number_shows_a_page_of_rows(client, lead, consultations):
    client.force_login(lead)
    assert _rows_on(client, "record_list", {"page": "99999999999999999999"}, args=["consultations"]) == 10
    assert _rows_on(client, "record_list", {"page": "-1"}, args=["consultations"]) == 10
    assert _rows_on(client, "record_list", {"page": "x"}, args=["consultations"]) == 25


def test_the_list_offers_the_other_page_sizes_from_the_first_page(client, lead, consultations):
    client.force_login(lead)
    page = client.get(reverse("record_list", args=["consultations"]), {"page": "2"}).content.decode()
    assert "25 rows a page" in page
    for size in (50, 100, 500):
        assert f"per_page={size}&amp;page=1" in page or f"page=1&amp;per_page={size}" in page
