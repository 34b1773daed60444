"""Hostile input (tests/hostile.py) in the annual report's forms: a new report, its sections and their tables."""

import io

import docx
import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from core.periods import FinancialYear
from reports.annual import actions as report_actions
from reports.annual.content import presented
from reports.annual.exporters.docx import render_docx
from reports.annual.specs import BlockSpec
from reports.annual.structure import SectionSpec
from reports.models import DataBlock, Report, ReportSection
from tests import hostile
from tests.hostile import IMG, SCRIPT, assert_safe, data_for, fuzz, hostile_value, last, refused, saved

pytestmark = pytest.mark.django_db

# Fixtures: the areas, service, team, category and lead each test posts as, and a client signed in as the lead
world = hostile.world
lead_client = hostile.lead_client


@pytest.fixture
def report(world):
    """A small report (two sections, one table), so that exporting it after every save stays quick."""
    sections = [
        SectionSpec("Introduction", narrative="Calls rose."),
        SectionSpec("Children", blocks=(BlockSpec(title="Calls", metrics=("child_consultations",), by="area"),)),
    ]
    return report_actions.create_report(year=FinancialYear(2021), by=world["lead"], sections=sections)


def check_report(client, report) -> None:
    """The report's preview and its exports still work: the downloads made in the request, and the Word file
    (a background job's, whose contents page numbers cost a LibreOffice layout: not needed to know the file
    can be made). The PDF is the HTML export, printed."""
    assert_safe(client.get(reverse("report_detail", args=[report.pk])))
    for fmt in ("html", "xlsx"):
        response = client.get(reverse("report_export", args=[report.pk, fmt]))
        assert response.status_code == 200, fmt
        assert_safe(response)
    word = docx.Document(io.BytesIO(render_docx(presented(report), page_numbers=False)))
    assert word.paragraphs, "the Word file opens"


def test_the_new_report_form_given_hostile_values_refuses_or_saves(lead_client, report):
    template = report.template.pk

    @fuzz
    @given(
        period=st.one_of(
            hostile_value, st.sampled_from(["2020/21", "2019/20 Q3", "2021/22 Q5", "2021-06-01..2021-05-01"])
        ),
        area=st.one_of(hostile_value, st.just("")),
    )
    def post(period, area):
        before = Report.objects.count()
        data = {"template": template, "period": period, "area": area}
        response = lead_client.post(reverse("report_list"), data, follow=True)
        assert_safe(response)
        assert Report.objects.count() == before + (1 if saved(response) else 0)

    post()


def test_a_section_given_hostile_values_refuses_or_saves_everything(lead_client, report):
    section = report.sections.first()
    url = reverse("report_section_edit", args=[report.pk, section.pk])

    good = {"title": "Introduction", "level": "1", "narrative": "Calls **rose**.", "opened_at": ""}

    @fuzz
    @given(data=data_for(good, {"title", "narrative"}))
    @example(data={**good, "title": "Intro\x01duction", "narrative": "Calls \x1b[31mrose\ufffe"})
    @example(data={**good, "narrative": f"{SCRIPT}\n\n[link](javascript:alert(1))\n\n{IMG}"})
    @example(data={**good, "opened_at": ["9999-12-31 23:59:59", "0001-01-01 00:00"]})
    @example(data={**good, "opened_at": "0001-01-01 00:00"})
    def post(data):
        was = ReportSection.objects.values().get(pk=section.pk)
        response = lead_client.post(url, data, follow=True)
        assert_safe(response)
        now = ReportSection.objects.values().get(pk=section.pk)
        if saved(response):
            assert (now["title"], now["narrative"]) == (last(data["title"]).strip(), last(data["narrative"]).strip())
            check_report(lead_client, report)
        else:
            assert refused(response) and now == was

    post()


def test_a_new_section_given_hostile_values_refuses_or_saves(lead_client, report):
    url = reverse("report_structure", args=[report.pk])
    good = {"title": "Learning", "level": "1", "after": ""}

    @fuzz
    @given(data=data_for(good, {"title"}))
    def post(data):
        before = report.sections.count()
        response = lead_client.post(url, data, follow=True)
        assert_safe(response)
        if saved(response):
            assert report.sections.count() == before + 1
            assert report.sections.filter(title=last(data["title"]).strip()).exists()
            check_report(lead_client, report)
        else:
            assert refused(response) and report.sections.count() == before

    post()


@pytest.mark.parametrize("service_id", ["99999999999999999999999", "-99999999999999999999999", str(2**63)])
def test_a_table_for_a_service_id_no_database_can_hold_is_refused_with_a_message(lead_client, report, service_id):
    section = report.sections.first()
    before = DataBlock.objects.count()
    response = lead_client.post(
        reverse("report_block_add", args=[report.pk, section.pk]),
        {"title": "Calls", "kind": "table", "metrics": ["child_consultations"], "layout": "years", "years": "2",
         "area_rows": "children", "services": [service_id]},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["services"] == [f"“{service_id}” is not a valid value."]
    assert DataBlock.objects.count() == before


# A title in a script the chart's font lacks draws boxes and warns (it does not fail): the warning is expected.
@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
def test_a_table_given_hostile_values_refuses_or_saves(lead_client, report, world):
    section = report.sections.first()
    url = reverse("report_block_add", args=[report.pk, section.pk])
    good = {
        "title": "Calls",
        "kind": "chart",
        "metrics": ["child_consultations"],
        "by": "area",
        "layout": "years",
        "years": "2",
        "area_rows": "children",
        "within": str(world["trust"].pk),
        "services": [str(world["service"].pk)],
    }

    @fuzz
    @given(data=data_for(good, {"title"}))
    def post(data):
        before = DataBlock.objects.count()
        response = lead_client.post(url, data, follow=True)
        assert_safe(response)
        if saved(response):
            assert DataBlock.objects.count() == before + 1
            check_report(lead_client, report)
            report_actions.remove_block(block=DataBlock.objects.order_by("-pk").first(), by=world["lead"])
        else:
            assert refused(response) and DataBlock.objects.count() == before

    post()


def test_report_text_with_control_characters_is_refused_so_that_every_export_can_be_made(lead_client, report):
    section = report.sections.first()
    url = reverse("report_section_edit", args=[report.pk, section.pk])

    response = lead_client.post(url, {"title": "Intro\x01", "level": "1", "narrative": "Calls\ufffe rose."})

    assert response.context["form"].errors == {
        "title": ["Remove the invisible control characters (often pasted in from another program)"],
        "narrative": ["Remove the invisible control characters (often pasted in from another program)"],
    }
    section.refresh_from_db()
    assert section.title == "Introduction"
    check_report(lead_client, report)
