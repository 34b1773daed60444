"""Hostile input, generated (tests/hostile.py): files. Uploads and imports given hostile rows and random bytes, and
exports of text typed as a formula; and that the fuzz draws the same examples on every run.

The forms and addresses are fuzzed beside this file, one for each kind of input: test_hostile_record_forms.py,
test_hostile_record_edits.py, test_hostile_returns_and_addresses.py, test_hostile_reports.py and
test_hostile_sign_in.py. A nightly run searches wider in all of them: FUZZ_SEED=<n> (tests/hostile.py).
"""

import csv
import io
import os
from datetime import date

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from activity import actions
from activity.importing import plan_import
from activity.models import ClientGroup, Consultation, ImportBatch
from tests import hostile
from tests.factories import ConsultationFactory
from tests.hostile import NASTY, assert_safe, fuzz, hostile_text, hostile_value, refused

pytestmark = pytest.mark.django_db

# Fixtures: the areas, service, team, category and lead each test posts as, and a client signed in as the lead
world = hostile.world
lead_client = hostile.lead_client


def test_the_fuzz_draws_the_same_examples_on_every_run():
    """What CI found is found again here: the examples do not change from one run to the next."""

    def draws():
        seen = []

        @fuzz
        @given(value=hostile_value)
        def collect(value):
            seen.append(repr(value))

        collect()
        return seen

    first = draws()
    assert len(first) > 1
    assert draws() == first


# The importer

IMPORT_HEADERS = [
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
    "Notes",
]
IMPORT_GOOD = [
    "",
    "2021-06-01",
    "Oxfordshire",
    "Child",
    "Community Health",
    "Health Visiting",
    "Neglect",
    "",
    "",
    "C-1",
    "",
]
import_cell = st.one_of(st.sampled_from(NASTY), st.text(max_size=20), st.just("x" * 5_000))


@st.composite
def import_rows(draw):
    rows = []
    for number in range(draw(st.integers(min_value=1, max_value=5))):
        cells = [*IMPORT_GOOD]
        for index in draw(st.sets(st.integers(min_value=0, max_value=len(cells) - 1), max_size=4)):
            cells[index] = draw(import_cell)
        # References stay unique, so each row is good or bad on its own.
        cells[0] = f"{cells[0] if cells[0] else 'IMP'}-{number}"
        rows.append(cells)
    return rows


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([IMPORT_HEADERS, *rows])  # quotes a cell holding CR or LF
    return buffer.getvalue().encode("utf-8")


def sendable(file_name: str) -> bool:
    """A name the test client can send a file under (a browser could send others; Django drops those)."""
    return os.path.basename(file_name) == file_name and file_name not in ("", ".", "..")


def test_an_import_of_hostile_rows_saves_all_or_none_and_names_every_bad_row(lead_client, world):
    lead = world["lead"]

    @fuzz
    @given(rows=import_rows(), file_name=st.one_of(st.just("consultations.csv"), hostile_text.filter(sendable)))
    def upload(rows, file_name):
        from django.core.files.uploadedfile import SimpleUploadedFile

        content = _csv(rows)
        before, batches = Consultation.objects.count(), set(ImportBatch.objects.values_list("pk", flat=True))
        plan = plan_import(kind="consultations", content=content, file_name="x.csv", user=lead)
        file = SimpleUploadedFile(file_name[:200], content, content_type="text/csv")
        response = lead_client.post(reverse("import_new"), {"kind": "consultations", "file": file}, follow=True)
        assert_safe(response)
        new_batches = ImportBatch.objects.exclude(pk__in=batches)
        if not new_batches:  # a name Django cannot keep (such as one ending in a backslash) sends no file
            assert refused(response)
            return
        batch = new_batches.get()
        assert batch.summary["valid"] == plan.is_valid
        if plan.file_error is None:
            bad_alone = set()
            for number, cells in enumerate(rows, start=2):
                alone = plan_import(kind="consultations", content=_csv([cells]), file_name="x.csv", user=lead)
                if alone.errors or alone.file_error:
                    bad_alone.add(number)
            assert {error.row_number for error in plan.errors} == bad_alone
            assert {error["row_number"] for error in batch.summary["errors"]} == bad_alone
        confirmed = lead_client.post(reverse("import_confirm", args=[batch.pk]), follow=True)
        assert_safe(confirmed)
        if plan.is_valid:
            assert Consultation.objects.count() == before + len(rows)
            Consultation.objects.filter(reference__in=[cells[0].strip() for cells in rows]).delete()
        else:
            assert Consultation.objects.count() == before

    upload()


