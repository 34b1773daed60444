"""Hostile input (tests/hostile.py) in the import of the learning system's export and the figures' filters: whatever
is sent, the answer is never a server error, an import saves every row or none, and no page shows a script tag it
was sent as markup (a staff identifier included)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from tests.hostile import IMG, SCRIPT, assert_safe, fuzz, hostile_text, hostile_value, last
from tests.integration.training.conftest import HEADINGS, export
from training.models import ComplianceImport, StaffRequirement

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


def _post(client, mapping, content, *, as_at="31/03/2022", mapping_value=None, file_name="export.csv"):
    upload = SimpleUploadedFile(file_name, content, content_type="text/csv")
    data = {"file": upload, "as_at": as_at, "mapping": mapping.pk if mapping_value is None else mapping_value}
    return client.post(reverse("training_import"), {**data, "import": "1"}, follow=True)


def _all_or_nothing(rows_sent: int, before: int) -> bool:
    saved = ComplianceImport.objects.count() - before
    if saved == 0:
        return True
    latest = ComplianceImport.objects.order_by("-pk").first()
    return saved == 1 and latest.rows.count() == rows_sent


def test_the_upload_form_given_hostile_values_refuses_or_imports_whole(lead_client, mapping):
    @fuzz
    @given(as_at=hostile_value, mapping_value=hostile_value)
    @example(as_at=SCRIPT, mapping_value=IMG)
    @example(as_at="31/02/2022", mapping_value="999999")
    @example(as_at="31/03/2022", mapping_value=str(mapping.pk))
    def post(as_at, mapping_value):
        before = ComplianceImport.objects.count()
        response = _post(lead_client, mapping, export({}), as_at=as_at, mapping_value=mapping_value)
        assert_safe(response)
        assert _all_or_nothing(1, before)
        if ComplianceImport.objects.count() > before:
            assert response.redirect_chain
            ComplianceImport.objects.order_by("-pk").first().delete()
        else:
            assert response.status_code == 200 and response.context["form"].errors

    post()


def test_hostile_cells_in_any_column_import_every_row_or_none(lead_client, mapping):
    columns = [heading for heading in HEADINGS if heading != "Full Name"]

    @fuzz
    @given(cells=st.fixed_dictionaries({}, optional=dict.fromkeys(columns, hostile_text)))
    @example(cells={"Employee No": SCRIPT})
    @example(cells={"Course Title": IMG, "Locality": SCRIPT})
    @example(cells={"Completion Date": "9999-12-31", "Last Supervision": "0001-01-01"})
    def post(cells):
        cells = {heading: value.replace("\x00", "") for heading, value in cells.items()}
        before = ComplianceImport.objects.count()
        response = _post(lead_client, mapping, export({}, cells))
        assert_safe(response)
        assert _all_or_nothing(2, before)
        if ComplianceImport.objects.count() > before:
            for page in ("training_compliance", "training_supervision_due"):
                assert_safe(lead_client.get(reverse(page)))
            ComplianceImport.objects.order_by("-pk").first().delete()

    post()


def test_an_uploaded_file_of_hostile_bytes_saves_nothing(lead_client, mapping):
    @fuzz
    @given(content=st.one_of(st.binary(min_size=1, max_size=300), st.text(min_size=1).map(str.encode)))
    def post(content):
        response = _post(lead_client, mapping, content)
        assert_safe(response)
        assert not StaffRequirement.objects.exists()

    post()


def test_a_staff_identifier_written_as_markup_is_shown_as_text(lead_client, mapping):
    response = _post(lead_client, mapping, export({"Employee No": SCRIPT, "Supervision Required": "Yes"}))
    assert response.redirect_chain
    page = lead_client.get(reverse("training_supervision_due"))
    assert_safe(page)
    assert "&lt;script&gt;" in page.content.decode()


def test_the_figures_filters_given_hostile_values_answer_without_error(lead_client, mapping):
    _post(lead_client, mapping, export({}))

    @fuzz
    @given(area=hostile_value, chosen=hostile_value)
    def get(area, chosen):
        for page in ("training_compliance", "training_supervision_due"):
            response = lead_client.get(reverse(page), {"area": area, "compliance_import": chosen})
            assert_safe(response)
            assert response.status_code == 200

    get()


def test_a_file_with_many_columns_and_long_cells_is_read_without_error(lead_client, mapping):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*HEADINGS, *(f"Extra {n}" for n in range(150))])
    writer.writerow(["E000001", "x" * 100_000, *([""] * (len(HEADINGS) - 2)), *(["y"] * 150)])
    response = _post(lead_client, mapping, out.getvalue().encode())
    assert_safe(response)
    assert not ComplianceImport.objects.exists()
    assert last(["a", "b"]) == "b"
