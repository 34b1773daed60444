"""Files a person may send: every unreadable one gets a sentence saying why, never a server error."""

import csv
import io
import zipfile
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts import roles
from activity import forms as activity_forms
from activity.importing import apply_import, files, plan_import
from activity.models import Area, Consultation, ImportBatch
from activity.views import imports
from demo.reference import load_reference
from tests.factories import UserFactory

HEADERS = [
    "Reference",
    "Date",
    "Area",
    "Client group",
    "Service",
    "Team",
    "Category of concern",
    "Mode",
    "Outcome",
    "Case reference",
]
GOOD = ["IMP-1", "2021-06-01", "Oxfordshire", "Child", "Community Health", "Health Visiting", "Neglect", "", "", "C-1"]
GOOD_CSV = (",".join(HEADERS) + "\n" + ",".join(GOOD) + "\n").encode()


@pytest.fixture
def user(db):
    load_reference()
    return UserFactory(role=roles.PRACTITIONER, areas=[Area.objects.get(slug="oxfordshire")])


def plan_of(user, content, file_name="upload.csv"):
    return plan_import(kind="consultations", content=content, file_name=file_name, user=user)


def xlsx(*sheets) -> bytes:
    """A workbook whose sheets hold these rows (lists of cell values; a string "=..." is a formula)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, rows in enumerate(sheets):
        sheet = workbook.create_sheet(f"Sheet{number + 1}")
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# Files that import


def test_a_csv_with_a_byte_order_mark_imports(user):
    plan = plan_of(user, b"\xef\xbb\xbf" + GOOD_CSV)

    assert (plan.file_error, plan.errors, plan.new_count, plan.file_format) == (None, [], 1, "CSV")


def test_a_windows_1252_csv_imports_with_its_accented_letters(user):
    content = GOOD_CSV.replace(b"C-1", "Café-1".encode("cp1252"))
    apply_import(plan_of(user, content), by=user, file_name="upload.csv")

    assert Consultation.objects.get().case_reference == "Café-1"


def test_a_semicolon_separated_csv_from_a_european_excel_imports(user):
    plan = plan_of(user, GOOD_CSV.replace(b",", b";"))

    assert (plan.errors, plan.new_count) == ([], 1)


def test_an_xlsx_imports_with_real_dates_and_numbers_in_its_cells(user):
    cells = [*GOOD]
    cells[1] = datetime(2021, 6, 1)
    cells[9] = 12345
    apply_import(plan_of(user, xlsx([HEADERS, cells]), "upload.xlsx"), by=user, file_name="upload.xlsx")

    saved = Consultation.objects.get()
    assert (saved.date.isoformat(), saved.case_reference) == ("2021-06-01", "12345")


def test_the_format_is_read_from_the_content_not_the_file_name(user):
    as_csv_name = plan_of(user, xlsx([HEADERS, GOOD]), "mislabelled.csv")
    as_xlsx_name = plan_of(user, GOOD_CSV, "mislabelled.xlsx")

    assert (as_csv_name.file_format, as_csv_name.new_count) == ("Excel workbook", 1)
    assert (as_xlsx_name.file_format, as_xlsx_name.new_count) == ("CSV", 1)


def test_only_the_first_sheet_of_a_workbook_is_read(user):
    plan = plan_of(user, xlsx([HEADERS, GOOD], [["Totals"], ["=SUM(A1:A9)", "not a row"]]), "upload.xlsx")

    assert (plan.file_error, plan.errors, plan.new_count) == (None, [], 1)


def test_row_numbers_are_the_rows_a_spreadsheet_shows_counting_blank_rows(user):
    bad = [*GOOD]
    bad[0], bad[1] = "IMP-2", "someday"
    plan = plan_of(user, xlsx([HEADERS, GOOD, [], [None, None], bad]), "upload.xlsx")

    assert [(error.row_number, error.column) for error in plan.errors] == [(5, "Date")]


# Files that cannot be imported


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"\xef\xbb\xbf \r\n\r\n", "The file is empty."),
        (
            b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
            "The file is a PDF, not a CSV file or an Excel",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "The file is a PNG image, not a CSV file",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "an old-style Office file (.xls or .doc)"),
        (b"Reference,Date\x00\x01\x02\x03,Area\n", "The file holds binary data, not text: it is not a CSV file."),
        (b"\x13\x37\x00\xff\xfe\x00garbage" * 10, "The file holds binary data, not text"),
        (
            zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
            "The file is a Word document, not a CSV file or an Excel workbook.",
        ),
        (zipped({"notes.txt": b"hello"}), "The file is a zip file, not a CSV file or an Excel workbook."),
        (b"PK\x03\x04 this is no zip at all", "The file looks like a zip file but is damaged."),
        (b"Reference,Date\x07,Area\n", "The file holds control characters, so it is not a CSV file."),
        (b"<!DOCTYPE html><html><table><tr><td>Reference</td></tr></table>", "The file is a web page"),
        (
            (",".join(HEADERS) + '\nIMP-1,"2021-06-01,Oxfordshire\nIMP-2,2021-06-02\n').encode(),
            "The file cannot be read as CSV after row 1 (unexpected end of data).",
        ),
    ],
    ids=[
        "empty",
        "blank",
        "pdf",
        "png",
        "xls",
        "nul-bytes",
        "binary",
        "docx",
        "zip",
        "damaged-zip",
        "control",
        "web-page",
        "unclosed-quote",
    ],
)
def test_a_file_that_is_not_csv_or_xlsx_is_refused_saying_what_it_is(user, content, message):
    plan = plan_of(user, content)

    assert message in plan.file_error
    assert (plan.errors, plan.row_count, plan.is_valid) == ([], 0, False)
    if content:
        assert "Save it as CSV or as an Excel workbook (.xlsx)" in plan.file_error or "empty" in plan.file_error


def test_a_header_row_without_data_is_refused(user):
    plan = plan_of(user, (",".join(HEADERS) + "\n\n,,,\n").encode())

    assert plan.file_error == "The file has a header row but no rows of data under it."


def test_a_workbook_with_a_formula_is_refused_naming_its_cell(user):
    rows = [HEADERS, GOOD, [*GOOD[:2], "Oxfordshire"], ["IMP-3", "2021-06-01", '=IF(TRUE,"Oxfordshire","")']]
    plan = plan_of(user, xlsx(rows), "upload.xlsx")

    assert plan.file_error.startswith("Cell C4 holds a formula: the importer reads values, not formulas.")
    assert plan.errors == []


def test_a_file_over_the_size_limit_is_refused(user, monkeypatch):
    monkeypatch.setattr(files, "MAX_IMPORT_BYTES", 100)
    plan = plan_of(user, GOOD_CSV + GOOD_CSV[-60:])

    assert plan.file_error.startswith("The file is 0.0 MB: the most an import takes is")
    assert "Split it into smaller files." in plan.file_error


def test_the_size_limit_is_twenty_megabytes_and_two_hundred_thousand_rows():
    assert (files.MAX_IMPORT_BYTES, files.MAX_IMPORT_ROWS) == (20 * 2**20, 200_000)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_file_with_too_many_rows_is_refused_without_listing_row_errors(user, monkeypatch, file_format):
    monkeypatch.setattr(files, "MAX_IMPORT_ROWS", 2)
    bad_rows = [["IMP-1", "not a date"], ["IMP-2", "not a date"], ["IMP-3", "not a date"]]
    csv_content = (",".join(HEADERS) + "\n" + "".join(",".join(cells) + "\n" for cells in bad_rows)).encode()
    content = csv_content if file_format == "csv" else xlsx([HEADERS, *bad_rows])

    plan = plan_of(user, content)

    assert plan.file_error.startswith("The file has more than 2 rows of data: the most an import takes is 2.")
    assert plan.errors == []


def test_missing_and_unknown_headings_are_named_with_the_headings_expected(user):
    content = b"Reference,Dte,Area,Client group,Service,Team,Mode,Outcome,Case reference,Favourite colour\nX\n"
    plan = plan_of(user, content)

    assert plan.file_error == (
        "The file's headings do not match consultations: missing Date and Category of concern; "
        "not recognised: Dte and Favourite colour. The headings are Reference, Date, Area, Client group, "
        "Service, Team, Category of concern, Mode, Outcome, Case reference; and, if you have them, Notes."
    )
    assert plan.errors == []


def test_a_heading_given_twice_is_refused(user):
    plan = plan_of(user, (",".join([*HEADERS, "date"]) + "\n" + ",".join(GOOD) + "\n").encode())

    assert plan.file_error == "The heading Date appears twice: each column needs one heading of its own."


def test_a_file_of_another_kind_is_refused_by_its_headings(user):
    plan = plan_import(kind="referrals", content=GOOD_CSV, file_name="upload.csv", user=user)

    assert plan.file_error.startswith("The file's headings do not match referrals: missing Referred to;")


def test_a_workbook_whose_first_sheet_is_empty_is_refused(user):
    plan = plan_of(user, xlsx([], [HEADERS, GOOD]), "upload.xlsx")

    assert plan.file_error == "The workbook's first sheet is empty: put the rows in the first sheet."


# Through the upload page: the size is checked before the file is read, and the content decides the format


def _upload(client, content, name):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("import_new"), {"kind": "consultations", "file": upload}, follow=True)


@pytest.mark.parametrize(
    ("content", "what"),
    [(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "a PNG image"), (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF")],
    ids=["png", "pdf"],
)
def test_an_upload_named_csv_holding_an_image_or_pdf_is_refused_by_its_content(client, user, content, what):
    client.force_login(user)

    response = _upload(client, content, "consultations.csv")

    assert response.status_code == 200
    assert response.context["summary"]["file_error"].startswith(f"The file is {what}, not a CSV file")
    assert f"The file is {what}, not a CSV file" in response.content.decode()
    assert not Consultation.objects.exists()


def test_an_upload_named_xlsx_holding_csv_text_is_read_as_csv(client, user):
    client.force_login(user)

    response = _upload(client, GOOD_CSV, "consultations.xlsx")

    summary = response.context["summary"]
    assert (summary["file_error"], summary["errors"], summary["new"]) == (None, [], 1)
    assert "Imported" not in response.content.decode() and not Consultation.objects.exists()


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(client, user, monkeypatch):
    def never(**kwargs):
        raise AssertionError("an over-size file must be refused before it is read")

    monkeypatch.setattr(activity_forms, "MAX_IMPORT_BYTES", 2**20)
    monkeypatch.setattr(imports, "plan_import", never)
    client.force_login(user)

    response = _upload(client, GOOD_CSV + b"x" * (3 * 2**19), "consultations.csv")

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["The file is 1.5 MB; the most an import takes is 1 MB"]
    assert "The file is 1.5 MB; the most an import takes is 1 MB" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_uploads_bigger_than_django_keeps_in_memory_go_to_a_temporary_file(settings):
    """So an upload up to the import limit is never held whole in memory until the form has checked its size."""
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * 2**20
    assert "django.core.files.uploadhandler.TemporaryFileUploadHandler" in settings.FILE_UPLOAD_HANDLERS


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_cell_an_export_quoted_against_formulas_imports_as_the_text_it_was(user, file_format):
    cells = [*GOOD]
    cells[9] = '\'=HYPERLINK("http://x.invalid")'
    if file_format == "csv":
        text = io.StringIO()
        csv.writer(text).writerows([HEADERS, cells])
        content = text.getvalue().encode()
    else:
        content = xlsx([HEADERS, cells])

    apply_import(plan_of(user, content, f"upload.{file_format}"), by=user, file_name=f"upload.{file_format}")

    assert Consultation.objects.get().case_reference == '=HYPERLINK("http://x.invalid")'
