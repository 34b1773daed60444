"""The demo's 2021/22 annual report reproduces the seed report's tables, writes its key
findings from the same numbers, and stays as approved when the data changes.

Expected numbers are copied from the seed report's text
(../shared/seeds/000_3c5ac8f93228db33.txt), not from this code's output.
"""

import io
import zipfile
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from activity import actions as record_actions
from activity.models import Area, ClientGroup, Consultation, Service
from reports.annual import actions
from reports.annual.content import presented
from reports.annual.disclosure import SUPPRESSED
from reports.annual.exporters import export
from reports.models import Report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


@pytest.fixture
def report():
    return Report.objects.get(year=2021, status=Report.Status.DRAFT)


@pytest.fixture
def demo_lead():
    """The demo's lead, who wrote the demo's report (the shared ``lead`` is someone else)."""
    return User.objects.get(username="lead")


def _table(document, title, kind="table"):
    found = [table for table in document.tables if table.title == title and table.kind == kind]
    assert found, f"No {kind} {title!r}; tables are {[t.title for t in document.tables]}"
    return found[0]


def _rows(table, columns=None):
    """{row label: its cells over the table's year (or metric) columns}."""
    width = columns or table.series_count
    return {row.label: row.cells[:width] for row in table.rows}


# Section 6 ---------------------------------------------------------------------------


def test_6_1_adult_activity(report):
    rows = _rows(_table(presented(report), "Adult safeguarding activity"))
    assert rows["Adult safeguarding consultations"] == [402, 380, 336, 429]
    assert rows["Adult referrals to local authorities"] == [132, 173, 163, 266]
    assert rows["s.42 enquiries undertaken"] == [19, 16, 19, 31]


def test_6_2_children_activity_figures(report):
    document = presented(report)
    assert _rows(_table(document, "Staff supported to write court reports"))["Court reports supported"] == [19, 13]
    allegations = _rows(_table(document, "Allegations against staff by area"))
    assert (allegations["Oxon"], allegations["Swindon"], allegations["Bucks"]) == ([3], [1], [0])


def test_6_3_referrals_to_childrens_social_care(report):
    document = presented(report)
    mental_health = _rows(_table(document, "Referrals to children's social care by mental health services"))
    assert mental_health["Oxon"] == [48, 63]
    assert mental_health["Bucks"] == [28, 27]
    assert mental_health["BSW"] == [55, 85]
    community = _table(
        document, "Referrals to children's social care by Community Health (children's services), Oxfordshire"
    )
    assert community.rows[0].cells[:2] == [111, 86]


def test_6_4_incidents_by_directorate(report):
    rows = _rows(_table(presented(report), "Safeguarding children incidents by directorate"))
    assert rows["Bucks Mental Health"] == [19]
    assert rows["Community Health"] == [67]
    assert rows["Oxon & South West Mental Health"] == [58]
    assert rows["Specialised Services"] == [5]


def test_6_5_consultations_by_service_and_exploitation(report):
    document = presented(report)
    rows = _rows(_table(document, "Children's consultation line calls by service"))
    assert rows["Oxon & South West Mental Health"] == [542, 748]
    assert rows["Bucks Mental Health"] == [216, 281]
    assert rows["Community Health"] == [297, 382]
    assert rows["Specialised Services"] == [21, 16]
    assert rows["Total"] == [1076, 1427]
    exploitation = _table(document, "Consultation line calls about exploitation")
    assert exploitation.rows[0].cells[:2] == [17, 28]
    by_category = _rows(_table(document, "Children's consultation line calls by category of concern"))
    assert by_category["Criminal exploitation"] == [21]
    assert by_category["Child sexual exploitation (CSE)"] == [7]


def test_6_6_training_and_6_7_supervision_and_6_8_audits(report):
    document = presented(report)
    training = _rows(_table(document, "Safeguarding training sessions delivered"))
    assert training["Safeguarding children training sessions delivered"] == [12, 30]
    assert training["Safeguarding adult training sessions delivered"] == [14, 26]
    supervision = _table(document, "Safeguarding children supervision sessions")
    assert supervision.rows[0].cells[:3] == [147, 153, 146]
    assert _table(document, "Safeguarding service audits completed").rows[0].cells[0] == 4


# Section 8 ---------------------------------------------------------------------------


def test_8_1_mash_processed_average_a_day_and_open_cases(report):
    document = presented(report)
    processed = _rows(_table(document, "MASH enquiries processed by area"))
    assert processed["Oxon"] == [3336, 4834, 4726]
    assert processed["Bucks"] == [364, 367, 638]
    per_day = _rows(_table(document, "MASH enquiries processed a working day, by area"))
    # The seed's 13, 19 and 18 a day, to one decimal place: 3,336 / 262 weekdays in 2019/20, then 4,834 and
    # 4,726 / 261 weekdays.
    assert per_day["Oxon"] == [12.7, 18.5, 18.1]
    # Bucks: 367 / 261 = 1.406 and 638 / 261 = 2.444 a day, a change of +1.0 and +73.8% (not 1 to 2, +100%).
    bucks = next(
        row for row in _table(document, "MASH enquiries processed a working day, by area").rows if row.label == "Bucks"
    )
    assert bucks.cells[3:] == [1.0, 73.8]
    assert _rows(_table(document, "MASH cases open at the end of the year, by area"))["Bucks"] == [110, 139, 253]


