"""Importing records: every bad cell reported at once, nothing saved unless all is good, no duplicates."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError
from openpyxl import Workbook

from accounts import roles
from activity import actions
from activity.exporting import write_csv, write_xlsx
from activity.importing import IMPORT_KINDS, StaleImportError, apply_import, plan_import
from activity.models import (
    Area,
    Category,
    Consultation,
    MashEnquiry,
    Service,
)
from activity.record_types import RECORD_TYPES
from demo.loader import load_demo
from demo.reference import load_reference
from tests.factories import ConsultationFactory, UserFactory

GOOD_ROWS = {
    "consultations": {
        "Reference": "IMP-1",
        "Date": "2021-06-01",
        "Area": "Oxfordshire",
        "Client group": "Child",
        "Service": "Community Health",
        "Team": "Health Visiting",
        "Category of concern": "Neglect",
        "Mode": "Telephone",
        "Outcome": "Advice given",
        "Case reference": "C-1",
    },
    "referrals": {
        "Reference": "IMP-1",
        "Date": "01/06/2021",
        "Area": "Oxfordshire",
        "Client group": "Adult",
        "Service": "Oxon & South West Mental Health",
        "Team": "Adult Mental Health Oxfordshire",
        "Referred to": "Adult social care (local authority)",
        "Category of concern": "Self-neglect",
        "Case reference": "C-1",
    },
    "s42-enquiries": {
        "Reference": "IMP-1",
        "Date requested": "2021-06-01",
        "Area": "Oxfordshire",
        "Service": "Community Health",
        "Outcome shared on": "2021-07-01",
        "Case reference": "C-1",
    },
    "mash-enquiries": {
        "Reference": "IMP-1",
        "Date received": "2021-06-01",
        "Area": "Oxfordshire",
        "Client group": "Child",
        "Date health information shared": "2021-06-02",
        "Date closed": "2021-06-03",
        "Strategy meeting": "Yes",
        "Case reference": "C-1",
    },
    "cdop-cases": {
        "Reference": "IMP-1",
        "Date notified": "2021-06-01",
        "Area": "Oxfordshire",
        "Date reviewed": "2021-10-01",
        "Known to Trust services": "Yes",
        "JAR attended": "No",
        "CDRM held": "Yes",
        "Case reference": "C-1",
    },
    "reviews": {
        "Reference": "IMP-1",
        "Date started": "2021-06-01",
        "Area": "Oxfordshire",
        "Kind": "Safeguarding adult review (SAR)",
        "Title": "SAR 2021-06",
        "Rapid review completed on": "2021-06-20",
        "Commissioned on": "2021-07-01",
        "Completed on": "2021-12-01",
        "Published on": "2022-01-15",
        "Case reference": "",
    },
    "training-sessions": {
        "Reference": "IMP-1",
        "Date": "2021-06-01",
        "Area": "Oxfordshire",
        "Client group": "Adult",
        "Level": "3",
        "Title": "Level 3 adult safeguarding",
        "Delivery": "Face to face",
        "Attendees": "24",
        "Service": "Community Health",
    },
    "supervision-sessions": {
        "Reference": "IMP-1",
        "Date": "2021-06-01",
        "Area": "Oxfordshire",
        "Client group": "Child",
        "Service": "Community Health",
        "Team": "School Health Nurses",
        "Format": "Group",
        "Attendees": "8",
    },
}


@pytest.fixture(autouse=True)
def seed_areas(db):
    """The rows name the seed trust's areas, services and teams: every test here has them, by slug."""
    load_reference()
    return {area.slug: area for area in Area.objects.all()}


@pytest.fixture
def seed_practitioner(seed_areas):
    """A practitioner in the seed trust's Oxfordshire (the shared ``practitioner`` works in the test tree's)."""
    return UserFactory(role=roles.PRACTITIONER, areas=[seed_areas["oxfordshire"]])


def row(kind="consultations", **cells):
    """A good row of ``kind``, with some cells changed (Case_reference= for 'Case reference')."""
    return {**GOOD_ROWS[kind], **{name.replace("_", " "): value for name, value in cells.items()}}


def csv_bytes(rows, headers=None) -> bytes:
    headers = headers or list(rows[0])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headers, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def plan_rows(user, rows, kind="consultations", file_name="file.csv"):
    return plan_import(kind=kind, content=csv_bytes(rows), file_name=file_name, user=user)


