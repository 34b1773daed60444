"""The demo's 2021/22 report reads like the seed report: narrative in every section, the Board front sheet,
the audits with the action taken, priorities we said and we did, policies, learning from reviews, training
compliance, themes beside the incidents and the structure chart; and loading the demo again writes nothing twice.

Expected values are the seed report's (../shared/seeds/000_3c5ac8f93228db33.txt): four service audits in its
§6.8.2, six priorities (a to f) in its section 2, two policies (HP33, CP25) in its section 7, the Safeguarding
Committee on 24 August 2022, the Chief Nurse as lead executive.
"""

import datetime
import io
import re

import pytest
from PIL import Image

from accounts.models import User
from activity.models import Return, UncollectedFigure
from core.periods import FinancialYear
from demo.loader import load_demo
from governance.models import Policy, Priority, PriorityUpdate, ReviewLearning, ServiceAudit
from reports.annual.actions import approve_report, report_flags, save_section
from reports.annual.content import read_content
from reports.annual.content_actions import save_front_sheet, save_row_themes
from reports.annual.structure import DEFAULT_SECTIONS
from reports.figures import NOT_COLLECTED, year_table
from reports.models import DataBlock, Report, ReportImage, ReportSection, RowTheme, Target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _report() -> Report:
    return Report.objects.get(year=2021, status=Report.Status.DRAFT)


def _content() -> dict:
    return read_content(_report())


def _section(content: dict, title: str) -> dict:
    return next(section for section in content["sections"] if section["title"] == title)


def _block(content: dict, section_title: str, kind: str) -> dict:
    return next(block for block in _section(content, section_title)["blocks"] if block.get("content") == kind)


def _words(text: str) -> int:
    return len(WORD.findall(text))


# Narrative ----------------------------------------------------------------------------


def test_every_section_of_the_default_structure_has_narrative():
    narrative = dict(_report().sections.values_list("title", "narrative"))
    assert list(narrative) == [spec.title for spec in DEFAULT_SECTIONS]
    short = {title: _words(text) for title, text in narrative.items() if _words(text) < 40}
    assert short == {}


def test_a_top_level_section_without_tables_holds_a_real_paragraph_or_two():
    sections = _report().sections.filter(level=1).exclude(blocks__isnull=False)
    assert sections.exists()
    short = {section.title: _words(section.narrative) for section in sections if _words(section.narrative) < 80}
    assert short == {}


def test_the_narrative_agrees_with_its_tables_and_holds_no_count_the_public_version_would_hide():
    assert [flag.message for flag in report_flags(_report())] == []


def test_the_narrative_names_no_one_from_the_seed_report():
    texts = list(ReportSection.objects.values_list("narrative", flat=True))
    texts += [f"{audit.findings} {audit.action_taken}" for audit in ServiceAudit.objects.all()]
    texts += [f"{each.themes} {each.recommendations} {each.shared_how}" for each in ReviewLearning.objects.all()]
    for name in ("Lisa Lord", "Moira Gilroy", "Marie Crofts", "Jacob", "SAR Ian"):
        assert not [text for text in texts if name in text], name


# The Board front sheet --------------------------------------------------------------


def test_the_front_sheet_is_filled_as_the_seeds():
    report = _report()
    for field in Report.FRONT_SHEET_FIELDS:
        assert getattr(report, field), field
    assert report.meeting == "Trust Board"
    assert report.meeting_date.year == 2022
    assert report.purpose == Report.Purpose.ASSURANCE
    assert "Safeguarding Committee" in report.governance_route and "24 August 2022" in report.governance_route
    assert "solicitors" in report.legal_and_risk
    assert report.recommendation.startswith("The Board is asked to confirm that it is assured")
    assert report.lead_executive.endswith("Chief Nurse")
    authors = report.authors.splitlines()
    assert [line.split(", ", 1)[1] for line in authors] == [
        "Interim Head of Safeguarding",
        "Interim Deputy Head of Safeguarding",
    ]


