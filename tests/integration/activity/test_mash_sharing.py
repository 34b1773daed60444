"""When a MASH enquiry's health information was shared: the form asks for it and checks it, every way of
saving keeps its working days from receipt, and the daily counts count those shared within one working day."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from activity import actions
from activity.importing import apply_import, plan_import
from activity.models import MashEnquiry
from activity.record_types import RECORD_TYPES
from core.periods import FinancialYear, Span
from reports.figures import year_table
from tests.factories import MashEnquiryFactory

FRIDAY, MONDAY, TUESDAY = date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 1)


@pytest.fixture
def signed_in(client, lead):
    client.force_login(lead)
    return client


def _post_new(client, area, **data):
    form = {"date": "27/11/2026", "area": area.pk, "client_group": "child", **data}
    return client.post(reverse("record_new", args=["mash-enquiries"]), form)


def test_the_form_asks_when_health_information_was_shared_and_keeps_its_working_days(signed_in, areas):
    page = signed_in.get(reverse("record_new", args=["mash-enquiries"])).content.decode()
    assert "Date health information shared" in page

    response = _post_new(signed_in, areas["oxon"], health_shared_on="30/11/2026")

    assert response.status_code == 302
    enquiry = MashEnquiry.objects.get()
    assert (enquiry.health_shared_on, enquiry.health_shared_working_days) == (MONDAY, 1)


def test_sharing_before_the_enquiry_was_received_is_refused_on_that_field(signed_in, areas):
    response = _post_new(signed_in, areas["oxon"], health_shared_on="26/11/2026", case_reference="AB1")

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["health_shared_on"] == ["Health information cannot be shared before the enquiry was received"]
    assert "date" not in errors
    assert 'value="26/11/2026"' in response.content.decode()
    assert not MashEnquiry.objects.exists()


def test_the_list_and_the_file_carry_the_date_shared(signed_in, lead, areas):
    MashEnquiryFactory(area=areas["oxon"], date=FRIDAY, health_shared_on=MONDAY, by=lead)

    page = signed_in.get(reverse("record_list", args=["mash-enquiries"])).content.decode()
    exported = signed_in.get(reverse("record_list", args=["mash-enquiries"]), {"export": "csv"})

    assert "Date health information shared" in page
    header, first = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))[:2]
    assert first[header.index("Date health information shared")] == "2026-11-30"


def test_every_way_of_saving_keeps_the_working_days_to_share(lead, areas):
    enquiry = MashEnquiryFactory(area=areas["oxon"], date=FRIDAY, health_shared_on=FRIDAY, by=lead)
    assert enquiry.health_shared_working_days == 0

    actions.update_record(record=enquiry, by=lead, reason="Shared later", health_shared_on=TUESDAY)
    assert MashEnquiry.objects.get(pk=enquiry.pk).health_shared_working_days == 2

    made = [MashEnquiry(date=date(2026, 8, 28), area=areas["oxon"], health_shared_on=date(2026, 9, 1))]
    actions.bulk_create_records(model=MashEnquiry, records=made, by=lead)
    saved = MashEnquiry.objects.get(date=date(2026, 8, 28))
    assert saved.health_shared_working_days == 1  # over the late summer bank holiday

    saved.health_shared_on = None
    actions.bulk_update_records(model=MashEnquiry, records=[saved], fields=["health_shared_on"], by=lead, reason="x")
    assert MashEnquiry.objects.get(pk=saved.pk).health_shared_working_days is None
    assert saved.history.latest().health_shared_working_days is None


def test_an_imported_enquiry_gets_its_working_days_to_share(lead, areas):
    headers = [column.header for column in RECORD_TYPES["mash-enquiries"].import_columns]
    cells = {"Reference": "IMP-1", "Date received": "2025-12-24", "Area": "Oxfordshire", "Client group": "Child"}
    rows = [headers, [cells.get(header, "") for header in headers]]
    rows[1][headers.index("Date health information shared")] = "2025-12-29"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    plan = plan_import(kind="mash-enquiries", content=buffer.getvalue().encode(), file_name="f.csv", user=lead)
    assert plan.errors == []

    apply_import(plan, by=lead, file_name="f.csv")

    assert MashEnquiry.objects.get(reference="IMP-1").health_shared_working_days == 1  # over Christmas


def _shared_in_time(area):
    span = Span(date(2026, 11, 1), date(2026, 12, 31))
    return year_table("mash_health_shared_in_1_working_day", [span], within=area).total.values[0]


@pytest.mark.parametrize(
    ("received", "shared", "in_time"),
    [
        (FRIDAY, FRIDAY, True),  # the same day
        (FRIDAY, MONDAY, True),  # the next working day, after a weekend
        (FRIDAY, TUESDAY, False),  # two working days
        (date(2026, 12, 24), date(2026, 12, 29), True),  # over Christmas Day and the Boxing Day holiday
        (date(2026, 12, 24), date(2026, 12, 30), False),
    ],
)
def test_shared_within_one_working_day_is_counted_on_the_day_received(lead, areas, received, shared, in_time):
    MashEnquiryFactory(area=areas["oxon"], date=received, health_shared_on=shared, by=lead)
    MashEnquiryFactory(area=areas["oxon"], date=received, health_shared_on=None, by=lead)  # not yet shared

    assert _shared_in_time(areas["oxon"]) == (1 if in_time else 0)
    assert year_table("mash_health_shared", [FinancialYear(2026)], within=areas["oxon"]).total.values == [1]


def test_a_correction_moves_an_enquiry_out_of_the_count(lead, areas):
    enquiry = MashEnquiryFactory(area=areas["oxon"], date=FRIDAY, health_shared_on=MONDAY, by=lead)
    assert _shared_in_time(areas["oxon"]) == 1

    actions.update_record(record=enquiry, by=lead, reason="Typed the wrong day", health_shared_on=TUESDAY)

    assert _shared_in_time(areas["oxon"]) == 0