def test_8_3_2_cspr_and_rapid_review_table(report):
    table = _table(presented(report), "CSPRs and rapid reviews undertaken")
    assert table.columns[1:] == [
        "Rapid reviews completed",
        "CSPRs published",
        "CSPRs completed, awaiting publication",
        "CSPRs ongoing",
        "Partnership reviews",
        "Review actions outstanding",
    ]
    rows = _rows(table)
    assert rows["Oxon"] == [6, 1, 2, 1, 1, 0]
    assert rows["Bucks"] == [1, 1, 1, 1, 1, 0]
    assert rows["B&NES"] == [1, 0, 0, 1, 0, 0]
    assert rows["Swindon"] == [2, 0, 0, 0, 1, 0]
    assert rows["Wiltshire"] == [1, 0, 0, 0, 0, 0]


# Sections 9 and 11 -------------------------------------------------------------------


def test_9_2_cdop_reviewed_and_known(report):
    document = presented(report)
    reviewed = _rows(_table(document, "CDOP cases reviewed by area"))
    assert reviewed["Oxon"] == [21, 33]
    assert reviewed["Bucks"] == [31, 31]
    assert reviewed["BSW"] == [8, 4]
    assert reviewed["Berkshire"] == [1, 25]
    assert reviewed["Total"] == [61, 93]  # the table's sum, not the prose's 92
    known = _rows(_table(document, "Child deaths known to Trust services, by area"))
    assert (known["Oxon"], known["Bucks"], known["BSW"], known["Berkshire"]) == ([34], [3], [3], [0])


def test_11_marac_mappa_and_fgm(report):
    document = presented(report)
    marac = _rows(_table(document, "MARAC referrals made by the Trust, by area"))
    assert (marac["Oxon"], marac["Bucks"], marac["BSW"]) == ([4, 2], [3, 1], [0, 0])
    assert _table(document, "MAPPA information shares").rows[0].cells[:3] == [43, 51, 21]
    assert _table(document, "FGM cases discussed").rows[0].cells[:2] == [19, 30]


# Key findings ------------------------------------------------------------------------


def test_key_finding_for_consultation_calls_says_what_its_table_says(report):
    table = _table(presented(report), "Children's consultation line calls by service")
    assert table.findings == [
        "In 2021/22 there were 1,427 calls to the children's consultation line, 351 more than in 2020/21 (1,076), "
        "a rise of 33%."
    ]
    total = table.rows[-1]
    assert total.cells[:2] == [1076, 1427] and total.cells[2] == 351


def test_a_correction_to_the_data_changes_the_sentence_and_the_table_together(report, demo_lead):
    oxon = Area.objects.get(slug="oxfordshire")
    service = Service.objects.get(slug="community-health")
    record_actions.create_record(
        model=Consultation,
        by=demo_lead,
        date=date(2022, 3, 1),
        area=oxon,
        service=service,
        client_group=ClientGroup.CHILD,
        case_reference="TEST-1",
        mode="telephone",
        outcome="advice",
    )
    table = _table(presented(report), "Children's consultation line calls by service")
    assert table.rows[-1].cells[:2] == [1076, 1428]
    assert table.findings[0].startswith("In 2021/22 there were 1,428 calls to the children's consultation line, 352")


def test_every_year_on_year_table_has_change_and_percentage_change_columns(report):
    table = _table(presented(report), "MASH enquiries processed by area")
    assert table.columns == ["Area", "2019/20", "2020/21", "2021/22", "Change on 2020/21", "% change"]
    oxon = _rows(table, columns=len(table.columns) - 1)["Oxon"]
    assert oxon[3:] == [4726 - 4834, round(100 * (4726 - 4834) / 4834, 1)]


# Approval ----------------------------------------------------------------------------


def test_an_approved_report_keeps_its_figures_and_narrative_when_the_data_changes(report, demo_lead):
    approved = actions.approve_report(report=report, by=demo_lead)
    before = presented(approved)
    assert before.approved and before.figures_as_at == approved.approved_at

    call = Consultation.objects.filter(
        date__range=(date(2022, 1, 1), date(2022, 3, 31)), client_group=ClientGroup.CHILD
    ).first()
    record_actions.archive_record(record=call, by=demo_lead, reason="Logged twice")
    approved.refresh_from_db()
    after = presented(approved)
    assert [(t.title, [r.cells for r in t.rows]) for t in after.tables] == [
        (t.title, [r.cells for r in t.rows]) for t in before.tables
    ]
    live = actions.start_draft_from(approved, by=demo_lead)
    assert _table(presented(live), "Children's consultation line calls by service").rows[-1].cells[1] == 1426


