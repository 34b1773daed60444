"""An import row whose reference belongs to a record the user cannot see (issue 12).

The row is refused saying only that the reference is taken, and each such row writes an audit
event, whether the file is checked in the request or by a background job, all in one insert.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activity import actions
from activity.importing import apply_import, plan_import
from activity.job_kinds import IMPORT_CHECK
from activity.models import Consultation, ImportBatch
from audit.models import Action, AuditEvent
from jobs.models import Job
from tests.factories import ConsultationFactory

HEADER = "Reference,Date,Area,Client group,Service,Team,Category of concern,Mode,Outcome,Case reference\n"


def _file(*references, area="Oxfordshire") -> bytes:
    rows = "".join(
        f"{reference},01/06/2021,{area},Child,,,,Telephone,Advice given,C-{reference}\n" for reference in references
    )
    return (HEADER + rows).encode()


@pytest.fixture
def in_swindon(areas, lead):
    return ConsultationFactory(reference="CON-SWINDON1", area=areas["swindon"], case_reference="SECRET-9", by=lead)


def _collisions():
    return list(AuditEvent.objects.filter(action=Action.IMPORT_COLLISION).order_by("pk"))


def _upload(client, content, name="consultations.csv"):
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(reverse("import_new"), {"kind": "consultations", "file": upload}, REMOTE_ADDR="10.9.8.7")


def test_a_row_colliding_with_another_areas_record_is_refused_without_saying_more(practitioner, in_swindon):
    plan = plan_import(
        kind="consultations", content=_file("NEW-1", "CON-SWINDON1"), file_name="f.csv", user=practitioner
    )
    assert [str(error) for error in plan.errors] == [
        "Row 3, Reference: 'CON-SWINDON1' is already in use: choose another reference"
    ]
    shown = " ".join(str(error) for error in plan.errors)
    assert "Swindon" not in shown and "SECRET" not in shown and "cannot see" not in shown


def test_a_row_colliding_with_another_areas_record_writes_an_event_for_that_row(practitioner, in_swindon):
    plan_import(kind="consultations", content=_file("NEW-1", "CON-SWINDON1"), file_name="f.csv", user=practitioner)
    [event] = _collisions()
    assert (event.user, event.username, event.record_kind, event.record_reference, event.detail) == (
        practitioner,
        "pat",
        "consultations",
        "CON-SWINDON1",
        "Row 3",
    )


def test_an_upload_that_collides_writes_the_event_with_where_it_came_from(client, practitioner, in_swindon):
    client.force_login(practitioner)
    response = _upload(client, _file("CON-SWINDON1"))
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("import_preview", args=[batch.pk])
    [event] = _collisions()
    assert (event.user, event.record_reference, event.detail) == (practitioner, "CON-SWINDON1", "Row 2")
    assert (event.ip_address, event.path) == ("10.9.8.7", reverse("import_new"))
    page = client.get(response["Location"]).content.decode()
    assert "is already in use: choose another reference" in page
    assert "SECRET" not in page


def test_a_file_checked_by_a_background_job_writes_the_event_for_its_user(client, practitioner, in_swindon, settings):
    settings.IMPORT_BACKGROUND_BYTES = 100  # the tests' task backend runs the job at once, with no request
    client.force_login(practitioner)
    big = _file("NEW-1", "NEW-2", "CON-SWINDON1", "NEW-3")
    assert len(big) > 100
    _upload(client, big)
    job = Job.objects.get()
    assert job.kind == IMPORT_CHECK and job.status == Job.Status.DONE
    [event] = _collisions()
    assert (event.user, event.record_kind, event.record_reference, event.detail) == (
        practitioner,
        "consultations",
        "CON-SWINDON1",
        "Row 4",
    )
    assert event.ip_address is None


def test_a_record_archived_in_another_area_collides_too(practitioner, in_swindon, lead):
    actions.archive_record(record=in_swindon, by=lead, reason="Logged twice")
    plan = plan_import(kind="consultations", content=_file("CON-SWINDON1"), file_name="f.csv", user=practitioner)
    assert plan.errors[0].reason == "is already in use: choose another reference"
    assert [event.record_reference for event in _collisions()] == ["CON-SWINDON1"]


def test_every_colliding_row_is_written_in_one_insert(practitioner, areas, lead):
    for number in range(5):
        ConsultationFactory(reference=f"CON-HIDDEN{number}", area=areas["swindon"], by=lead)
    content = _file(*[f"CON-HIDDEN{number}" for number in range(5)])
    with CaptureQueriesContext(connection) as captured:
        plan_import(kind="consultations", content=content, file_name="f.csv", user=practitioner)
    inserts = [query for query in captured if query["sql"].startswith('INSERT INTO "audit_auditevent"')]
    assert len(inserts) == 1
    assert [event.detail for event in _collisions()] == [f"Row {number}" for number in range(2, 7)]


def test_reimporting_ones_own_file_adds_nothing_and_collides_with_nothing(practitioner):
    content = _file("MINE-1", "MINE-2")
    apply_import(
        plan_import(kind="consultations", content=content, file_name="f.csv", user=practitioner),
        by=practitioner,
        file_name="f.csv",
    )
    again = plan_import(kind="consultations", content=content, file_name="f.csv", user=practitioner)
    assert (again.errors, again.new_count, again.unchanged_count) == ([], 0, 2)
    assert Consultation.objects.count() == 2
    assert _collisions() == []


def test_a_lead_who_sees_every_area_never_collides(lead, in_swindon):
    plan = plan_import(kind="consultations", content=_file("CON-SWINDON1"), file_name="f.csv", user=lead)
    assert plan.errors == [] and _collisions() == []


def test_a_collision_found_only_when_saving_is_written_even_though_the_save_is_rolled_back(practitioner, areas, lead):
    content = _file("LATE-1")
    plan = plan_import(kind="consultations", content=content, file_name="f.csv", user=practitioner)
    assert plan.is_valid
    ConsultationFactory(reference="LATE-1", area=areas["swindon"], by=lead)  # taken in another area meanwhile

    with pytest.raises(ValueError, match="no longer imports cleanly"):
        apply_import(plan, by=practitioner, file_name="f.csv")
    assert not Consultation.objects.filter(created_by=practitioner).exists()
    assert [(event.record_reference, event.detail) for event in _collisions()] == [("LATE-1", "Row 2")]
