"""Imports that cannot exhaust the server (issue 12), and uploads not kept for ever.

Workbooks made to overload the importer (scripts/hostile_files.py) are refused with a sentence naming the
problem, before openpyxl parses them; a legitimate workbook still imports. An imported upload's content
is gone; uploads never imported are deleted after IMPORT_UPLOADS_KEPT_DAYS by the clean-up of old jobs.
How fast and in how little memory they are refused is measured in scripts/bench_hostile_files.py.
"""

import importlib.util
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl.reader.excel import ExcelReader

from accounts import roles
from activity.importing import files, plan_import
from activity.job_kinds import IMPORT_CHECK
from activity.models import Area, Consultation, ImportBatch
from demo.reference import load_reference
from jobs import actions as job_actions
from jobs.models import Job
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[3]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _load_script():
    spec = importlib.util.spec_from_file_location("hostile_files", ROOT / "scripts" / "hostile_files.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hostile = _load_script()


@pytest.fixture
def user(db):
    load_reference()
    return UserFactory(role=roles.PRACTITIONER, areas=[Area.objects.get(slug="oxfordshire")])


@pytest.fixture
def openpyxl_never_reads(monkeypatch):
    """openpyxl's reader fails the test if it is asked to read anything."""

    def read(self):
        raise AssertionError("openpyxl was asked to read a workbook that should have been refused before")

    monkeypatch.setattr(ExcelReader, "read", read)


def _plan(user, content):
    return plan_import(kind="consultations", content=content, file_name="upload.xlsx", user=user)


# -- refused before parsing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: hostile.shared_strings_bomb(50), ["shared text", "unpacks from", "to 50 MB", "(385 to 1)"]),
        (lambda: hostile.shared_strings_bomb(390), ["shared text", "to 390 MB", "(386 to 1)"]),
        (hostile.many_cells, ["sheet sheet1.xml", "to 72 MB"]),
        (hostile.long_string, ["shared text", "to 48 MB"]),
        (hostile.entity_expansion, ["shared text", "defines XML entities"]),
    ],
    ids=["shared-strings-50mb", "shared-strings-390mb", "many-cells", "long-string", "entity-expansion"],
)
def test_a_hostile_workbook_is_refused_before_openpyxl_reads_it(user, openpyxl_never_reads, make, words):
    plan = _plan(user, make())
    assert not plan.is_valid and plan.row_count == 0
    for word in words:
        assert word in plan.file_error
    assert "Save the table again from Excel" in plan.file_error


def test_shared_text_bigger_than_a_real_file_needs_is_refused_however_loosely_packed(
    user, openpyxl_never_reads, monkeypatch
):
    monkeypatch.setattr(files, "MAX_PACKING_RATIO", 10_000)
    monkeypatch.setattr(files, "MAX_SHARED_TEXT_BYTES", 10 * 2**20)
    plan = _plan(user, hostile.shared_strings_bomb(50))
    assert plan.file_error.startswith("The workbook's shared text (the table of every text its cells hold) unpacks")
    assert "to 50 MB, more than the 10 MB the importer reads" in plan.file_error
    assert "Split it into smaller files of at most 200,000 rows" in plan.file_error


def test_shared_text_stating_more_strings_than_cells_can_use_is_refused(user, openpyxl_never_reads, monkeypatch):
    monkeypatch.setattr(files, "MAX_PACKING_RATIO", 10_000)
    plan = _plan(user, hostile.shared_strings_bomb(50))
    assert re.search(
        r"holds 2,759,\d{3} strings, more than the 2,000,010 cells a file of 200,000 rows", plan.file_error
    )


def test_shared_text_understating_its_strings_is_stopped_while_it_is_read(user, monkeypatch):
    """The count a table states is only a quick first check: the reader itself stops at the limit."""
    monkeypatch.setattr(files, "MAX_SHARED_STRINGS", 1000)
    strings = hostile._shared_strings([b"<si><t>x</t></si>" * 2000], declared=1)
    plan = _plan(user, hostile._workbook(sheet=hostile._sheet(), strings=strings))
    assert "shared text holds more than 1,000 strings" in plan.file_error


def test_a_sheet_stating_it_spans_every_cell_of_the_sheet_is_refused(user):
    plan = _plan(user, hostile.stated_dimension())
    assert plan.file_error.startswith("The workbook's first sheet says it spans 17,179,869,184 cells (A1:XFD1048576)")


