"""The Safeguarding Adults Collection's tables of concluded s.42 enquiries in a report: counted from a few records
by hand, with their "Not recorded" rows and columns and totals, published by the collection's own small-number rule,
in every format, in a number of queries that does not grow with the enquiries."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from activity import actions as record_actions
from core.periods import FinancialYear
from reports.annual import actions
from reports.annual.content import read_content
from reports.annual.exporters.docx import render_docx
from reports.annual.exporters.html import render_html
from reports.annual.exporters.xlsx import render_xlsx
from reports.annual.presentation import NONE_CONCLUDED, present
from reports.annual.report_templates import ICB_SECTIONS
from reports.annual.s42_tables import read_s42_table
from reports.annual.specs import (
    REGISTER_KINDS,
    S42_ACTION_AND_RESULT,
    S42_CAPACITY,
    S42_LOCATION_BY_SOURCE,
    S42_PERSONAL,
    S42_RISK_BY_SOURCE,
)
from reports.annual.structure import DEFAULT_SECTIONS, S42_BLOCKS, SectionSpec
from reports.models import DataBlock
from tests.factories import S42EnquiryFactory

YEAR = FinancialYear(2021)  # 1 April 2021 to 31 March 2022
IN_YEAR = date(2021, 9, 1)


@pytest.fixture
def enquiries(areas, lead):
    """Five enquiries concluded in the year in Oxfordshire, one in Swindon, one concluded the year after, one open,
    one archived."""
    oxon, swindon = areas["oxon"], areas["swindon"]

    def make(area=oxon, concluded_on=IN_YEAR, **items):
        return S42EnquiryFactory(area=area, by=lead, date=date(2021, 6, 1), concluded_on=concluded_on, **items)

    made = [
        make(
            risk_neglect=True,
            risk_financial=True,
            source_of_risk="service_provider",
            location_of_risk="care_home_residential",
            action_taken="risk_action",
            risk_result="reduced",
            outcomes_asked="asked_expressed",
            outcomes_achieved="fully",
            lacked_capacity="yes",
            advocacy="yes",
        ),
        make(
            risk_neglect=True,
            source_of_risk="service_provider",
            location_of_risk="own_home",
            action_taken="risk_no_action",
            outcomes_asked="asked_expressed",
            outcomes_achieved="partly",
            lacked_capacity="no",
        ),
        make(
            risk_financial=True,
            source_of_risk="other_known",
            location_of_risk="own_home",
            action_taken="risk_action",
            risk_result="removed",
            outcomes_asked="not_asked",
        ),
        make(risk_self_neglect=True, location_of_risk="own_home"),
        make(),  # nothing recorded
        make(area=swindon, risk_neglect=True, source_of_risk="other_known"),
        make(concluded_on=None, risk_neglect=True),  # still open
        make(concluded_on=date(2022, 4, 2), risk_neglect=True),  # concluded the next year
    ]
    archived = make(risk_neglect=True)
    record_actions.archive_record(record=archived, by=lead, reason="Logged twice")
    return made


def _table(kind, area=None):
    return read_s42_table(kind, "Table", YEAR.start, YEAR.end, area)


def _row(table, label):
    return next(row[1:] for row in table.rows if row[0] == label)


def test_type_of_risk_by_source_counts_each_type_and_totals_enquiries(enquiries, areas):
    table = _table(S42_RISK_BY_SOURCE, areas["oxon"])
    assert table.columns == [
        "Service provider",
        "Other, known to the individual",
        "Other, unknown to the individual",
        "Not recorded",
        "Total",
    ]
    assert _row(table, "Neglect and acts of omission") == [2, 0, 0, 0, 2]
    assert _row(table, "Financial or material abuse") == [1, 1, 0, 0, 2]
    assert _row(table, "Self-neglect") == [0, 0, 0, 1, 1]
    assert _row(table, "Physical abuse") == [0, 0, 0, 0, 0]
    assert _row(table, "Not recorded") == [0, 0, 0, 1, 1]
    # five enquiries, though six types are ticked
    assert table.column_totals == [2, 1, 0, 2, 5]
    assert table.total == 5
    assert any("counts enquiries, not types" in note for note in table.notes)


def test_the_whole_trust_counts_swindon_too(enquiries):
    table = _table(S42_RISK_BY_SOURCE)
    assert _row(table, "Neglect and acts of omission") == [2, 1, 0, 0, 3]
    assert table.total == 6


def test_location_by_source(enquiries, areas):
    table = _table(S42_LOCATION_BY_SOURCE, areas["oxon"])
    assert _row(table, "Own home") == [1, 1, 0, 1, 3]
    assert _row(table, "Care home (residential)") == [1, 0, 0, 0, 1]
    assert _row(table, "Not recorded") == [0, 0, 0, 1, 1]
    assert table.column_totals == [2, 1, 0, 2, 5]


def test_action_taken_and_result(enquiries, areas):
    table = _table(S42_ACTION_AND_RESULT, areas["oxon"])
    assert table.columns == [
        "Risk remained",
        "Risk reduced",
        "Risk removed",
        "Not recorded, or not applicable",
        "Total",
    ]
    assert _row(table, "Risk identified and action taken") == [0, 1, 1, 0, 2]
    assert _row(table, "Risk identified and no action taken") == [0, 0, 0, 1, 1]
    assert _row(table, "Not recorded") == [0, 0, 0, 2, 2]


def test_making_safeguarding_personal(enquiries, areas):
    table = _table(S42_PERSONAL, areas["oxon"])
    assert _row(table, "Asked, and outcomes were expressed") == [1, 1, 0, 0, 2]
    assert _row(table, "Not asked") == [0, 0, 0, 1, 1]
    assert _row(table, "Not recorded") == [0, 0, 0, 2, 2]
    assert table.total == 5


def test_capacity_and_advocacy(enquiries, areas):
    table = _table(S42_CAPACITY, areas["oxon"])
    assert _row(table, "Yes") == [1, 0, 0, 0, 1]
    assert _row(table, "No") == [0, 0, 0, 1, 1]
    assert _row(table, "Not recorded") == [0, 0, 0, 3, 3]


def test_one_query_a_table_whatever_the_number_of_enquiries(areas, lead):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            for kind in (S42_RISK_BY_SOURCE, S42_LOCATION_BY_SOURCE, S42_ACTION_AND_RESULT, S42_PERSONAL, S42_CAPACITY):
                _table(kind, areas["oxon"])
        return len(captured)

    S42EnquiryFactory(area=areas["oxon"], by=lead, concluded_on=IN_YEAR, risk_neglect=True)
    few = queries()
    for _ in range(6):
        S42EnquiryFactory(area=areas["oxon"], by=lead, concluded_on=IN_YEAR, risk_physical=True)
    assert queries() == few == 5


# In a report


def _report(lead, area=None):
    return actions.create_report(
        year=YEAR, area=area, by=lead, sections=[SectionSpec("Adults", 1, S42_BLOCKS)], reason="Test"
    )


def test_the_tables_reach_the_report_for_its_area(enquiries, areas, lead):
    content = read_content(_report(lead, areas["oxon"]))
    blocks = content["sections"][0]["blocks"]
    assert [block["kind"] for block in blocks] == ["crosstab"] * 5
    shown = present(content).tables[0]
    assert shown.columns[0] == "Type of risk"
    total = shown.rows[-1]
    assert (total.label, total.is_total, total.cells) == ("Total", True, [2, 1, 0, 2, 5])


def test_the_public_version_uses_the_collections_rule(enquiries, areas, lead, settings):
    settings.REPORT_DISCLOSURE_THRESHOLD = 7  # the report's own rule, which these tables do not use
    content = read_content(_report(lead, areas["oxon"]))
    shown = present(content, public=True)
    public = shown.tables[0]
    rows = {row.label: row.cells for row in public.rows}
    # every count from 1 to 4 is hidden, 0 stays 0, and the total of 5 is shown (rounded: 5)
    assert rows["Neglect and acts of omission"] == ["*", 0, 0, 0, "*"]
    assert rows["Physical abuse"] == [0, 0, 0, 0, 0]
    assert rows["Total"][-1] == 5
    # said once for the section's tables, under them
    assert any("1 to 4" in note for note in shown.sections[0].notes + public.notes)


def test_the_public_version_rounds_to_the_nearest_five_and_hides_a_second_count(areas, lead):
    def make(location):
        S42EnquiryFactory(
            area=areas["oxon"], by=lead, concluded_on=IN_YEAR, risk_neglect=True, location_of_risk=location
        )

    for _ in range(7):
        make("own_home")
    for _ in range(3):
        make("other")
    location = present(read_content(_report(lead)), public=True).tables[1]
    rows = {row.label: row.cells for row in location.rows}
    # own home 7, shown as 5; other 3, hidden; both in the "not recorded" source column, whose total is 10: the 3
    # alone hidden would be the total less the rest, so a second count of that column is hidden too
    assert rows["Own home"][3] in (5, "*") and rows["Other"][3] == "*"
    assert sum(cells[3] == "*" for label, cells in rows.items() if label != "Total") >= 2
    assert rows["Total"][3] == 10 and rows["Total"][-1] == 10
    assert rows["Own home"][-1] in (5, "*")
    # the total column adds up to the table's total too: its 3 is not left as its only hidden count
    assert rows["Other"][-1] == "*"
    assert sum(cells[-1] == "*" for label, cells in rows.items() if label != "Total") >= 2


def test_the_rule_is_a_setting(areas, lead, settings, enquiries):
    settings.S42_DISCLOSURE_THRESHOLD = 0
    settings.S42_DISCLOSURE_ROUNDING = 1
    public = present(read_content(_report(lead, areas["oxon"])), public=True).tables[0]
    assert public.rows[-1].cells == [2, 1, 0, 2, 5]


def test_every_format_shows_the_tables(enquiries, areas, lead):
    report = _report(lead, areas["oxon"])
    shown = present(read_content(report), public=True)
    assert b"Concluded s.42 enquiries: type of risk by source of risk" in render_html(shown)
    assert render_docx(shown)[:2] == b"PK"
    assert render_xlsx(shown)[:2] == b"PK"


def test_the_icb_return_and_the_annual_reports_adults_section_have_the_tables():
    kinds = {block.kind for block in S42_BLOCKS}
    adults = next(section for section in DEFAULT_SECTIONS if section.title == "Adult activity")
    assert kinds <= {block.kind for block in adults.blocks}
    referrals = next(section for section in ICB_SECTIONS if section.title == "Consultations and referrals")
    assert kinds <= {block.kind for block in referrals.blocks}


def test_every_kind_of_content_block_is_one_a_saved_block_may_hold():
    """A block made from a template is saved as a DataBlock: its kind must be one of the model's choices, or the
    report's block editor cannot offer it and a full validation refuses it."""
    assert set(DataBlock.Kind.values) >= REGISTER_KINDS


def test_with_no_enquiry_concluded_each_table_is_one_sentence_in_every_format(areas, lead):
    S42EnquiryFactory(area=areas["oxon"], by=lead, risk_neglect=True)  # open: no conclusion date
    shown = present(read_content(_report(lead)))
    tables = shown.tables
    assert [table.rows for table in tables] == [[]] * 5
    assert all(table.empty == NONE_CONCLUDED for table in tables)

    html = render_html(shown).decode()
    assert html.count(NONE_CONCLUDED) == 5 and "Physical abuse" not in html
    document = Document(io.BytesIO(render_docx(shown)))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs.count(NONE_CONCLUDED) == 5
    assert not any("Physical abuse" in cell.text for table in document.tables for cell in table._cells)
    workbook = load_workbook(io.BytesIO(render_xlsx(shown)))
    cells = [cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert cells.count(NONE_CONCLUDED) == 5