def test_an_uploaded_file_of_hostile_bytes_is_refused_with_a_message(lead_client):
    @fuzz
    @given(
        content=st.one_of(st.binary(min_size=1, max_size=300), st.text(min_size=1).map(str.encode)),
        kind=st.one_of(st.just("consultations"), hostile_value),
    )
    def upload(content, kind):
        from django.core.files.uploadedfile import SimpleUploadedFile

        before = Consultation.objects.count()
        file = SimpleUploadedFile("upload.csv", content, content_type="text/csv")
        response = lead_client.post(reverse("import_new"), {"kind": kind, "file": file}, follow=True)
        assert_safe(response)
        assert Consultation.objects.count() == before

    upload()


# Exports: text typed as a formula is exported as text


@pytest.fixture
def formula_record(world):
    return ConsultationFactory(
        area=world["oxon"],
        by=world["lead"],
        client_group=ClientGroup.CHILD,
        date=date(2021, 6, 1),
        case_reference='=HYPERLINK("http://x.invalid","Go")',
    )


def test_a_csv_export_shows_a_formula_typed_as_a_case_reference_as_text(lead_client, formula_record):
    response = lead_client.get(reverse("record_list", args=["consultations"]), {"export": "csv"})

    header, row = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    assert row[header.index("Case reference")] == '\'=HYPERLINK("http://x.invalid","Go")'


def test_an_xlsx_export_stores_a_formula_typed_as_a_case_reference_as_a_text_cell(lead_client, formula_record):
    response = lead_client.get(reverse("record_list", args=["consultations"]), {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(2, header.index("Case reference") + 1)
    assert cell.value == '\'=HYPERLINK("http://x.invalid","Go")'
    assert cell.data_type == "s"
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_with_formula_like_text_imports_back_unchanged(lead_client, world, formula_record, file_format):
    ConsultationFactory(
        area=world["oxon"],
        by=world["lead"],
        client_group=ClientGroup.CHILD,
        case_reference="-12",
        date=date(2021, 6, 2),
    )
    response = lead_client.get(reverse("record_list", args=["consultations"]), {"export": file_format})

    plan = plan_import(kind="consultations", content=response.content, file_name=f"x.{file_format}", user=world["lead"])

    assert (plan.file_error, plan.errors, plan.new_count, plan.changed_count, plan.unchanged_count) == (
        None,
        [],
        0,
        0,
        2,
    )


def test_an_export_drops_control_characters_a_spreadsheet_cannot_hold(lead_client, world):
    actions.create_record(
        model=Consultation,
        by=world["lead"],
        area=world["oxon"],
        client_group=ClientGroup.CHILD,
        date=date(2021, 6, 1),
        case_reference="AB\x01\x02\x7f12",
    )

    url = reverse("record_list", args=["consultations"])

    exported_csv = lead_client.get(url, {"export": "csv"})
    exported_xlsx = lead_client.get(url, {"export": "xlsx"})

    header, row = csv.reader(io.StringIO(exported_csv.content.decode("utf-8-sig"), newline=""))
    assert row[header.index("Case reference")] == "AB12"
    sheet = load_workbook(io.BytesIO(exported_xlsx.content)).active
    assert sheet.cell(2, header.index("Case reference") + 1).value == "AB12"


# What the fuzzing found, pinned


def test_an_imported_reference_with_a_slash_is_refused_as_it_could_not_be_linked_to(world):
    rows = [["IMP/1", *IMPORT_GOOD[1:]], ["..", *IMPORT_GOOD[1:]]]

    plan = plan_import(kind="consultations", content=_csv(rows), file_name="x.csv", user=world["lead"])

    assert [(error.row_number, error.column, error.reason) for error in plan.errors] == [
        (
            2,
            "Reference",
            "cannot contain a slash (/), or be just . or ..: a record's reference is part of its web address",
        ),
        (
            3,
            "Reference",
            "cannot contain a slash (/), or be just . or ..: a record's reference is part of its web address",
        ),
    ]
