"""Column mappings: a file from another system, with its own headings and its own words for our values, made once
into a mapping from a sample, saved by name, and reused to import such files; every problem named by the file's
own row and heading; without the mapping, the same file is refused as today."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from activity.columns import Column
from activity.forms_mappings import column_field_name
from activity.importing import apply_import, plan_import
from activity.importing import mapping as mapping_module
from activity.importing.files import ImportFileError
from activity.importing.mapping import (
    ImportKind,
    Mapping,
    delete_mapping,
    import_kinds,
    map_table,
    read_sample,
    register_kind,
    save_mapping,
    unmatched_headings,
    value_choices,
)
from activity.models import Consultation, ImportBatch, ImportMapping, S42Enquiry
from audit.models import Action, AuditEvent
from jobs.models import Job
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The other system's export: its headings, its words for client groups, and a column we do not import (a name).
HEADER = "Ref No,Contact date,Locality,Group,Svc,Team name,Concern,How,Result,Case no,Worker\n"
ROW = "{ref},{day},Oxfordshire,{group},,,,Telephone,Advice given,{case},Sam Jones\n"
OURS_TO_THEIRS = {
    "Reference": "Ref No",
    "Date": "Contact date",
    "Area": "Locality",
    "Client group": "Group",
    "Service": "Svc",
    "Team": "Team name",
    "Category of concern": "Concern",
    "Mode": "How",
    "Outcome": "Result",
    "Case reference": "Case no",
}
GROUPS = {"Grown-up": "adult", "Young person": "child"}


def other_system_file(*rows) -> bytes:
    return (HEADER + "".join(ROW.format(**row) for row in rows)).encode("utf-8")


GOOD_FILE = other_system_file(
    {"ref": "OS-1", "day": "01/06/2021", "group": "Grown-up", "case": "AB1"},
    {"ref": "OS-2", "day": "02/06/2021", "group": "Young person", "case": "AB2"},
)


@pytest.fixture
def lead_client(client, lead, areas):
    client.force_login(lead)
    return client


@pytest.fixture
def saved(lead, areas):
    return save_mapping(
        kind="consultations", name="Other system", columns=OURS_TO_THEIRS, values={"Client group": GROUPS}, by=lead
    )


def _file(content: bytes, name="export.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def _columns_data(name="Other system", **changes):
    kind = import_kinds()["consultations"]
    chosen = {**OURS_TO_THEIRS, **changes}
    data = {"name": name}
    for index, column in enumerate(kind.columns):
        data[column_field_name(index)] = chosen.get(column.header, "")
    return data


def _import(client, content, mapping=None, kind="consultations"):
    data = {"kind": kind, "file": _file(content)}
    if mapping is not None:
        data["mapping"] = mapping.pk
    return client.post(reverse("import_new"), data, follow=True)


# Making a mapping in the browser


def test_a_lead_makes_a_mapping_from_a_sample_and_imports_a_file_through_it(lead_client, lead):
    response = lead_client.post(reverse("import_mapping_new"), {"kind": "consultations", "sample": _file(GOOD_FILE)})
    assert response.url == reverse("import_mapping_columns")
    # Our headings are offered the file's; a column with the same heading is chosen already.
    columns = lead_client.get(reverse("import_mapping_columns")).context["form"]
    assert ("Worker", "Worker") in columns.fields[column_field_name(0)].choices

    response = lead_client.post(reverse("import_mapping_columns"), _columns_data())
    assert response.url == reverse("import_mapping_values")

    form = lead_client.get(reverse("import_mapping_values")).context["form"]
    groups = {column.header: (theirs, fields) for column, theirs, fields in form.group_fields()}
    theirs, fields = groups["Client group"]
    assert theirs == "Group"
    assert sorted(field.label for field in fields) == ["Grown-up", "Young person"]
    data = {field.html_name: GROUPS[field.label] for field in fields}
    response = lead_client.post(reverse("import_mapping_values"), data, follow=True)
    assert "The mapping Other system is saved" in response.content.decode()

    mapping = ImportMapping.objects.get()
    assert (mapping.kind, mapping.name) == ("consultations", "Other system")
    assert mapping.columns == OURS_TO_THEIRS
    assert mapping.values == {"Client group": GROUPS}
    assert (mapping.created_by, mapping.updated_by) == (lead, lead)

    preview = _import(lead_client, GOOD_FILE, mapping)
    assert preview.context["summary"]["new"] == 2
    assert "Read through the mapping Other system" in preview.content.decode()
    batch = ImportBatch.objects.get()
    assert batch.summary["mapping"]["name"] == "Other system"
    lead_client.post(reverse("import_confirm", args=[batch.pk]))
    imported = dict(Consultation.objects.values_list("reference", "client_group"))
    assert imported == {"OS-1": "adult", "OS-2": "child"}
    assert set(Consultation.objects.values_list("case_reference", flat=True)) == {"AB1", "AB2"}
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert batch.summary["mapping"]["columns"]["Client group"] == "Group"


def test_a_required_column_left_unmapped_is_refused_by_name(lead_client):
    lead_client.post(reverse("import_mapping_new"), {"kind": "consultations", "sample": _file(GOOD_FILE)})
    response = lead_client.post(reverse("import_mapping_columns"), _columns_data(Date=""))
    assert response.status_code == 200
    assert "Choose the file&#x27;s column for Date" in response.content.decode()
    assert not ImportMapping.objects.exists()


def test_an_optional_column_may_be_left_out(lead, areas):
    """Notes are optional: a mapping without them saves, and a file through it keeps notes already held."""
    mapping = save_mapping(kind="consultations", name="No notes", columns=OURS_TO_THEIRS, values={}, by=lead)
    assert "Notes" not in mapping.columns


def test_a_heading_the_sample_does_not_have_is_refused(lead_client):
    lead_client.post(reverse("import_mapping_new"), {"kind": "consultations", "sample": _file(GOOD_FILE)})
    response = lead_client.post(reverse("import_mapping_columns"), _columns_data(Date="Invented"))
    assert "Choose one of the sample file&#x27;s columns for Date" in response.content.decode()


def test_a_sample_that_is_not_a_spreadsheet_is_refused_with_a_message(lead_client):
    sample = SimpleUploadedFile("export.csv", b"%PDF-1.7\x00binary", content_type="text/csv")
    response = lead_client.post(reverse("import_mapping_new"), {"kind": "consultations", "sample": sample})
    assert response.status_code == 200
    assert "not a CSV file or an Excel workbook" in response.content.decode()
    assert reverse("import_mapping_columns") not in response.get("Location", "")


def test_changing_a_mapping_keeps_its_values_and_says_why(lead_client, saved, lead):
    response = lead_client.post(reverse("import_mapping_edit", args=[saved.pk]), {})
    assert response.url == reverse("import_mapping_columns")
    response = lead_client.post(reverse("import_mapping_columns"), _columns_data(name="Other system v2"))
    form = lead_client.get(reverse("import_mapping_values")).context["form"]
    # the values it maps are offered again with what they mean
    offered = {field.label: field.value() for column, _, fields in form.group_fields() for field in fields}
    assert offered == GROUPS
    data = {field.html_name: field.value() for _, _, fields in form.group_fields() for field in fields}
    refused = lead_client.post(reverse("import_mapping_values"), data)
    assert "Say why you are changing the mapping" in refused.content.decode()
    lead_client.post(reverse("import_mapping_values"), {**data, "reason": "The system was renamed"})
    saved.refresh_from_db()
    assert saved.name == "Other system v2"
    assert saved.values == {"Client group": GROUPS}
    latest = saved.history.first()
    assert (latest.history_user, latest.history_change_reason) == (lead, "The system was renamed")


# Reading a file through a mapping


def test_the_same_file_through_the_mapping_twice_adds_nothing(lead, saved):
    mapping = Mapping.of(saved)
    first = plan_import(kind="consultations", content=GOOD_FILE, file_name="export.csv", user=lead, mapping=mapping)
    apply_import(first, by=lead)
    again = plan_import(kind="consultations", content=GOOD_FILE, file_name="export.csv", user=lead, mapping=mapping)
    assert (again.new_count, again.changed_count, again.unchanged_count) == (0, 0, 2)
    assert Consultation.objects.count() == 2


def test_the_same_file_without_the_mapping_is_refused(lead, saved):
    plan = plan_import(kind="consultations", content=GOOD_FILE, file_name="export.csv", user=lead)
    assert plan.file_error and "not recognised" in plan.file_error and "Ref No" in plan.file_error
    assert not plan.is_valid


def test_a_bad_row_is_named_by_the_files_row_and_heading(lead_client, saved):
    content = other_system_file(
        {"ref": "OS-1", "day": "01/06/2021", "group": "Grown-up", "case": "AB1"},
        {"ref": "OS-2", "day": "31/02/2021", "group": "Young person", "case": "AB2"},
        {"ref": "OS-3", "day": "03/06/2021", "group": "Pensioner", "case": "AB3"},
    )
    preview = _import(lead_client, content, saved)
    errors = {(error["row_number"], error["column"], error["value"]) for error in preview.context["summary"]["errors"]}
    # row 3 of the file (the header is row 1) has the impossible date; row 4 a group the mapping does not know
    assert errors == {(3, "Contact date", "31/02/2021"), (4, "Group", "Pensioner")}
    page = preview.content.decode()
    assert "Contact date" in page and "nothing has been saved" in page
    batch = ImportBatch.objects.get()
    lead_client.post(reverse("import_confirm", args=[batch.pk]))
    assert not Consultation.objects.exists()


def test_a_file_missing_a_heading_the_mapping_reads_is_refused_naming_it(lead, saved):
    content = GOOD_FILE.replace(b"Contact date", b"When")
    plan = plan_import(kind="consultations", content=content, file_name="x.csv", user=lead, mapping=Mapping.of(saved))
    assert "Contact date (read as Date)" in plan.file_error
    assert not Consultation.objects.exists()


def test_a_value_the_mapping_does_not_list_passes_unchanged_and_case_does_not_matter():
    """Our headings in the mapping's order; the file's other columns left out; row numbers kept if given."""
    mapping = Mapping(columns={"Reference": "Ref", "Client group": "Group"}, values={"Client group": GROUPS})
    rows = iter([["A", "x", " grown-up "], (7, ["B", "y", "Child"])])
    headers, mapped = map_table(["Ref", "Other", "GROUP"], rows, mapping)
    assert headers == ["Reference", "Client group"]
    assert list(mapped) == [["A", "adult"], (7, ["B", "Child"])]


def test_unmatched_headings_names_what_the_file_lacks():
    kind = import_kinds()["consultations"]
    mapping = Mapping(columns=OURS_TO_THEIRS, values={})
    assert unmatched_headings(HEADER.strip().split(","), kind, mapping) == []
    assert unmatched_headings(["Ref No"], kind, mapping)[:2] == ["Contact date", "Locality"]
    assert "Date" in unmatched_headings(["Reference"], kind, None)


def test_a_mapping_for_another_kind_is_refused_on_the_import_page(lead_client, saved):
    response = _import(lead_client, GOOD_FILE, saved, kind="referrals")
    assert "Other system is a mapping for consultations, not referrals" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_big_file_checked_in_the_background_is_read_through_its_mapping(lead_client, saved, settings):
    settings.IMPORT_BACKGROUND_BYTES = 100  # the tests' task backend runs the job at once
    content = other_system_file(
        {"ref": "OS-1", "day": "01/06/2021", "group": "Grown-up", "case": "AB1"},
        {"ref": "OS-2", "day": "31/02/2021", "group": "Young person", "case": "AB2"},
    )
    _import(lead_client, content, saved)
    assert Job.objects.exists()
    batch = ImportBatch.objects.get()
    assert batch.summary["mapping"]["name"] == "Other system"
    assert [(error["row_number"], error["column"]) for error in batch.summary["errors"]] == [(3, "Contact date")]


def test_the_command_imports_through_a_named_mapping(lead, saved, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(GOOD_FILE)
    out = io.StringIO()
    call_command("import_activity", str(path), "--type", "consultations", "--mapping", "other SYSTEM",
                 "--user", lead.username, stdout=out, stderr=io.StringIO())  # fmt: skip
    assert "through the mapping Other system" in out.getvalue()
    assert Consultation.objects.count() == 2
    with pytest.raises(CommandError, match="no mapping called 'Nope'"):
        call_command("import_activity", str(path), "--type", "consultations", "--mapping", "Nope",
                     "--user", lead.username, stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip


# Saving: names, history, who


def test_names_are_unique_for_each_kind_whatever_their_case(lead, saved):
    with pytest.raises(ValidationError, match="already a mapping called OTHER system for consultations"):
        save_mapping(kind="consultations", name="OTHER  system", columns=OURS_TO_THEIRS, values={}, by=lead)
    referrals = {**OURS_TO_THEIRS, "Referred to": "To"}
    referrals.pop("Mode"), referrals.pop("Outcome")
    other_kind = save_mapping(kind="referrals", name="Other system", columns=referrals, values={}, by=lead)
    assert other_kind.kind == "referrals"


def test_the_page_says_a_name_is_taken(lead_client, saved):
    lead_client.post(reverse("import_mapping_new"), {"kind": "consultations", "sample": _file(GOOD_FILE)})
    response = lead_client.post(reverse("import_mapping_columns"), _columns_data(name="other system"))
    assert "There is already a mapping called other system for consultations" in response.content.decode()


def test_saving_checks_the_columns_it_is_given(lead, areas):
    with pytest.raises(ValidationError, match="no column Shoe size"):
        save_mapping(kind="consultations", name="X", columns={**OURS_TO_THEIRS, "Shoe size": "S"}, values={}, by=lead)
    with pytest.raises(ValidationError, match="Choose the file's column for Area"):
        save_mapping(kind="consultations", name="X", columns={**OURS_TO_THEIRS, "Area": ""}, values={}, by=lead)
    with pytest.raises(ValidationError, match="Give the mapping a name"):
        save_mapping(kind="consultations", name="  ", columns=OURS_TO_THEIRS, values={}, by=lead)
    assert not ImportMapping.objects.exists()


def test_the_history_keeps_who_made_changed_and_deleted_it_and_why(lead, saved):
    save_mapping(
        kind="consultations", name="Other system", columns=OURS_TO_THEIRS, values={}, by=lead,
        reason="Groups now match ours", mapping=saved,
    )  # fmt: skip
    delete_mapping(mapping=saved, by=lead, reason="The system was retired")
    history = list(ImportMapping.history.order_by("history_date").values_list("history_type", "history_change_reason"))
    assert history == [("+", "Created"), ("~", "Groups now match ours"), ("-", "The system was retired")]
    assert set(ImportMapping.history.values_list("history_user", flat=True)) == {lead.pk}
    assert not ImportMapping.objects.exists()


def test_only_those_who_may_import_a_kind_may_map_it(areas, saved):
    practitioner = UserFactory(role=roles.PRACTITIONER, areas=[areas["oxon"]])
    with pytest.raises(PermissionDenied):
        save_mapping(kind="returns", name="R", columns={"Metric": "M", "Area": "A", "Period": "P", "Value": "V",
                     "Source": "S"}, values={}, by=practitioner)  # fmt: skip
    with pytest.raises(PermissionDenied):
        delete_mapping(mapping=saved, by=UserFactory(role=roles.EXECUTIVE))
    assert ImportMapping.objects.filter(pk=saved.pk).exists()


def test_the_list_shows_only_the_kinds_a_person_may_import(client, areas, saved, lead):
    save_mapping(kind="returns", name="Learning system", columns={"Metric": "M", "Area": "A", "Period": "P",
                 "Value": "V", "Source": "S"}, values={}, by=lead)  # fmt: skip
    client.force_login(UserFactory(role=roles.PRACTITIONER, areas=[areas["oxon"]]))
    page = client.get(reverse("import_mapping_list")).content.decode()
    assert "Other system" in page and "Ref No as Reference" in page
    assert "Learning system" not in page


def test_a_registered_kind_is_offered_and_is_for_leads_unless_it_says(lead, areas, monkeypatch):
    monkeypatch.setattr(mapping_module, "_REGISTERED", {})
    register_kind(
        ImportKind("staff-list", "Staff list", (Column("Staff id", "staff", required=True), Column("Note", "note")))
    )
    assert "staff-list" in import_kinds()
    practitioner = UserFactory(role=roles.PRACTITIONER, areas=[areas["oxon"]])
    with pytest.raises(PermissionDenied):
        save_mapping(kind="staff-list", name="HR", columns={"Staff id": "Emp"}, values={}, by=practitioner)
    assert save_mapping(kind="staff-list", name="HR", columns={"Staff id": "Emp"}, values={}, by=lead).pk


def test_the_list_asks_the_same_few_queries_however_many_mappings(lead_client, lead, saved):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert lead_client.get(reverse("import_mapping_list")).status_code == 200
        return len(captured)

    one = queries()
    for number in range(5):
        save_mapping(kind="consultations", name=f"System {number}", columns=OURS_TO_THEIRS, values={}, by=lead)
    assert queries() == one


def test_a_sample_too_big_to_read_while_one_waits_is_refused_before_it_is_read(lead_client, settings):
    settings.IMPORT_BACKGROUND_BYTES = 100
    response = lead_client.post(reverse("import_mapping_new"), {"kind": "consultations", "sample": _file(GOOD_FILE)})
    assert response.status_code == 200
    assert "a sample may be at most" in response.content.decode()
    with pytest.raises(ImportFileError, match="larger than"):
        read_sample(GOOD_FILE)


def test_a_new_sample_when_changing_a_mapping_adds_its_headings_and_values(lead_client, saved):
    newer = GOOD_FILE.replace(b"Worker", b"Adviser").replace(b"Young person", b"Under 18")
    response = lead_client.post(reverse("import_mapping_edit", args=[saved.pk]), {"sample": _file(newer)})
    assert response.url == reverse("import_mapping_columns")
    form = lead_client.get(reverse("import_mapping_columns")).context["form"]
    offered = {value for value, _ in form.fields[column_field_name(0)].choices}
    assert {"Adviser", "Ref No"} <= offered
    lead_client.post(reverse("import_mapping_columns"), _columns_data())
    values = lead_client.get(reverse("import_mapping_values")).context["form"]
    shown = {field.label: field.value() for column, _, fields in values.group_fields() for field in fields
             if column.header == "Client group"}  # fmt: skip
    # what it maps already, and the sample's new value, not yet mapped
    assert shown == {"Grown-up": "adult", "Young person": "child", "Under 18": None}


def test_the_values_offered_are_ours(areas, monkeypatch):
    kinds = import_kinds()
    consultations = kinds["consultations"]
    area = consultations.column("Area")
    assert ("Oxfordshire", "Oxfordshire") in value_choices(consultations, area)
    assert ("adult", "Adult") in value_choices(consultations, consultations.column("Client group"))
    monkeypatch.setattr(mapping_module, "_REGISTERED", {})
    level = Column("Level", "level", "choice", required=True)
    register_kind(ImportKind("courses", "Courses", (level,), choices_for=lambda header: [("adults-3", "Adults L3")]))
    assert value_choices(import_kinds()["courses"], level) == [("adults-3", "Adults L3")]


def test_an_s42_mapping_offers_types_of_risk_once_and_fills_every_type_the_cell_names(lead, areas):
    kind = import_kinds()["s42-enquiries"]
    headings = [column.header for column in kind.columns]
    assert headings.count("Types of risk") == 1

    theirs = {
        "Reference": "Ref",
        "Date requested": "Requested",
        "Area": "Patch",
        "Service": "Team",
        "Outcome shared on": "Outcome sent",
        "Case reference": "Case",
        "Types of risk": "Abuse types",
    }
    saved = save_mapping(kind="s42-enquiries", name="Council export", columns=theirs, values={}, by=lead)
    content = (
        b"Ref,Requested,Patch,Team,Outcome sent,Case,Abuse types\n"
        b"C-1,01/06/2021,Oxfordshire,,,X1,Neglect and acts of omission; financial or material abuse\n"
    )
    plan = plan_import(
        kind="s42-enquiries", content=content, file_name="council.csv", user=lead, mapping=Mapping.of(saved)
    )
    assert plan.is_valid, plan.errors
    apply_import(plan, by=lead)
    enquiry = S42Enquiry.objects.get()
    assert (enquiry.risk_neglect, enquiry.risk_financial, enquiry.risk_physical) == (True, True, False)


def test_saving_and_deleting_a_mapping_is_in_the_audit_log(lead, saved):
    delete_mapping(mapping=saved, by=lead, reason="The other system is gone")
    events = AuditEvent.objects.filter(action=Action.MAPPING_CHANGED).order_by("id")
    assert [(event.user, event.detail) for event in events] == [
        (lead, "Saved: consultations"),
        (lead, "Deleted: consultations"),
    ]
