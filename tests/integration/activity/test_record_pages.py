"""Lists, filters, exports, detail with history, edits with reasons, stale edits, archive and restore."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts import roles
from activity import actions
from activity.models import ClientGroup, Consultation, MashEnquiry, Review
from core.periods import FinancialYear
from reports.figures import year_value
from tests.factories import (
    CategoryFactory,
    ConsultationFactory,
    MashEnquiryFactory,
    ReviewFactory,
    ServiceFactory,
    UserFactory,
)


def _listed(client, kind="consultations", **params):
    response = client.get(reverse("record_list", args=[kind]), params)
    assert response.status_code == 200
    return response, {row.record.reference for row in response.context["table"].paginated_rows}


def test_the_list_shows_how_many_records_match(client, lead, areas):
    for _ in range(3):
        ConsultationFactory(area=areas["oxon"])
    client.force_login(lead)
    response, _ = _listed(client)
    assert response.context["count"] == 3
    assert "3 records match" in response.content.decode()


def test_choosing_a_parent_area_includes_the_areas_below_it(client, lead, areas):
    in_swindon = ConsultationFactory(area=areas["swindon"])
    in_bsw = ConsultationFactory(area=areas["bsw"])
    ConsultationFactory(area=areas["oxon"])
    client.force_login(lead)
    _, listed = _listed(client, area=areas["bsw"].pk)
    assert listed == {in_swindon.reference, in_bsw.reference}


def test_financial_year_quarter_and_date_range_filters(client, lead, areas):
    march = ConsultationFactory(area=areas["oxon"], date=date(2022, 3, 31))
    april = ConsultationFactory(area=areas["oxon"], date=date(2022, 4, 1))
    june = ConsultationFactory(area=areas["oxon"], date=date(2021, 6, 15))
    client.force_login(lead)
    assert _listed(client, financial_year="2021")[1] == {march.reference, june.reference}
    assert _listed(client, financial_year="2021", quarter="4")[1] == {march.reference}
    assert _listed(client, quarter="1")[1] == {april.reference, june.reference}
    assert _listed(client, date_from="01/04/2022")[1] == {april.reference}
    assert _listed(client, date_to="2021-06-15")[1] == {june.reference}


def test_service_category_client_group_and_text_filters(client, lead, areas):
    community = ServiceFactory(slug="community", name="Community Health")
    neglect = CategoryFactory(slug="neglect", name="Neglect")
    wanted = ConsultationFactory(area=areas["oxon"], service=community, category=neglect, case_reference="AB12345")
    ConsultationFactory(area=areas["oxon"], client_group=ClientGroup.ADULT, case_reference="ZZ999")
    client.force_login(lead)
    assert _listed(client, service=community.pk)[1] == {wanted.reference}
    assert _listed(client, category=neglect.pk)[1] == {wanted.reference}
    assert _listed(client, client_group="child")[1] == {wanted.reference}
    assert _listed(client, q="ab123")[1] == {wanted.reference}


def test_status_filters_for_mash_and_reviews(client, lead, areas):
    still_open = MashEnquiryFactory(area=areas["oxon"], closed_on=None)
    MashEnquiryFactory(area=areas["oxon"], closed_on=date(2021, 6, 2))
    published = ReviewFactory(
        area=areas["oxon"],
        commissioned_on=date(2021, 6, 2),
        completed_on=date(2021, 9, 1),
        published_on=date(2021, 10, 1),
    )
    ReviewFactory(area=areas["oxon"], commissioned_on=date(2021, 6, 2))
    client.force_login(lead)
    assert _listed(client, "mash-enquiries", status="open")[1] == {still_open.reference}
    assert _listed(client, "reviews", status=Review.Status.PUBLISHED)[1] == {published.reference}


def test_a_bad_filter_value_is_named_not_a_server_error(client, lead, areas):
    client.force_login(lead)
    response, _ = _listed(client, date_from="yesterday-ish")
    assert "date_from" in response.context["filter"].form.errors


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_filtered_list_exports_with_the_importers_columns(client, lead, areas, file_format):
    ConsultationFactory(area=areas["oxon"], case_reference="KEEP1", notes="sensitive words")
    ConsultationFactory(area=areas["swindon"], case_reference="DROP1")
    client.force_login(lead)
    response = client.get(
        reverse("record_list", args=["consultations"]), {"area": areas["oxon"].pk, "export": file_format}
    )
    assert response.status_code == 200
    assert f".{file_format}" in response["Content-Disposition"]
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        rows = [list(row) for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    header, *data = rows
    assert header[:4] == ["Reference", "Date", "Area", "Client group"]
    assert "Notes" not in header
    assert len(data) == 1
    assert "KEEP1" in data[0]
    assert "sensitive words" not in str(rows)


def test_the_detail_page_shows_who_changed_which_field_from_what_to_what_and_why(client, lead, areas):
    logger = UserFactory(first_name="Priya", last_name="Shah")
    record = ConsultationFactory(area=areas["oxon"], by=logger, mode=Consultation.Mode.TELEPHONE)
    actions.update_record(record=record, by=lead, reason="It was a video call", mode=Consultation.Mode.VIDEO)
    client.force_login(lead)
    response = client.get(reverse("record_detail", args=["consultations", record.reference]))
    newest, created = response.context["history"]
    assert (newest.kind, str(newest.who), newest.reason) == ("Changed", "Lee Morgan", "It was a video call")
    assert [(c.field, c.old, c.new) for c in newest.changes] == [("Mode", "Telephone", "Video call")]
    assert (created.kind, str(created.who)) == ("Created", "Priya Shah")


def test_changing_a_record_asks_for_a_reason_and_keeps_what_was_typed(client, lead, areas):
    record = ConsultationFactory(area=areas["oxon"])
    client.force_login(lead)
    url = reverse("record_edit", args=["consultations", record.reference])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(date="02/06/2021", case_reference="NEW123", reason="")
    response = client.post(url, data)
    assert response.context["form"].errors["reason"] == ["Give a reason for the change"]
    assert 'value="NEW123"' in response.content.decode()
    record.refresh_from_db()
    assert record.case_reference == ""


def test_a_second_stale_save_is_refused_with_a_message_and_the_input_kept(client, lead, areas):
    record = ConsultationFactory(area=areas["oxon"])
    client.force_login(lead)
    url = reverse("record_edit", args=["consultations", record.reference])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["date"] = "01/06/2021"
    someone = UserFactory(first_name="Sam", last_name="Taylor")
    actions.update_record(record=Consultation.objects.get(), by=someone, reason="Typo", case_reference="THEIRS")

    data.update(case_reference="MINE", reason="Correct the case reference")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "was changed by Sam Taylor" in response.content.decode()
    assert 'value="MINE"' in response.content.decode()
    record.refresh_from_db()
    assert record.case_reference == "THEIRS"


def test_archiving_takes_a_record_out_of_lists_and_figures_and_a_lead_restores_it(client, lead, areas):
    practitioner = UserFactory(role=roles.PRACTITIONER, areas=[areas["trust"]])
    record = ConsultationFactory(area=areas["oxon"], date=date(2021, 6, 1))
    kept = ConsultationFactory(area=areas["oxon"], date=date(2021, 6, 2))
    year = FinancialYear(2021)
    assert year_value("child_consultations", year) == 2

    client.force_login(practitioner)
    response = client.post(reverse("record_archive", args=["consultations", record.reference]), {"reason": "Duplicate"})
    assert response.status_code == 302
    assert _listed(client)[1] == {kept.reference}
    assert year_value("child_consultations", year) == 1
    restore_url = reverse("record_restore", args=["consultations", record.reference])
    assert client.post(restore_url, {"reason": "Not a duplicate"}).status_code == 403

    client.force_login(lead)
    assert _listed(client, show="archived")[1] == {record.reference}
    client.post(restore_url, {"reason": "Not a duplicate"})
    assert year_value("child_consultations", year) == 2
    kinds = [
        entry.kind + ": " + entry.reason
        for entry in client.get(reverse("record_detail", args=["consultations", record.reference])).context["history"]
    ]
    assert kinds[:2] == ["Changed: Restored: Not a duplicate", "Changed: Archived: Duplicate"]


def test_an_archived_record_cannot_be_edited_until_restored(client, lead, areas):
    record = ConsultationFactory(area=areas["oxon"])
    actions.archive_record(record=record, by=lead, reason="Duplicate")
    client.force_login(lead)
    response = client.get(reverse("record_edit", args=["consultations", record.reference]))
    assert response.status_code == 302


def test_the_list_makes_a_fixed_number_of_queries(client, lead, areas, django_assert_max_num_queries):
    creator = UserFactory()
    service = ServiceFactory(slug="community")
    for _ in range(40):
        ConsultationFactory(area=areas["swindon"], service=service, by=creator)
    client.force_login(lead)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("record_list", args=["consultations"]))
    assert response.context["count"] == 40


def test_mash_list_shows_open_enquiries(client, lead, areas):
    MashEnquiryFactory(area=areas["oxon"])
    client.force_login(lead)
    _, listed = _listed(client, "mash-enquiries")
    assert listed == set(MashEnquiry.objects.values_list("reference", flat=True))