# Governance records, as the report shows them ------------------------------------------


def test_the_audit_programme_lists_the_seeds_four_audits_each_with_its_action_taken():
    register = _block(_content(), "Audits", DataBlock.Kind.AUDITS)
    assert len(register["rows"]) == 4
    action = register["columns"].index("Action taken")
    status = register["columns"].index("Status")
    assert all(row[action] for row in register["rows"])
    assert all(row[status].startswith("Completed (") for row in register["rows"])
    dols = next(row for row in register["rows"] if "Deprivation of Liberty" in row[0])
    assert "standard operating procedure" in dols[action]


def test_the_audits_completed_are_dated_in_the_year():
    for audit in ServiceAudit.objects.filter(year=2021):
        assert datetime.date(2021, 4, 1) <= audit.started_on <= audit.completed_on <= datetime.date(2022, 3, 31)


def test_priorities_say_what_we_said_and_what_we_did_through_the_year():
    register = _block(_content(), "Safeguarding service priorities: we said, we did", DataBlock.Kind.PRIORITIES)
    assert [row[0] for row in register["rows"]] == [
        "Communication",
        "One safeguarding service",
        "Audit",
        "Training",
        "Public protection",
        "Whole family approach",
    ]
    assert all(row[1] and row[2] for row in register["rows"])
    for priority in Priority.objects.filter(year=2021):
        dates = [update.on for update in priority.updates.all()]
        assert dates, priority.title
        assert all(datetime.date(2021, 4, 1) <= on <= datetime.date(2022, 3, 31) for on in dates)


def test_next_years_priorities_include_the_strategy_and_learning_from_reviews():
    register = _block(_content(), "Priorities for the year ahead", DataBlock.Kind.NEXT_PRIORITIES)
    titles = [row[0] for row in register["rows"]]
    assert "A safeguarding strategy" in titles
    assert "Learning from reviews in quality processes" in titles
    assert all(row[1] for row in register["rows"])


def test_the_policies_updated_in_the_year_are_listed_with_their_owner_and_review_date():
    register = _block(_content(), "Policy and procedures", DataBlock.Kind.POLICIES)
    rows = {row[1]: row for row in register["rows"]}
    assert set(rows) == {"HP33", "CP25"}
    assert rows["HP33"][0] == "Allegations Policy"
    assert rows["CP25"][0] == "Safeguarding Adults Policy"
    assert all(row[2] == "Head of Safeguarding" for row in rows.values())


def test_learning_from_sars_and_csprs_has_themes_and_how_it_was_shared():
    content = _content()
    sar = _block(content, "Safeguarding adult reviews", DataBlock.Kind.SAR_LEARNING)
    cspr = _block(content, "Child safeguarding practice reviews", DataBlock.Kind.CSPR_LEARNING)
    assert {row[0] for row in sar["rows"]} == {"Oxfordshire", "Buckinghamshire"}
    assert len(cspr["rows"]) >= 1
    assert any("Safe sleep" in row[1] for row in cspr["rows"])
    for row in sar["rows"] + cspr["rows"]:
        assert row[1] and row[3], row


def test_training_compliance_is_shown_below_its_target():
    register = _block(_content(), "Training", DataBlock.Kind.TRAINING_COMPLIANCE)
    year = next(row for row in register["rows"] if row[0] == "2021/22")
    # 5,180 of 6,240 staff: 83.0%, 7.0 points under a 90% target.
    assert year[1:] == ["5,180", "6,240", "83.0%", "90.0%", "7.0 points below"]


# Themes and the structure chart -----------------------------------------------------------


def test_incidents_by_directorate_carry_their_themes():
    block = DataBlock.objects.get(section__report=_report(), title="Safeguarding children incidents by directorate")
    themes = dict(RowTheme.objects.filter(block=block).values_list("row_label", "themes"))
    assert set(themes) == {
        "Oxon & South West Mental Health",
        "Bucks Mental Health",
        "Community Health",
        "Specialised Services",
    }
    assert "dog bites" in themes["Community Health"]
    assert "Exploitation" in themes["Oxon & South West Mental Health"]


