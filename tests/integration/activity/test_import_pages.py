"""Bulk import in the browser: upload, preview every problem, confirm; nothing saved from a bad file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from activity.models import Consultation, ImportBatch
from tests.factories import UserFactory

HEADER = "Reference,Date,Area,Client group,Service,Team,Category of concern,Mode,Outcome,Case reference\n"


@pytest.fixture
def signed_in_practitioner(client, practitioner):
    """The practitioner of Oxfordshire, signed in on the test's client."""
    client.force_login(practitioner)
    return practitioner


def _upload(client, text, name="consultations.csv", kind="consultations"):
    upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("import_new"), {"kind": kind, "file": upload}, follow=True)


def test_a_good_file_is_previewed_then_imported_on_confirmation(client, signed_in_practitioner):
    text = HEADER + "IMP-1,01/06/2021,Oxfordshire,Child,,,,Telephone,Advice given,AB1\n"
    text += "IMP-2,02/06/2021,Oxfordshire,Child,,,,Telephone,Advice given,AB2\n"
    preview = _upload(client, text)
    assert preview.context["summary"]["new"] == 2
    assert not Consultation.objects.exists()
    batch = ImportBatch.objects.get()
    response = client.post(reverse("import_confirm", args=[batch.pk]), follow=True)
    assert "2 new, 0 changed, 0 unchanged" in response.content.decode()
    assert set(Consultation.objects.values_list("reference", flat=True)) == {"IMP-1", "IMP-2"}
    assert all(record.created_by == signed_in_practitioner for record in Consultation.objects.all())


def test_a_bad_file_lists_every_problem_and_cannot_be_confirmed(client, signed_in_practitioner):
    text = HEADER + "IMP-1,31/02/2021,Oxfordshire,Child,,,,Telephone,Advice given,AB1\n"
    text += "IMP-2,02/06/2021,Atlantis,Child,,,,Telephone,Advice given,AB2\n"
    preview = _upload(client, text)
    page = preview.content.decode()
    assert "2 problems in 2 rows: nothing has been saved" in page
    assert "Atlantis" in page and "31/02/2021" in page
    batch = ImportBatch.objects.get()
    client.post(reverse("import_confirm", args=[batch.pk]))
    assert not Consultation.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_gets_a_message_not_an_error(client, signed_in_practitioner):
    upload = SimpleUploadedFile("report.csv", b"%PDF-1.7\x00\x01binary", content_type="text/csv")
    response = client.post(reverse("import_new"), {"kind": "consultations", "file": upload}, follow=True)
    assert response.status_code == 200
    assert response.context["summary"]["file_error"]


def test_a_practitioner_cannot_import_returns(client, signed_in_practitioner):
    kinds = [value for value, _ in client.get(reverse("import_new")).context["form"].fields["kind"].choices]
    assert "returns" not in kinds
    response = _upload(client, "Metric,Area,Service,Category,Period,Value,Source,Note\n", kind="returns")
    assert response.context["form"].errors["kind"]


def test_someone_elses_import_cannot_be_seen_or_confirmed(client, signed_in_practitioner, areas):
    _upload(client, HEADER + "IMP-1,01/06/2021,Oxfordshire,Child,,,,Telephone,Advice given,AB1\n")
    batch = ImportBatch.objects.get()
    client.force_login(UserFactory(role=roles.PRACTITIONER, areas=[areas["oxon"]]))
    assert client.get(reverse("import_preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("import_confirm", args=[batch.pk])).status_code == 404
    assert not Consultation.objects.exists()


def test_an_upload_another_app_reads_is_not_opened_by_the_record_importer(client, signed_in_practitioner):
    """A learning system's export waits in the same table; the record import's pages answer 404 for it."""
    batch = ImportBatch.objects.create(
        record_type="training-compliance", file_name="lms.csv", content=b"x", uploaded_by=signed_in_practitioner
    )
    assert client.get(reverse("import_preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("import_confirm", args=[batch.pk])).status_code == 404


def test_an_executive_cannot_import(client, db):
    client.force_login(UserFactory(role=roles.EXECUTIVE))
    assert client.get(reverse("import_new")).status_code == 403