def problems(plan):
    return [(error.row_number, error.column, error.reason) for error in plan.errors]


# A good file


@pytest.mark.parametrize("kind", list(RECORD_TYPES))
def test_a_good_row_of_every_kind_is_saved_with_who_imported_it_and_from_which_file(kind, lead):
    plan = plan_rows(lead, [row(kind)], kind=kind, file_name=f"{kind}.csv")
    assert (plan.file_error, plan.errors, plan.new_count) == (None, [], 1)

    summary = apply_import(plan, by=lead, file_name=f"{kind}.csv")

    assert summary["new"] == 1
    model = RECORD_TYPES[kind].model
    record = model.objects.get(reference="IMP-1")
    assert (record.created_by, record.area.slug, record.date) == (lead, "oxfordshire", date(2021, 6, 1))
    assert record.history.get().history_change_reason == f"Imported from {kind}.csv"


def test_every_cell_of_a_row_is_read_into_the_record(lead):
    apply_import(plan_rows(lead, [row()]), by=lead, file_name="file.csv")

    saved = Consultation.objects.get(reference="IMP-1")
    assert (saved.client_group, saved.service.name, saved.team.name, saved.category.name) == (
        "child",
        "Community Health",
        "Health Visiting",
        "Neglect",
    )
    assert (saved.mode, saved.outcome, saved.case_reference) == ("telephone", "advice", "C-1")


def test_headings_match_whatever_their_case_spacing_and_order_and_blank_rows_are_skipped(seed_practitioner):
    content = (
        b"  case REFERENCE ,outcome,MODE,category of concern,team,service,client group,area,date,reference\n"
        b"C-1,Advice given,Telephone,Neglect,Health Visiting,Community Health,Child,Oxfordshire,2021-06-01,IMP-1\n"
        b",,,,,,,,,\n"
        b"\n"
        b"C-2,Escalated,Email,,,,Adult,Oxfordshire,2021-06-02,IMP-2\n"
    )
    plan = plan_import(kind="consultations", content=content, file_name="f.csv", user=seed_practitioner)

    assert (plan.errors, plan.row_count, plan.new_count) == ([], 2, 2)
    apply_import(plan, by=seed_practitioner, file_name="f.csv")
    assert Consultation.objects.get(reference="IMP-2").outcome == "escalated"


def test_notes_may_be_imported_though_exports_leave_them_out(seed_practitioner):
    plan = plan_rows(seed_practitioner, [row(Notes="Discussed with the named nurse")])
    apply_import(plan, by=seed_practitioner, file_name="file.csv")

    assert Consultation.objects.get(reference="IMP-1").notes == "Discussed with the named nurse"


# Every kind of bad row


BAD_CELLS = [
    ("consultations", {"Date": "31/02/2021"}, "Date", "is not a date: write it as 2021-06-30 or 30/06/2021"),
    ("consultations", {"Date": (date.today() + timedelta(days=1)).isoformat()}, "Date", "cannot be in the future"),
    ("consultations", {"Date": "1999-12-31"}, "Date", "cannot be before 1 January 2000"),
    ("consultations", {"Area": "Atlantis"}, "Area", "is not a known area"),
    ("consultations", {"Category of concern": "Witchcraft"}, "Category of concern", "is not a known category"),
    ("consultations", {"Team": "CAMHS BSW"}, "Team", "is not a team of Community Health"),
    ("consultations", {"Service": "", "Team": "Health Visiting"}, "Team", "needs a service"),
    ("consultations", {"Mode": "Carrier pigeon"}, "Mode", "is not one of: Telephone, Face to face"),
    ("consultations", {"Client group": ""}, "Client group", "is required"),
    ("consultations", {"Reference": ""}, "Reference", "is required"),
    ("consultations", {"Case reference": "X" * 41}, "Case reference", "is longer than 40 characters"),
    (
        "consultations",
        {"Category of concern": "Self-neglect"},
        "Category of concern",
        "is a category for adults, not for children",
    ),
    ("supervision-sessions", {"Attendees": "-3"}, "Attendees", "cannot be negative"),
    ("training-sessions", {"Attendees": "twelve"}, "Attendees", "is not a whole number"),
    ("training-sessions", {"Level": "2.5"}, "Level", "is not a whole number"),
    ("training-sessions", {"Level": "7"}, "Level", "is not a valid choice"),
    ("cdop-cases", {"Known to Trust services": "Maybe"}, "Known to Trust services", "is not Yes or No"),
    (
        "mash-enquiries",
        {"Date closed": "2021-05-31"},
        "Date closed",
        "An enquiry cannot be closed before it was received (Date received 01/06/2021)",
    ),
    (
        "s42-enquiries",
        {"Outcome shared on": "2021-05-01"},
        "Outcome shared on",
        "The outcome cannot be shared before the enquiry was requested (Date requested 01/06/2021)",
    ),
    (
        "cdop-cases",
        {"Date reviewed": "2021-01-01"},
        "Date reviewed",
        "A case cannot be reviewed before the Trust was notified of it (Date notified 01/06/2021)",
    ),
    (
        "reviews",
        {"Commissioned on": "", "Published on": "", "Completed on": "2021-12-01"},
        "Completed on",
        "A review cannot be completed before it was commissioned",
    ),
    ("reviews", {"Published on": "2021-11-30"}, "Published on", "A review cannot be published before it was completed"),
    (
        "reviews",
        {"Completed on": "2021-06-30"},
        "Completed on",
        "A review cannot be completed before it was commissioned (Commissioned on 01/07/2021)",
    ),
    ("reviews", {"Kind": "Inquest"}, "Kind", "is not one of"),
]


