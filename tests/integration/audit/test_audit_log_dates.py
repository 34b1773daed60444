"""The audit log's date filters read dates as the record forms do, and name themselves when a date is not one."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent


def _viewed_on(day: datetime, reference: str) -> None:
    AuditEvent.objects.create(
        action=Action.RECORD_VIEWED,
        record_kind="consultations",
        record_reference=reference,
        at=timezone.make_aware(day),
    )


def test_the_date_filters_read_dates_as_people_type_them(client_for, administrator):
    _viewed_on(datetime(2026, 11, 2, 10), "CON-IN")
    _viewed_on(datetime(2026, 10, 2, 10), "CON-OUT")
    response = client_for(administrator).get(reverse("audit_log"), {"date_from": "1 Nov 26", "date_to": "30/11/2026"})
    shown = {row.record.record_reference for row in response.context["table"].paginated_rows}
    assert "CON-IN" in shown and "CON-OUT" not in shown


def test_a_date_filter_that_is_not_a_date_is_named_and_kept(client_for, administrator):
    page = client_for(administrator).get(reverse("audit_log"), {"date_to": "30 Novmber 2026"}).content.decode()
    assert "Date to must be a real date" in page
    assert 'value="30 Novmber 2026"' in page