def test_cells_far_to_the_right_are_not_read(user, monkeypatch):
    """A cell in column XFD would make every row 16,384 cells wide; the importer reads 100 columns."""
    widths = []
    original = files._sheet_rows

    def sheet_rows(sheet, workbook):
        for row_number, values in original(sheet, workbook):
            widths.append(len(values))
            yield row_number, values

    monkeypatch.setattr(files, "_sheet_rows", sheet_rows)
    plan = _plan(user, hostile.wide_rows(rows=50))
    assert plan.row_count == 51 and max(widths) == files.MAX_COLUMNS_READ == 100


def test_the_limits_are_sized_from_real_files():
    assert files.MAX_PACKING_RATIO == 100 and files.MAX_SHARED_TEXT_BYTES == 100 * 2**20
    assert files.MAX_SHARED_STRINGS == 2_000_010 and files.MAX_STATED_CELLS == 20_000_100


def test_a_legitimate_workbook_still_imports(user):
    content = hostile.legitimate_consultations(300)
    plan = _plan(user, content)
    assert plan.is_valid, plan.file_error or plan.errors[:3]
    assert plan.new_count == 300


# -- in the browser: a small workbook that unpacks big is checked by a job ------------------------------


def _upload(client, content, name="consultations.xlsx"):
    upload = SimpleUploadedFile(name, content, content_type=XLSX_TYPE)
    return client.post(reverse("import_new"), {"kind": "consultations", "file": upload})


def test_a_small_workbook_that_unpacks_big_is_checked_by_a_job_and_refused(client, user):
    client.force_login(user)
    content = hostile.shared_strings_bomb(50)
    assert len(content) < 2**20  # under IMPORT_BACKGROUND_BYTES, which alone would check it in the request
    response = _upload(client, content)
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk]) and job.kind == IMPORT_CHECK
    preview = client.get(reverse("import_preview", args=[ImportBatch.objects.get().pk]))
    assert "unpacks from 133 KB to 50 MB" in preview.content.decode()


# -- uploads not kept ------------------------------------------------------------------------------------


def test_an_imported_uploads_content_is_deleted_and_its_summary_kept(client, user):
    client.force_login(user)
    _upload(client, hostile.legitimate_consultations(3))
    batch = ImportBatch.objects.get()
    assert bytes(batch.content)
    client.post(reverse("import_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED and Consultation.objects.count() == 3
    assert bytes(batch.content) == b""
    assert batch.summary["result"]["new"] == 3
    page = client.get(reverse("import_preview", args=[batch.pk])).content.decode()
    assert "consultations.xlsx" in page


def _batch(user, *, days_old, status=ImportBatch.Status.PREVIEWED):
    batch = ImportBatch.objects.create(
        record_type="consultations", file_name="old.csv", content=b"Reference\nX", uploaded_by=user, status=status
    )
    ImportBatch.objects.filter(pk=batch.pk).update(uploaded_at=timezone.now() - timedelta(days=days_old))
    return batch


def test_uploads_never_imported_are_deleted_after_the_kept_days_and_recent_ones_kept(user):
    old = _batch(user, days_old=8)
    recent = _batch(user, days_old=6)
    imported = _batch(user, days_old=30, status=ImportBatch.Status.IMPORTED)
    assert job_actions.clean_up() == (0, 1)
    assert set(ImportBatch.objects.values_list("pk", flat=True)) == {recent.pk, imported.pk}
    assert not ImportBatch.objects.filter(pk=old.pk).exists()


def test_the_uploads_kept_days_are_a_setting(user, settings):
    settings.IMPORT_UPLOADS_KEPT_DAYS = 2
    _batch(user, days_old=3)
    kept = _batch(user, days_old=1)
    call_command("delete_old_jobs", verbosity=0)
    assert list(ImportBatch.objects.values_list("pk", flat=True)) == [kept.pk]


def test_an_upload_deletes_those_past_their_time(client, user):
    old = _batch(user, days_old=8)
    client.force_login(user)
    _upload(client, hostile.legitimate_consultations(2))
    assert not ImportBatch.objects.filter(pk=old.pk).exists() and ImportBatch.objects.count() == 1