@pytest.mark.parametrize(("kind", "cells", "column", "reason"), BAD_CELLS)
def test_a_bad_cell_is_reported_with_its_row_column_value_and_why(kind, cells, column, reason, lead):
    rows = [row(kind, Reference="IMP-1"), row(kind, **{"Reference": "IMP-2", **cells})]
    plan = plan_rows(lead, rows, kind=kind)

    assert not plan.is_valid
    [error] = plan.errors
    assert (error.row_number, error.column) == (3, column)
    assert reason in error.reason
    assert error.value == cells.get(column, "")
    assert plan.new_count == 1  # the good row is still counted: it waits for the bad one to be corrected


def test_a_problem_reads_as_a_sentence_naming_the_row_column_and_value(lead):
    plan = plan_rows(lead, [row(Date="31/02/2021")])

    assert [str(error) for error in plan.errors] == [
        "Row 2, Date: '31/02/2021' is not a date: write it as 2021-06-30 or 30/06/2021"
    ]


def test_every_bad_row_and_cell_is_reported_at_once(lead):
    rows = [
        row(Reference="IMP-1"),
        row(Reference="IMP-2", Date="yesterday"),
        row(Reference="IMP-3"),
        row(Reference="IMP-4", Area="Atlantis", Mode="Fax"),
        row(Reference="IMP-5", Client_group=""),
    ]
    plan = plan_rows(lead, rows)

    assert problems(plan) == [
        (3, "Date", "is not a date: write it as 2021-06-30 or 30/06/2021"),
        (5, "Area", "is not a known area"),
        (5, "Mode", "is not one of: Telephone, Face to face, Video call, Email"),
        (6, "Client group", "is required"),
    ]
    assert len({error.row_number for error in plan.errors}) == 3


def test_nothing_is_saved_when_one_row_is_bad(lead):
    plan = plan_rows(lead, [row(Reference=f"IMP-{number}") for number in range(5)] + [row(Reference="X", Area="?")])

    with pytest.raises(ValueError, match="cannot be saved"):
        apply_import(plan, by=lead, file_name="file.csv")
    assert not Consultation.objects.exists()


def test_a_reference_used_twice_in_the_file_is_reported_on_the_second(lead):
    plan = plan_rows(lead, [row(Reference="IMP-1"), row(Reference="IMP-2"), row(Reference="IMP-1")])

    assert problems(plan) == [(4, "Reference", "is also on row 2: each row needs a reference of its own")]


def test_a_value_in_a_column_without_a_heading_is_reported_not_dropped(lead):
    content = csv_bytes([row()]) + b"IMP-2,2021-06-01,Oxfordshire,Child,,,,,,,Something else\n"
    plan = plan_import(kind="consultations", content=content, file_name="f.csv", user=lead)

    assert problems(plan) == [(3, "Column K", "has a value but no heading")]


# Access


