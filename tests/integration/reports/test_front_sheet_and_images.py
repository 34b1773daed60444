"""The report's qualitative content (reports.annual.content_actions): the front sheet, pictures and row themes.

Each write refuses an approved report and names who made it and why in the report's history; a picture is
judged by what is in the file, never by its name, and is kept as a fresh PNG."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile
from django.test import Client, RequestFactory
from django.urls import reverse
from PIL import Image

from core.periods import FinancialYear
from reports.annual import actions, content_actions
from reports.annual.actions import ReportFrozenError
from reports.annual.specs import BlockSpec
from reports.content_forms import ImageForm
from reports.models import Report, ReportImage, RowTheme
from reports.views.content import PictureSizeLimit

YEAR = FinancialYear(2021)


def picture_bytes(format_="PNG", size=(40, 30), colour=(200, 30, 30), **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=format_, **options)
    return buffer.getvalue()


@pytest.fixture
def report(areas, secretary):
    return actions.create_report(year=YEAR, by=secretary, sections=[])


@pytest.fixture
def section(report, secretary):
    return actions.add_section(report=report, by=secretary, title="Our structure")


@pytest.fixture
def approved(report, lead):
    return actions.approve_report(report=report, by=lead)


def last_reason(report) -> tuple:
    row = Report.history.filter(id=report.pk).order_by("-history_id").first()
    return row.history_user, row.history_change_reason


# Front sheet


def test_the_front_sheet_is_saved_and_its_history_names_who_changed_which_fields(report, lead):
    content_actions.save_front_sheet(
        report,
        by=lead,
        organisation="Thames Valley Health NHS Foundation Trust",
        meeting_date=datetime.date(2022, 7, 14),
        purpose=Report.Purpose.ASSURANCE,
    )

    report.refresh_from_db()
    assert report.organisation == "Thames Valley Health NHS Foundation Trust"
    assert report.meeting_date == datetime.date(2022, 7, 14)
    user, reason = last_reason(report)
    assert user == lead
    assert reason == "Front sheet changed: organisation, meeting date, purpose"


def test_a_purpose_that_is_not_one_of_the_choices_is_refused_naming_the_field(report, lead):
    with pytest.raises(ValidationError) as refused:
        content_actions.save_front_sheet(report, by=lead, purpose="to frighten")

    assert "purpose" in refused.value.message_dict
    report.refresh_from_db()
    assert report.purpose == ""


def test_the_front_sheet_of_an_approved_report_cannot_be_changed(approved, lead):
    with pytest.raises(ReportFrozenError):
        content_actions.save_front_sheet(approved, by=lead, meeting="Trust Board")


# Pictures


def test_a_png_named_as_text_is_taken_as_the_png_it_is(section, secretary):
    data = picture_bytes("PNG", size=(40, 30))  # the file's name never reaches the action: only its bytes

    image = content_actions.add_image(section, by=secretary, data=data, alt_text="The team's structure chart")

    assert image.width == 40 and image.height == 30
    with Image.open(io.BytesIO(bytes(image.png))) as kept:
        assert kept.format == "PNG"


def test_a_jpeg_is_kept_as_a_png_without_its_metadata(section, secretary):
    exif = Image.Exif()
    exif[0x010E] = "Taken at 1 Secret Street"  # ImageDescription
    data = picture_bytes("JPEG", exif=exif.tobytes())

    image = content_actions.add_image(section, by=secretary, data=data, alt_text="Chart")

    with Image.open(io.BytesIO(bytes(image.png))) as kept:
        assert kept.format == "PNG"
        assert not kept.getexif()
    assert b"Secret Street" not in bytes(image.png)


def test_text_is_refused_whatever_its_name_says(section, secretary):
    with pytest.raises(ValidationError) as refused:
        content_actions.add_image(section, by=secretary, data=b"just some words, not a picture", alt_text="Chart")

    assert "not a PNG, JPEG or GIF" in refused.value.message_dict["image"][0]
    assert not ReportImage.objects.exists()


def test_a_picture_in_another_format_is_refused(section, secretary):
    with pytest.raises(ValidationError) as refused:
        content_actions.add_image(section, by=secretary, data=picture_bytes("BMP"), alt_text="Chart")

    assert "image" in refused.value.message_dict


def test_a_file_over_the_size_limit_is_refused_before_it_is_decoded(section, secretary, settings, monkeypatch):
    settings.REPORT_IMAGE_MAX_BYTES = 1000
    opened = []
    monkeypatch.setattr(content_actions.Image, "open", lambda *args, **kwargs: opened.append(args))

    with pytest.raises(ValidationError) as refused:
        content_actions.add_image(section, by=secretary, data=b"\x89PNG" + b"x" * 1001, alt_text="Chart")

    assert "smaller than" in refused.value.message_dict["image"][0]
    assert opened == []


def test_a_small_file_claiming_a_huge_picture_is_refused(section, secretary):
    # 6000 x 6000 = 36 million pixels of one colour compress to a few kilobytes: a decompression bomb.
    data = picture_bytes("PNG", size=(6000, 6000), colour=(0, 0, 0))
    assert len(data) < 1024 * 1024

    with pytest.raises(ValidationError) as refused:
        content_actions.add_image(section, by=secretary, data=data, alt_text="Chart")

    assert "million pixels" in refused.value.message_dict["image"][0]


def test_a_wide_picture_is_scaled_down_to_2000_pixels_keeping_its_shape(section, secretary):
    image = content_actions.add_image(
        section, by=secretary, data=picture_bytes("PNG", size=(4000, 1000)), alt_text="Chart"
    )

    assert (image.width, image.height) == (2000, 500)


def test_a_picture_without_alternative_text_is_refused_naming_the_field(section, secretary):
    with pytest.raises(ValidationError) as refused:
        content_actions.add_image(section, by=secretary, data=picture_bytes(), alt_text="   ")

    assert "Enter alternative text" in refused.value.message_dict["alt_text"][0]
    assert not ReportImage.objects.exists()


def test_adding_and_removing_a_picture_are_in_the_reports_history(report, section, secretary, lead):
    image = content_actions.add_image(
        section, by=secretary, data=picture_bytes(), alt_text="Chart", caption="Service structure"
    )
    assert last_reason(report) == (secretary, "Picture 'Service structure' added to section 'Our structure'")

    content_actions.remove_image(image, by=lead)

    assert not ReportImage.objects.exists()
    assert last_reason(report) == (lead, "Picture 'Service structure' removed from section 'Our structure'")


def test_no_picture_can_be_added_to_or_removed_from_an_approved_report(report, section, secretary, lead):
    image = content_actions.add_image(section, by=secretary, data=picture_bytes(), alt_text="Chart")
    actions.approve_report(report=report, by=lead)
    section.refresh_from_db()
    image.refresh_from_db()

    with pytest.raises(ReportFrozenError):
        content_actions.add_image(section, by=secretary, data=picture_bytes(), alt_text="Chart")
    with pytest.raises(ReportFrozenError):
        content_actions.remove_image(image, by=lead)
    assert ReportImage.objects.count() == 1


# Row themes


@pytest.fixture
def block(section, lead):
    return actions.add_block(
        section=section, by=lead, spec=BlockSpec("Incidents", ("child_safeguarding_incidents",), by="area")
    )


def test_row_themes_replace_the_blocks_themes_and_a_blank_one_removes_a_row(report, block, lead):
    content_actions.save_row_themes(block, by=lead, themes={"Oxfordshire": "Falls", "BSW": "Pressure ulcers"})
    content_actions.save_row_themes(block, by=lead, themes={"Oxfordshire": "Falls; medication", "BSW": " "})

    assert dict(RowTheme.objects.filter(block=block).values_list("row_label", "themes")) == {
        "Oxfordshire": "Falls; medication"
    }
    assert last_reason(report) == (lead, "Table 'Incidents': themes changed for rows BSW, Oxfordshire")


def test_row_themes_of_an_approved_report_cannot_be_changed(report, block, lead):
    actions.approve_report(report=report, by=lead)
    block.refresh_from_db()

    with pytest.raises(ReportFrozenError):
        content_actions.save_row_themes(block, by=lead, themes={"Oxfordshire": "Falls"})


# The pages


@pytest.fixture
def secretary_client(client_for, secretary):
    return client_for(secretary)


def test_the_secretary_fills_the_front_sheet_and_the_history_says_who_and_which_fields(
    report, secretary, secretary_client
):
    response = secretary_client.post(
        reverse("report_front_sheet", args=[report.pk]),
        {
            "organisation": "Thames Valley Health NHS Foundation Trust",
            "meeting": "Trust Board",
            "meeting_date": "14/07/2022",
            "agenda_item": "9.2",
            "purpose": "assurance",
            "recommendation": "The Board is asked to confirm that it is assured.",
        },
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.meeting, report.meeting_date, report.purpose) == (
        "Trust Board",
        datetime.date(2022, 7, 14),
        Report.Purpose.ASSURANCE,
    )
    user, reason = last_reason(report)
    assert user == secretary
    assert reason == "Front sheet changed: organisation, meeting, meeting date, agenda item, purpose, recommendation"


def test_a_front_sheet_with_an_impossible_date_keeps_what_was_typed_and_names_the_field(report, secretary_client):
    response = secretary_client.post(
        reverse("report_front_sheet", args=[report.pk]),
        {"organisation": "Thames Valley Health", "meeting_date": "31/02/2022", "authors": "Jo Bloggs, Head of nursing"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Meeting date: enter a real date" in page or "Enter a real date, for example 14/07/2022" in page
    assert 'value="Thames Valley Health"' in page
    assert "Jo Bloggs, Head of nursing" in page
    assert 'value="31/02/2022"' in page
    report.refresh_from_db()
    assert report.organisation == ""


def test_the_front_sheet_of_an_approved_report_cannot_be_opened(approved, client_for, lead):
    response = client_for(lead).get(reverse("report_front_sheet", args=[approved.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("report_detail", args=[approved.pk])
    assert "cannot be changed" in response.content.decode()


def upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_png_uploaded_as_text_is_kept_as_the_png_it_is_and_shown_to_report_readers(
    report, section, secretary_client, client_for, executive
):
    url = reverse("report_section_images", args=[report.pk, section.pk])
    response = secretary_client.post(
        url,
        {
            "image": upload("chart.txt", picture_bytes("PNG", size=(40, 30)), "text/plain"),
            "alt_text": "The team's structure chart",
            "caption": "Figure 1",
        },
    )

    assert response.status_code == 302
    image = ReportImage.objects.get()
    assert image.alt_text == "The team's structure chart"
    page = secretary_client.get(url).content.decode()
    assert 'alt="The team&#x27;s structure chart"' in page
    served = client_for(executive).get(reverse("report_image", args=[report.pk, image.pk]))
    assert served["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(served.content)) as shown:
        assert shown.format == "PNG" and shown.size == (40, 30)


def test_a_text_file_named_png_is_refused_keeping_the_alternative_text(report, section, secretary_client):
    response = secretary_client.post(
        reverse("report_section_images", args=[report.pk, section.pk]),
        {"image": upload("chart.png", b"not a picture at all", "image/png"), "alt_text": "The structure chart"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "The file is not a PNG, JPEG or GIF picture" in page
    assert "The structure chart" in page
    assert not ReportImage.objects.exists()


def test_an_upload_without_alternative_text_is_refused_naming_the_field_and_keeping_the_caption(
    report, section, secretary_client
):
    response = secretary_client.post(
        reverse("report_section_images", args=[report.pk, section.pk]),
        {"image": upload("chart.png", picture_bytes(), "image/png"), "alt_text": "", "caption": "Figure 1: the team"},
    )

    page = response.content.decode()
    assert '<a href="#id_alt_text">Enter alternative text' in page
    assert 'value="Figure 1: the team"' in page
    assert not ReportImage.objects.exists()


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(
    report, section, secretary_client, settings, monkeypatch
):
    settings.REPORT_IMAGE_MAX_BYTES = 2048
    added = []
    monkeypatch.setattr(content_actions, "add_image", lambda *args, **kwargs: added.append(kwargs))

    response = secretary_client.post(
        reverse("report_section_images", args=[report.pk, section.pk]),
        {"image": upload("big.png", b"\x89PNG" + b"x" * 2996, "image/png"), "alt_text": "Chart"},
    )

    page = response.content.decode()
    assert '<a href="#id_image">The picture must be smaller than 2 KB.</a>' in page
    assert "Choose a picture" not in page
    assert added == []  # refused by the upload's size, before its bytes were read or decoded


def test_an_upload_is_no_longer_taken_in_once_it_passes_the_size_limit(report, section, settings):
    settings.REPORT_IMAGE_MAX_BYTES = 100_000
    request = RequestFactory().post("/", {})
    limit = PictureSizeLimit(request, content_actions.image_max_bytes())
    limit.new_file("image", "big.png", "image/png", 10_000_000)
    kept = [limit.receive_data_chunk(b"x" * 65_536, 0)]

    with pytest.raises(SkipFile):
        limit.receive_data_chunk(b"x" * 65_536, 65_536)

    assert limit.too_large and kept == [b"x" * 65_536]


class UnreadableUpload(SimpleUploadedFile):
    def read(self, *args):
        pytest.fail("the form read a file it should have refused by its size")


def test_the_form_refuses_a_file_whose_size_is_over_the_limit_without_reading_it(settings):
    settings.REPORT_IMAGE_MAX_BYTES = 2048
    upload = UnreadableUpload("big.png", b"x" * 3000, content_type="image/png")

    form = ImageForm(data={"alt_text": "Chart"}, files={"image": upload})

    assert form.errors["image"] == ["The picture must be smaller than 2 KB: this file is 3 KB."]


def test_removing_a_picture_takes_it_out_and_the_history_says_who(report, section, secretary, client_for, lead):
    image = content_actions.add_image(section, by=secretary, data=picture_bytes(), alt_text="Chart", caption="Team")

    response = client_for(lead).post(reverse("report_image_remove", args=[report.pk, image.pk]))

    assert response.status_code == 302
    assert not ReportImage.objects.exists()
    assert last_reason(report) == (lead, "Picture 'Team' removed from section 'Our structure'")


def test_a_picture_is_served_only_under_its_own_report(report, section, secretary, client_for, lead):
    image = content_actions.add_image(section, by=secretary, data=picture_bytes(), alt_text="Chart")
    other = actions.create_report(year=YEAR.next, by=secretary, sections=[])

    response = client_for(lead).get(reverse("report_image", args=[other.pk, image.pk]))

    assert response.status_code == 404


@pytest.fixture
def area_table(section, lead):
    spec = BlockSpec("Incidents by area", ("child_safeguarding_incidents",), by="area", hide_empty_rows=False)
    return actions.add_block(section=section, by=lead, spec=spec)


def test_the_themes_page_has_a_field_for_each_row_of_the_table_and_saves_them(
    report, area_table, secretary, secretary_client
):
    url = reverse("report_block_themes", args=[report.pk, area_table.pk])
    form = secretary_client.get(url).context["form"]
    rows = {form[name].label: name for name in form.fields}
    assert set(rows) == {"Oxfordshire", "BSW"}  # the areas directly below the trust (the areas fixture)

    response = secretary_client.post(url, {rows["Oxfordshire"]: "Falls; medication errors", rows["BSW"]: ""})

    assert response.status_code == 302
    assert dict(RowTheme.objects.values_list("row_label", "themes")) == {"Oxfordshire": "Falls; medication errors"}
    assert last_reason(report) == (secretary, "Table 'Incidents by area': themes changed for rows Oxfordshire")


def test_the_structure_page_adds_a_block_of_the_services_audits(report, section, client_for, lead):
    response = client_for(lead).post(
        reverse("report_register_block_add", args=[report.pk, section.pk]), {"kind": "audits", "title": ""}
    )

    assert response.status_code == 302
    block = section.blocks.get()
    assert (block.kind, block.title, block.metrics) == ("audits", "Audit programme for the year", [])
    assert last_reason(report) == (lead, "Audit programme for the year 'Audit programme for the year' added "
                                         "to section 'Our structure'")  # fmt: skip


def test_an_upload_without_the_forms_csrf_token_is_refused(report, section, secretary):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary)

    response = client.post(
        reverse("report_section_images", args=[report.pk, section.pk]),
        {"image": upload("chart.png", picture_bytes(), "image/png"), "alt_text": "Chart"},
    )

    assert response.status_code == 403
    assert not ReportImage.objects.exists()
