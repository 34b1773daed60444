"""The learning system's export through a saved mapping: the data-quality report before anything is saved, each
check naming the file's row and heading, all or nothing, the summary kept with the import."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from activity.importing.files import ImportFileError
from activity.importing.mapping import import_kinds, save_mapping, value_choices
from activity.models import ImportBatch
from audit.models import Action, AuditEvent
from tests.factories import UserFactory
from tests.integration.training.conftest import AS_AT, COLUMNS, COURSES, export
from training.actions import import_compliance
from training.importing import (
    BAD_DATE,
    BAD_VALUE,
    DUPLICATE,
    FUTURE_DATE,
    KIND_SLUG,
    NO_LEVEL,
    NO_STAFF_ID,
    UNKNOWN_LEVEL,
    UNKNOWN_PLACE,
)
from training.models import ComplianceImport, StaffRequirement


def _check(lead, mapping, *rows, save=True, as_at=AS_AT):
    return import_compliance(
        content=export(*rows), file_name="export.csv", as_at=as_at, mapping=mapping, by=lead, save=save
    )


def _problems(check):
    return [(problem.row, problem.kind, problem.column) for problem in check.problems]


@pytest.mark.parametrize(
    ("row", "kind", "column"),
    [
        ({"Employee No": ""}, NO_STAFF_ID, "Employee No"),
        ({"Course Title": ""}, NO_LEVEL, "Course Title"),
        ({"Course Title": "Fire safety"}, UNKNOWN_LEVEL, "Course Title"),
        ({"Completion Date": "01/04/2022"}, FUTURE_DATE, "Completion Date"),
        ({"Supervision Required": "Yes", "Last Supervision": "2022-05-01"}, FUTURE_DATE, "Last Supervision"),
        ({"Completion Date": "31/02/2021"}, BAD_DATE, "Completion Date"),
        ({"Last Supervision": "last spring"}, BAD_DATE, "Last Supervision"),
        ({"Locality": "Atlantis"}, UNKNOWN_PLACE, "Locality"),
        ({"Service Line": "Nowhere"}, UNKNOWN_PLACE, "Service Line"),
        ({"Team Name": "Health visiting"}, UNKNOWN_PLACE, "Team Name"),  # a team of another service
        ({"Staff Group": "Wizards"}, BAD_VALUE, "Staff Group"),
        ({"Supervision Required": "Perhaps"}, BAD_VALUE, "Supervision Required"),
    ],
)
def test_each_check_names_the_row_and_the_files_heading(lead, mapping, row, kind, column):
    check, saved = _check(lead, mapping, {}, row, {})
    assert saved is None
    assert _problems(check) == [(3, kind, column)]  # the header is row 1, so the second data row is row 3
    assert check.counts[kind] == 1 and check.problem_count == 1
    assert not ComplianceImport.objects.exists() and not StaffRequirement.objects.exists()


def test_the_same_person_twice_for_a_level_names_both_rows(lead, mapping):
    check, saved = _check(
        lead,
        mapping,
        {"Employee No": "E000777"},
        {"Employee No": "E000777", "Course Title": "Prevent Awareness"},  # another level: fine
        {"Employee No": "e000777"},  # the same person, written in lower case
    )
    assert saved is None
    assert _problems(check) == [(4, DUPLICATE, "Employee No")]
    assert "row 2" in check.problems[0].message


def test_a_mapped_import_with_problems_is_refused_whole_with_its_report(lead, mapping):
    good = [{} for _ in range(2500)]  # more than one batch of good rows is written, then thrown away
    check, saved = _check(lead, mapping, *good, {"Course Title": "Manual handling"}, {"Completion Date": "2023-01-01"})
    assert saved is None
    assert check.rows_read == 2502
    assert _problems(check) == [(2502, UNKNOWN_LEVEL, "Course Title"), (2503, FUTURE_DATE, "Completion Date")]
    assert dict(check.counted())["Courses the mapping does not know"] == 1
    assert not ComplianceImport.objects.exists() and not StaffRequirement.objects.exists()


def test_a_clean_file_is_imported_with_its_summary_and_never_a_name(lead, mapping):
    _, saved = _check(
        lead,
        mapping,
        {},
        {"Course Title": "Prevent Awareness"},
        {"Employee No": "E000001", "Course Title": "Safeguarding Children L2"},
    )
    assert saved is not None and saved.mapping_name == "Learning system" and saved.imported_by == lead
    assert saved.summary["rows"] == 3 and saved.summary["staff"] == 2
    assert set(saved.summary["problems"].values()) == {0}
    assert saved.summary["rows_by_level"] == {"adults-3": 1, "children-2": 1, "prevent-basic": 1}
    assert sorted(saved.rows.values_list("staff_id", flat=True)) == ["E000001", "E000001", "E000002"]
    assert "Person" not in str(list(saved.rows.values())) + str(saved.summary)
    assert saved.history.first().history_user == lead


def test_checking_only_saves_nothing(lead, mapping):
    check, saved = _check(lead, mapping, {}, save=False)
    assert check.is_clean and saved is None
    assert not ComplianceImport.objects.exists()


def test_a_file_without_a_column_the_mapping_reads_is_refused_by_name(lead, mapping):
    content = export({}).replace(b"Course Title", b"Course")
    with pytest.raises(ImportFileError, match="Course Title"):
        import_compliance(content=content, file_name="x.csv", as_at=AS_AT, mapping=mapping, by=lead)


def test_the_same_file_through_another_mapping_is_read_by_that_mapping(lead, mapping):
    other = save_mapping(kind=KIND_SLUG, name="Without courses", columns=COLUMNS, values={}, by=lead)
    check, saved = _check(lead, other, {})
    assert saved is None and _problems(check) == [(2, UNKNOWN_LEVEL, "Course Title")]


def test_an_executive_may_not_import(executive, mapping):
    with pytest.raises(PermissionDenied):
        _check(executive, mapping, {})
    assert not ComplianceImport.objects.exists()


# The pages


def _upload(client, mapping, content, *, as_at="31/03/2022", check_only=False):
    upload = {"file": _named(content), "as_at": as_at, "mapping": mapping.pk}
    upload["check" if check_only else "import"] = "1"
    return client.post(reverse("training_import"), upload, follow=True)


def _named(content):
    return SimpleUploadedFile("export.csv", content, content_type="text/csv")


def test_the_page_shows_the_report_and_saves_nothing(client, lead, mapping):
    client.force_login(lead)
    response = _upload(client, mapping, export({}, {"Course Title": "Fire safety"}))
    page = response.content.decode()
    assert response.status_code == 200 and "Nothing was imported" in page
    assert "Fire safety" in page and "Course Title" in page and ">3<" in page
    assert not ComplianceImport.objects.exists()
    assert AuditEvent.objects.filter(action=Action.UPLOAD_REFUSED, record_kind=KIND_SLUG).exists()


def test_a_clean_file_goes_to_its_summary_then_the_figures(client, lead, mapping):
    client.force_login(lead)
    response = _upload(client, mapping, export({}, {"Completion Date": ""}))
    saved = ComplianceImport.objects.get()
    assert response.redirect_chain[-1][0] == reverse("training_import_detail", args=[saved.pk])
    page = response.content.decode()
    assert "Imported 2 rows for 2 staff" in page and "Courses the mapping does not know" in page
    figures = client.get(reverse("training_compliance")).content.decode()
    assert "Safeguarding adults level 3" in figures and "50.0%" in figures and "Below target by 35.0 points" in figures


def test_a_file_that_is_not_a_table_is_refused_with_a_message(client, lead, mapping):
    client.force_login(lead)
    response = _upload(client, mapping, b"%PDF-1.4 not a table")
    assert "not a CSV file or an Excel workbook" in response.content.decode()
    assert not ComplianceImport.objects.exists()


def test_the_export_day_cannot_be_in_the_future(client, lead, mapping):
    client.force_login(lead)
    response = _upload(client, mapping, export({}), as_at="01/01/2099")
    assert "cannot be in the future" in response.content.decode()


def test_executives_read_figures_without_staff_identifiers_and_each_read_is_audited(
    client, lead, executive, mapping, client_for
):
    _check(lead, mapping, {"Supervision Required": "Yes", "Last Supervision": ""})
    page = client_for(executive).get(reverse("training_compliance")).content.decode()
    assert "Safeguarding adults level 3" in page and "E000001" not in page and "See who is due" not in page
    assert client_for(executive).get(reverse("training_supervision_due")).status_code == 403
    due = client_for(lead).get(reverse("training_supervision_due")).content.decode()
    assert "E000001" in due and "Never" in due
    events = AuditEvent.objects.filter(record_kind=KIND_SLUG)
    assert events.filter(action=Action.RECORD_VIEWED, user=executive).count() == 1
    listed = events.get(action=Action.RECORDS_LISTED, user=lead)
    assert "Staff due safeguarding supervision: 1" in listed.detail


def test_the_figures_page_takes_the_same_queries_however_many_rows(
    client, lead, mapping, django_assert_max_num_queries
):
    client.force_login(lead)
    _check(lead, mapping, *[{"Completion Date": "01/01/2021"} for _ in range(3)], as_at=date(2021, 3, 31))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("training_compliance"))
    _check(lead, mapping, *[{"Team Name": "North", "Supervision Required": "Yes"} for _ in range(300)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("training_compliance"))


def test_the_mapping_page_offers_our_levels_for_the_files_courses(lead, places):
    kind = import_kinds()[KIND_SLUG]
    levels = dict(value_choices(kind, kind.column("Level")))
    assert levels["adults-3"] == "Safeguarding adults level 3" and levels["prevent-wrap"].startswith("Prevent")
    groups = dict(value_choices(kind, kind.column("Staff group")))
    assert groups["nursing"] == "Nursing and midwifery registered"
    assert "Oxfordshire" in dict(value_choices(kind, kind.column("Area")))
    assert dict(value_choices(kind, kind.column("Needs safeguarding supervision"))) == {"Yes": "Yes", "No": "No"}


def test_a_mapping_must_say_where_the_completion_dates_are_but_may_leave_out_supervision(lead, places):
    without_dates = {heading: theirs for heading, theirs in COLUMNS.items() if heading != "Completed on"}
    with pytest.raises(ValidationError, match="Completed on"):
        save_mapping(kind=KIND_SLUG, name="No dates", columns=without_dates, values={}, by=lead)
    optional = ("Team", "Needs safeguarding supervision", "Last supervised on")
    fewer = {heading: theirs for heading, theirs in COLUMNS.items() if heading not in optional}
    saved = save_mapping(kind=KIND_SLUG, name="Training only", columns=fewer, values={"Level": COURSES}, by=lead)
    check, imported = _check(lead, saved, {})
    assert imported is not None and check.rows_read == 1
    assert imported.rows.get().needs_supervision is False


def test_a_big_file_is_checked_and_imported_in_the_background(client, lead, mapping, settings, client_for):
    settings.IMPORT_BACKGROUND_BYTES = 100  # every file here is "big"
    client.force_login(lead)
    response = _upload(client, mapping, export({}, {"Course Title": "Fire safety"}))
    page = response.content.decode()
    assert "Nothing was imported" in page and "Fire safety" in page and "Course Title" in page
    assert not ComplianceImport.objects.exists()
    refused = ImportBatch.objects.get()
    assert bytes(refused.content) == b"" and refused.summary["report"]["counts"] == {UNKNOWN_LEVEL: 1}
    assert AuditEvent.objects.filter(action=Action.UPLOAD_REFUSED, user=lead, record_kind=KIND_SLUG).exists()
    another_lead = UserFactory(username="another-lead", role=roles.LEAD)
    report = reverse("training_import_report", args=[refused.pk])
    assert client_for(another_lead).get(report).status_code == 404

    response = _upload(client, mapping, export({}, {}))
    saved = ComplianceImport.objects.get()
    assert response.redirect_chain[-1][0] == reverse("training_import_detail", args=[saved.pk])
    assert saved.rows.count() == 2


def test_a_big_file_that_cannot_be_read_says_why(client, lead, mapping, settings):
    settings.IMPORT_BACKGROUND_BYTES = 10
    client.force_login(lead)
    response = _upload(client, mapping, b"%PDF-1.4 this is not a table at all")
    assert "not a CSV file or an Excel workbook" in response.content.decode()
    assert not ComplianceImport.objects.exists()