def test_a_practitioner_may_not_log_records_for_an_area_outside_theirs(seed_practitioner):
    plan = plan_rows(seed_practitioner, [row(Reference="IMP-1"), row(Reference="IMP-2", Area="Swindon")])

    assert problems(plan) == [(3, "Area", "you may not log records for Swindon")]
    assert str(plan.errors[0]) == "Row 3, Area 'Swindon': you may not log records for Swindon"


def test_a_practitioner_may_log_records_for_an_area_within_theirs(seed_areas):
    bsw_practitioner = UserFactory(role=roles.PRACTITIONER, areas=[seed_areas["bsw"]])
    plan = plan_rows(bsw_practitioner, [row(Area="Swindon")])

    assert (plan.errors, plan.new_count) == ([], 1)


def test_a_reference_held_by_a_record_the_user_cannot_see_is_refused_without_saying_anything_about_it(
    seed_practitioner, seed_areas, lead
):
    ConsultationFactory(reference="IMP-1", area=seed_areas["swindon"], case_reference="SECRET-9", by=lead)
    plan = plan_rows(seed_practitioner, [row(Reference="IMP-1")])

    assert problems(plan) == [(2, "Reference", "is already in use: choose another reference")]
    shown = " ".join(str(error) for error in plan.errors)
    assert "Swindon" not in shown and "SECRET" not in shown


def test_an_archived_reference_must_be_restored_before_importing_changes(lead, seed_areas):
    record = ConsultationFactory(reference="IMP-1", area=seed_areas["oxfordshire"], by=lead)
    actions.archive_record(record=record, by=lead, reason="Logged twice")

    plan = plan_rows(lead, [row(Reference="IMP-1")])

    assert problems(plan) == [(2, "Reference", "is archived: restore it before importing changes")]


@pytest.mark.parametrize("role", [roles.EXECUTIVE, roles.SECRETARY, roles.ADMINISTRATOR])
def test_roles_that_log_no_records_cannot_import_them(role, seed_areas):
    user = UserFactory(role=role, areas=[seed_areas["oxfordshire"]])
    plan = plan_rows(user, [row()])

    assert plan.file_error == "Your role may not add or change consultations, so you cannot import them."
    assert (plan.errors, plan.row_count, plan.is_valid) == ([], 0, False)


def test_a_practitioner_cannot_import_reviews_but_a_lead_can(seed_practitioner, lead):
    refused = plan_rows(seed_practitioner, [row("reviews")], kind="reviews")
    accepted = plan_rows(lead, [row("reviews")], kind="reviews")

    assert refused.file_error == "Your role may not add or change reviews, so you cannot import them."
    assert (accepted.file_error, accepted.new_count) == (None, 1)


def test_a_user_who_may_change_but_not_add_cannot_import_new_rows(seed_areas, lead):
    ConsultationFactory(reference="IMP-1", area=seed_areas["oxfordshire"], by=lead, client_group="child")
    user = UserFactory(areas=[seed_areas["oxfordshire"]])
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_consultation", "change_consultation"]))
    user = type(user).objects.get(pk=user.pk)  # permissions are cached per user object

    plan = plan_rows(user, [row(Reference="IMP-1"), row(Reference="IMP-2")])

    assert plan.file_error.startswith("Your role may change consultations but not add them, and 1 row")


# Rows already held


def test_importing_the_same_file_twice_creates_no_duplicates(seed_practitioner):
    rows = [row(Reference=f"IMP-{number}") for number in range(3)]
    apply_import(plan_rows(seed_practitioner, rows), by=seed_practitioner, file_name="file.csv")

    again = plan_rows(seed_practitioner, rows)
    summary = apply_import(again, by=seed_practitioner, file_name="file.csv")

    assert (again.new_count, again.changed_count, again.unchanged_count) == (0, 0, 3)
    assert summary == {
        "kind": "consultations",
        "file_name": "file.csv",
        "rows": 3,
        "new": 0,
        "changed": 0,
        "unchanged": 3,
    }
    assert Consultation.objects.count() == 3
    assert Consultation.history.count() == 3


