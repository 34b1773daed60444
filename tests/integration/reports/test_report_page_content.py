"""The report page shows what the secretary adds beside the figures: pictures where the section holds them, a
link to each table's row themes for whoever may write them, and a table form that offers only figure kinds."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from core.periods import FinancialYear
from reports.annual import actions, content_actions
from reports.annual.specs import BlockSpec
from reports.annual.structure import SectionSpec
from reports.forms import BlockForm

CALLS = BlockSpec("Calls by area", ("child_consultations",), by="area", hide_empty_rows=False)


@pytest.fixture
def report(areas, secretary):
    sections = [SectionSpec("Our structure"), SectionSpec("Consultations", blocks=(CALLS,))]
    return actions.create_report(year=FinancialYear(2021), by=secretary, sections=sections)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (0, 94, 184)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_picture_shows_on_the_report_page_with_its_alternative_text(report, secretary, client_for):
    section = report.sections.get(title="Our structure")
    image = content_actions.add_image(section, by=secretary, data=_png(), alt_text="The team: a head and two leads")

    page = client_for(secretary).get(reverse("report_detail", args=[report.pk])).content.decode()

    source = reverse("report_image", args=[report.pk, image.pk])
    assert f'<img src="{source}" alt="The team: a head and two leads" width="60" height="40">' in page


def test_whoever_writes_the_narrative_finds_each_tables_themes_beside_it(report, secretary, executive, client_for):
    block = report.sections.get(title="Consultations").blocks.get()
    themes = reverse("report_block_themes", args=[report.pk, block.pk])

    assert themes in client_for(secretary).get(reverse("report_detail", args=[report.pk])).content.decode()
    assert themes not in client_for(executive).get(reverse("report_detail", args=[report.pk])).content.decode()


def test_the_table_form_offers_tables_and_charts_only(db):
    form = BlockForm({"title": "Audits", "kind": "audits", "metrics": ["child_consultations"], "years": 2})

    assert not form.is_valid()
    assert "kind" in form.errors
    assert [value for value, _ in form.fields["kind"].choices] == ["table", "chart"]