def test_an_approved_report_refuses_changes_and_a_new_draft_carries_its_narrative(report, demo_lead):
    section = report.sections.get(title="Introduction")
    actions.save_section(section=section, by=demo_lead, title="Introduction", narrative="Approved words.", level=1)
    approved = actions.approve_report(report=report, by=demo_lead)
    with pytest.raises(actions.ReportFrozenError):
        actions.save_section(section=section, by=demo_lead, title="Introduction", narrative="Later words.", level=1)
    with pytest.raises(actions.ReportFrozenError):
        actions.approve_report(report=approved, by=demo_lead)
    draft = actions.start_draft_from(approved, by=demo_lead)
    assert draft.based_on == approved and draft.status == Report.Status.DRAFT
    assert draft.sections.get(title="Introduction").narrative == "Approved words."
    assert draft.sections.count() == approved.sections.count()
    assert sum(s.blocks.count() for s in draft.sections.all()) == sum(s.blocks.count() for s in approved.sections.all())


def test_a_section_saved_by_someone_else_after_it_was_opened_is_not_overwritten(report, demo_lead):
    section = report.sections.get(title="Introduction")
    opened_at = section.updated_at
    actions.save_section(section=section, by=demo_lead, title="Introduction", narrative="First.", level=1)
    with pytest.raises(actions.StaleSectionError):
        actions.save_section(
            section=section, by=demo_lead, title="Introduction", narrative="Second.", level=1, opened_at=opened_at
        )
    section.refresh_from_db()
    assert section.narrative == "First."


def test_sections_can_be_added_moved_and_removed(report, demo_lead):
    first, second = report.sections.all()[:2]
    actions.move_section(section=second, by=demo_lead, up=True)
    assert [s.title for s in report.sections.all()[:2]] == [second.title, first.title]
    added = actions.add_section(report=report, by=demo_lead, title="Our people", after=second)
    assert [s.title for s in report.sections.all()[:3]] == [second.title, "Our people", first.title]
    actions.remove_section(section=added, by=demo_lead)
    assert not report.sections.filter(title="Our people").exists()
    numbers = [s.number for s in presented(report).sections[:2]]
    assert numbers == ["1", "2"]


# Public version ----------------------------------------------------------------------


def test_the_public_version_shows_no_count_from_1_to_7(report):
    for table in presented(report, public=True).tables:
        for row in table.rows:
            counts = row.cells[: table.series_count]
            assert not any(isinstance(v, int) and 1 <= v <= 7 for v in counts), (table.title, row.label, counts)
            if table.unit == "count":
                assert all(v is None or v == SUPPRESSED or v % 5 == 0 for v in counts), (table.title, row.label)
            else:
                assert all(v is None or v == SUPPRESSED or isinstance(v, float) for v in counts), table.title


def test_in_the_public_version_no_hidden_count_is_alone_in_a_column_with_a_total(report):
    for table in presented(report, public=True).tables:
        if not table.rows or not table.rows[-1].is_total or table.unit != "count":
            continue
        for column in range(table.series_count):
            hidden = [row.label for row in table.rows if row.cells[column] == SUPPRESSED]
            assert len(hidden) != 1, (table.title, table.columns[column + 1], hidden)


def test_the_public_version_hides_the_allegations_against_staff(report):
    allegations = _rows(_table(presented(report, public=True), "Allegations against staff by area"))
    assert allegations["Oxon"] == [SUPPRESSED] and allegations["Swindon"] == [SUPPRESSED]
    sentence = _table(presented(report, public=True), "Allegations against staff by area").findings
    assert sentence == []  # a sentence never quotes a hidden number


# Queries ------------------------------------------------------------------------------


def test_reading_the_report_takes_the_same_number_of_queries_whatever_the_data(report, demo_lead):
    def count():
        with CaptureQueriesContext(connection) as captured:
            presented(report)
        return len(captured.captured_queries)

    before = count()
    oxon = Area.objects.get(slug="oxfordshire")
    record_actions.bulk_create_records(
        model=Consultation,
        records=[
            Consultation(
                date=date(2021, 5, 1 + i % 28),
                area=oxon,
                client_group=ClientGroup.CHILD,
                case_reference=f"Q{i}",
                mode="telephone",
                outcome="advice",
            )
            for i in range(500)
        ],
        by=demo_lead,
    )
    assert count() == before


# Privacy -------------------------------------------------------------------------------


def test_free_text_notes_from_records_never_reach_any_export(report, demo_lead):
    secret = "NOTE-ZX81 the child's name"
    oxon = Area.objects.get(slug="oxfordshire")
    record_actions.create_record(
        model=Consultation,
        by=demo_lead,
        date=date(2022, 2, 1),
        area=oxon,
        client_group=ClientGroup.CHILD,
        case_reference="PRIV-1",
        notes=secret,
    )
    document = presented(report)
    assert _table(document, "Children's consultation line calls by service").rows[-1].cells[1] == 1428
    for fmt in ("html", "docx", "xlsx"):  # the PDF is drawn from the same HTML
        content = export(document, fmt)
        assert b"ZX81" not in content, fmt
        if fmt != "html":
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                for name in archive.namelist():
                    assert b"ZX81" not in archive.read(name), (fmt, name)