def test_a_changed_row_updates_the_record_and_its_history_says_it_came_from_the_file(
    seed_practitioner, lead, seed_areas
):
    record = ConsultationFactory(
        reference="IMP-1",
        area=seed_areas["oxfordshire"],
        client_group="child",
        service=Service.objects.get(name="Community Health"),
        category=Category.objects.get(slug="neglect"),
        case_reference="C-1",
        by=lead,
    )
    plan = plan_rows(seed_practitioner, [row(Reference="IMP-1", Outcome="Escalated", Case_reference="C-77")])

    assert (plan.new_count, plan.changed_count) == (0, 1)
    assert plan.changed_rows[0].changes == [
        ("Team", "", "Health Visiting"),
        ("Outcome", "Advice given", "Escalated"),
        ("Case reference", "C-1", "C-77"),
    ]
    apply_import(plan, by=seed_practitioner, file_name="corrections.csv")

    record.refresh_from_db()
    assert (record.outcome, record.case_reference, record.team.name) == ("escalated", "C-77", "Health Visiting")
    assert (record.created_by, record.updated_by, record.version) == (lead, seed_practitioner, 2)
    latest = record.history.first()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        seed_practitioner,
        "Imported from corrections.csv",
    )


def test_blank_cells_in_columns_that_always_hold_a_value_keep_what_the_record_has(seed_practitioner):
    apply_import(
        plan_rows(seed_practitioner, [row(Mode="Video call", Notes="Keep me")]), by=seed_practitioner, file_name="f.csv"
    )

    plan = plan_rows(seed_practitioner, [row(Mode="", Outcome="", Notes="")])

    assert (plan.changed_count, plan.unchanged_count) == (0, 1)
    saved = Consultation.objects.get()
    assert (saved.mode, saved.notes) == ("video", "Keep me")


def test_a_blank_date_closed_reopens_a_mash_enquiry(lead):
    apply_import(plan_rows(lead, [row("mash-enquiries")], kind="mash-enquiries"), by=lead, file_name="f.csv")

    plan = plan_rows(lead, [row("mash-enquiries", Date_closed="")], kind="mash-enquiries")
    apply_import(plan, by=lead, file_name="f.csv")

    assert plan.changed_count == 1
    assert MashEnquiry.objects.get().closed_on is None


def test_a_mash_file_from_before_the_date_shared_was_kept_imports_and_keeps_the_date_held(lead):
    apply_import(plan_rows(lead, [row("mash-enquiries")], kind="mash-enquiries"), by=lead, file_name="f.csv")
    older = row("mash-enquiries", Strategy_meeting="No")
    del older["Date health information shared"]
    plan = plan_rows(lead, [older], kind="mash-enquiries")
    assert problems(plan) == []
    apply_import(plan, by=lead, file_name="f.csv")
    saved = MashEnquiry.objects.get()
    assert (saved.strategy_meeting, saved.health_shared_on) == (False, date(2021, 6, 2))


# Round trip: a list's export imports back unchanged


def _export(model, file_format):
    records = model.objects.order_by("pk")
    if file_format == "csv":
        return write_csv(model, records)
    return write_xlsx(model, records, title="Export")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_of_every_demo_list_imports_back_with_nothing_new_or_changed(file_format, db):
    load_demo()
    lead = UserFactory(role=roles.LEAD)

    for kind, record_type in RECORD_TYPES.items():
        held = record_type.model.objects.count()
        content = _export(record_type.model, file_format)
        plan = plan_import(kind=kind, content=content, file_name=f"{kind}.{file_format}", user=lead)

        assert (plan.file_error, plan.errors[:3]) == (None, []), kind
        assert (plan.new_count, plan.changed_count, plan.unchanged_count) == (0, 0, held), kind
        assert held > 0


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_of_imported_records_of_every_kind_imports_back_unchanged(file_format, lead):
    for kind in RECORD_TYPES:
        apply_import(plan_rows(lead, [row(kind)], kind=kind), by=lead, file_name="f.csv")

    for kind, record_type in RECORD_TYPES.items():
        content = _export(record_type.model, file_format)
        plan = plan_import(kind=kind, content=content, file_name=f"x.{file_format}", user=lead)
        assert (plan.errors, plan.new_count, plan.changed_count, plan.unchanged_count) == ([], 0, 0, 1), kind