def test_the_report_shows_the_themes_beside_their_rows():
    section = _section(_content(), "Safeguarding children's incidents")
    table = next(block for block in section["blocks"] if block["title"].startswith("Safeguarding children incidents"))
    assert {row["label"] for row in table["rows"]} == set(table["themes"])
    assert "Sunburn" in table["themes"]["Community Health"]


def test_exploitation_calls_carry_their_themes():
    block = DataBlock.objects.get(section__report=_report(), title="Consultation line calls about exploitation")
    assert "online" in RowTheme.objects.get(block=block).themes


def test_the_service_section_holds_the_structure_chart_with_alternative_text():
    section = _section(_content(), "The safeguarding service")
    assert len(section["images"]) == 1
    image = ReportImage.objects.get(pk=section["images"][0]["id"])
    for role in ("Chief Nurse", "Associate Director of Social Care", "Head and Deputy Head", "MASH"):
        assert role in image.alt_text, role
    picture = Image.open(io.BytesIO(bytes(image.png)))
    assert picture.format == "PNG"
    assert (picture.width, picture.height) == (image.width, image.height)


# Figures not collected -----------------------------------------------------------------------


def test_bsw_and_berkshire_mash_figures_are_not_collected_rather_than_zero():
    # The seed: BSW's MASH work goes through the CAMHS duty system and is not collected; Berkshire has no MASH role.
    years = [FinancialYear(2019), FinancialYear(2020), FinancialYear(2021)]
    for metric in ("mash_enquiries", "mash_open_cases"):
        rows = {row.label: row for row in year_table(metric, years, by="area").rows}
        for area in ("BSW", "Berkshire"):
            assert [cell.figure for cell in rows[area].cells] == [NOT_COLLECTED] * 3, (metric, area)
    enquiries = year_table("mash_enquiries", years, by="area")
    assert enquiries.total.values == [3336 + 364, 4834 + 367, 4726 + 638]


# Loading again --------------------------------------------------------------------------


def _written():
    models = [Report, ReportSection, ServiceAudit, Priority, PriorityUpdate, Policy, ReviewLearning, Return]
    counts = {model.__name__: model.objects.count() for model in models}
    counts |= {f"{model.__name__} history": model.history.count() for model in models}
    counts |= {
        model.__name__: model.objects.count() for model in (RowTheme, ReportImage, Target, DataBlock, UncollectedFigure)
    }
    return counts


def test_loading_the_demo_again_writes_nothing():
    before = _written()
    load_demo()
    assert _written() == before


def test_loading_again_keeps_what_someone_wrote_in_the_demo():
    lead = User.objects.get(username="lead")
    report = _report()
    section = report.sections.get(title="Introduction")
    save_section(section=section, by=lead, title=section.title, narrative="Our own introduction.", level=1)
    save_front_sheet(report, by=lead, meeting="Trust Board (part one)")
    block = DataBlock.objects.get(section__report=report, title="Safeguarding children incidents by directorate")
    themes = dict(RowTheme.objects.filter(block=block).values_list("row_label", "themes"))
    save_row_themes(block, by=lead, themes=themes | {"Specialised Services": "Our own theme"})

    load_demo()

    report.refresh_from_db()
    assert report.sections.get(title="Introduction").narrative == "Our own introduction."
    assert report.meeting == "Trust Board (part one)"
    assert RowTheme.objects.get(block=block, row_label="Specialised Services").themes == "Our own theme"


def test_loading_again_leaves_an_approved_report_alone():
    approve_report(report=_report(), by=User.objects.get(username="lead"))
    before = _written()

    load_demo()

    assert _written() == before
    assert not Report.objects.filter(year=2021, status=Report.Status.DRAFT).exists()