def test_a_changed_export_imports_back_as_exactly_the_rows_changed(lead):
    for number in range(4):
        apply_import(plan_rows(lead, [row(Reference=f"IMP-{number}")]), by=lead, file_name="f.csv")
    exported = write_csv(Consultation, Consultation.objects.order_by("reference")).decode("utf-8-sig")
    edited = exported.replace("IMP-2,2021-06-01", "IMP-2,2021-06-02")

    plan = plan_import(kind="consultations", content=edited.encode(), file_name="x.csv", user=lead)

    assert (plan.new_count, plan.changed_count, plan.unchanged_count) == (0, 1, 3)
    assert plan.changed_rows[0].reference == "IMP-2"


# All or nothing, even when the database refuses


def test_when_the_database_refuses_part_way_nothing_is_saved(lead, seed_areas, monkeypatch):
    ConsultationFactory(reference="IMP-0", area=seed_areas["oxfordshire"], client_group="child", by=lead)
    plan = plan_rows(lead, [row(Reference="IMP-0"), row(Reference="IMP-1"), row(Reference="IMP-2")])
    assert (plan.new_count, plan.changed_count) == (2, 1)

    def refuse(**kwargs):
        raise IntegrityError("refused")

    monkeypatch.setattr(actions, "bulk_update_records", refuse)
    with pytest.raises(StaleImportError, match="Nothing was saved"):
        apply_import(plan, by=lead, file_name="file.csv")

    assert list(Consultation.objects.values_list("reference", flat=True)) == ["IMP-0"]
    assert Consultation.objects.get().history.count() == 1


def test_a_plan_made_stale_by_an_archived_record_saves_nothing_and_says_why(lead, seed_areas):
    held = ConsultationFactory(reference="IMP-0", area=seed_areas["oxfordshire"], client_group="child", by=lead)
    plan = plan_rows(lead, [row(Reference="IMP-0"), row(Reference="IMP-1")])
    actions.archive_record(record=held, by=lead, reason="Duplicate")

    with pytest.raises(StaleImportError) as refused:
        apply_import(plan, by=lead, file_name="file.csv")

    assert problems(refused.value.plan) == [(2, "Reference", "is archived: restore it before importing changes")]
    assert not Consultation.objects.filter(reference="IMP-1").exists()


def test_a_plan_overtaken_by_the_same_import_saves_no_duplicates(lead):
    first = plan_rows(lead, [row(Reference="IMP-1"), row(Reference="IMP-2")])
    second = plan_rows(lead, [row(Reference="IMP-1"), row(Reference="IMP-2")])
    apply_import(first, by=lead, file_name="file.csv")

    summary = apply_import(second, by=lead, file_name="file.csv")

    assert (summary["new"], summary["unchanged"]) == (0, 2)
    assert Consultation.objects.count() == 2


def test_a_record_changed_after_planning_is_not_overwritten_with_a_stale_version(lead, seed_areas):
    held = ConsultationFactory(reference="IMP-1", area=seed_areas["oxfordshire"], client_group="child", by=lead)
    plan = plan_rows(lead, [row(Reference="IMP-1", Case_reference="FROM-FILE")])
    actions.update_record(record=held, by=lead, reason="Typo", mode=Consultation.Mode.EMAIL)

    apply_import(plan, by=lead, file_name="file.csv")

    held.refresh_from_db()
    assert (held.case_reference, held.version) == ("FROM-FILE", 3)
    assert held.mode == "telephone"  # the file's value, applied to the latest version, not the stale one


def test_import_kinds_name_every_record_type_and_returns():
    assert IMPORT_KINDS == {
        "consultations": "Consultations",
        "referrals": "Referrals",
        "s42-enquiries": "S.42 enquiries",
        "mash-enquiries": "MASH enquiries",
        "cdop-cases": "CDOP cases",
        "reviews": "Reviews",
        "training-sessions": "Training sessions",
        "supervision-sessions": "Supervision sessions",
        "returns": "Returns",
    }


def test_a_true_or_false_cell_in_a_workbook_is_not_a_number_even_beside_a_1(lead):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(GOOD_ROWS["supervision-sessions"]))
    sheet.append([*list(GOOD_ROWS["supervision-sessions"].values())[:7], 1])
    sheet.append(["IMP-2", *list(GOOD_ROWS["supervision-sessions"].values())[1:7], True])
    buffer = io.BytesIO()
    workbook.save(buffer)

    plan = plan_import(kind="supervision-sessions", content=buffer.getvalue(), file_name="s.xlsx", user=lead)

    assert problems(plan) == [(3, "Attendees", "is not a whole number")]
    assert plan.errors[0].value == "TRUE"
