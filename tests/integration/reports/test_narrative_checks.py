"""A section's narrative checked against its own tables (reports.annual.checks): a number that stands for a
figure and differs from it is flagged beside the section, and approval is refused until each flag is fixed or
acknowledged with a reason, which the report's history keeps.

The first tests read hand-made content (the JSON a report's content has), with the seed report's own sentences
and figures; the rest go through the pages, with records the test makes.
"""

from datetime import date

import pytest
from django.urls import reverse

from activity.models import Area, ClientGroup
from core.periods import FinancialYear
from reports.annual import actions
from reports.annual.checks import MISMATCH, check_content
from reports.annual.disclosure import DisclosureRule
from reports.annual.specs import BlockSpec
from reports.annual.structure import SectionSpec
from reports.models import FlagAcknowledgement, Report
from tests.factories import AreaFactory, ConsultationFactory

Y2021 = FinancialYear(2021)


def _grid(title, rows, total=None, columns=("2020/21", "2021/22"), phrase="", layout="years", working_days=None):
    return {
        "title": title,
        "kind": "table",
        "layout": layout,
        "row_header": "Area" if total else "Measure",
        "columns": list(columns),
        "rows": [{"label": label, "values": list(values), "metric": None} for label, values in rows],
        "total": list(total) if total else None,
        "year_labels": list(columns) if layout != "metrics" else ["2021/22"],
        "working_days": working_days,
        "notes": [],
        "phrase": phrase,
        "scoped": False,
    }


CDOP = _grid(
    "CDOP cases reviewed by area",
    [("Oxon", (21, 33)), ("Bucks", (31, 31)), ("BSW", (9, 29))],
    total=(61, 93),
    phrase="child deaths reviewed with the Trust's support",
)
CALLS = _grid(
    "Children's consultation line calls by service",
    [("Mental health", (542, 748)), ("Community health", (534, 679))],
    total=(1076, 1427),
    phrase="calls to the children's consultation line",
)
EXPLOITATION = _grid(
    "Consultation line calls about exploitation",
    [("Children's consultations about exploitation", (17, 28))],
    phrase="calls to the consultation line about exploitation",
)
MASH = _grid(
    "MASH enquiries processed by area",
    [("Oxon", (4834, 4726)), ("Bucks", (367, 638))],
    total=(5201, 5364),
    phrase="MASH enquiries processed",
)
SUPERVISION = _grid(
    "Safeguarding children supervision sessions",
    [("Safeguarding children supervision sessions", (147, 153, 146))],
    columns=("2019/20", "2020/21", "2021/22"),
    phrase="safeguarding children supervision sessions",
)
MAPPA = _grid("MAPPA information shares", [("MAPPA information shares", (51, 21))], phrase="MAPPA information shares")
CSPR = _grid(
    "CSPRs and rapid reviews undertaken",
    [("Oxon", (6, 1)), ("Bucks", (1, 1))],
    total=(11, 2),
    columns=("Rapid reviews completed", "CSPRs published"),
    layout="metrics",
)


def _content(*sections) -> dict:
    """A report's content: ``sections`` as (title, narrative, blocks, public narrative or None)."""
    return {
        "title": "Annual safeguarding report 2021/22",
        "year": 2021,
        "year_label": "2021/22",
        "sections": [
            {"title": title, "level": 1, "narrative": narrative, "public_narrative": public, "blocks": blocks}
            for title, narrative, blocks, public in sections
        ],
    }


def _mismatches(narrative, *blocks, aliases=None):
    content = _content(("Section", narrative, list(blocks), ""))
    return [flag for flag in check_content(content, DisclosureRule(), aliases) if flag.kind == MISMATCH]


# The rule, on sentences as a report writes them ---------------------------------------------------------------


def test_ninety_two_children_beside_a_cdop_table_totalling_93_is_flagged_with_the_sentence_and_the_figure():
    [flag] = _mismatches(
        "In 2021-2022 the Trust supported CDOP processes for 92 children.  (2020/21- 61 children)", CDOP
    )
    assert (flag.number, flag.figure, flag.table, flag.where) == ("92", "93", CDOP["title"], "Total, 2021/22")
    assert flag.sentence == "In 2021-2022 the Trust supported CDOP processes for 92 children."
    assert flag.sentence_number == 1
    assert flag.message == (
        "Section 1 Section, sentence 1, says 92 where the table 'CDOP cases reviewed by area' shows 93 "
        "(Total, 2021/22): \u201cIn 2021-2022 the Trust supported CDOP processes for 92 children.\u201d"
    )


def test_an_increase_of_177_calls_where_the_table_rose_by_351_is_flagged_and_the_year_total_is_not():
    # 1,427 - 1,076 = 351
    [flag] = _mismatches(
        "In 2021/22 there were 1427 calls to the consultation line, an increase of 177 calls on the previous year.",
        CALLS,
    )
    assert (flag.number, flag.figure, flag.where) == ("177", "+351", "Total, Change on 2020/21")


def test_a_percentage_rise_is_compared_with_the_tables_percentage_change():
    # (5,364 - 5,201) / 5,201 = 3.13%
    [flag] = _mismatches("MASH activity rose by 63%.", MASH)
    assert (flag.number, flag.figure, flag.where) == ("63%", "+3.1%", "Total, % change")
    assert _mismatches("MASH activity rose by 3%.", MASH) == []
    assert [f.number for f in _mismatches("MASH activity fell by 3%.", MASH)] == ["3%"]  # the wrong way


def test_a_percentage_over_other_years_or_a_share_is_not_compared():
    assert _mismatches("MASH activity in Oxon has increased by 63% between 2018/19 and 2021/22.", MASH) == []
    assert _mismatches("Neglect was the reason for 67% of MASH enquiries.", MASH) == []


def test_numbers_that_agree_with_the_tables_raise_nothing_whatever_else_the_sentences_hold():
    narrative = (
        "### 6.2 Children\n\n"
        "1. In 2021-2022 there were 28 calls, 21 relating to criminal exploitation: 7 to CSE. "
        "This compares to 17 calls in 2020/2021.\n"
        "2. Advice is available 9-5, Monday to Friday, as section 4.2 sets out.\n\n"
        "There were 1,427 calls to the consultation line in 2021/22 compared with 1,076 in 2020/21, "
        "351 more than the year before. In Mental health there were 748 calls.\n\n"
        "The Chief Nurse funded a 0.5WTE band 6 12-month secondment from 1 April 2022 (Level 3 training, s.42)."
    )
    assert _mismatches(narrative, CALLS, EXPLOITATION) == []


def test_each_year_a_sentence_names_is_read_from_its_own_column():
    sentence = "The team delivered {} supervision sessions in 2021/22 compared to {} sessions in 2020/21."
    assert _mismatches(sentence.format(146, 153), SUPERVISION) == []
    flags = _mismatches(sentence.format(145, 150), SUPERVISION)
    assert [(f.number, f.figure, f.where.split(", ")[-1]) for f in flags] == [
        ("145", "146", "2021/22"),
        ("150", "153", "2020/21"),
    ]
    assert [f.figure for f in _mismatches("This year 140 supervision sessions were held.", SUPERVISION)] == ["146"]


def test_the_earlier_figure_of_a_comparison_is_read_from_the_year_before_unless_it_names_its_year():
    for agreeing in (
        "There were 1,427 calls this year compared with 1,076.",
        "Calls rose from 1,076 in 2020/21 to 1,427 in 2021/22.",
        "Calls to the line rose to 1,427, up from 1,076.",
    ):
        assert _mismatches(agreeing, CALLS) == [], agreeing
    [flag] = _mismatches("The team delivered 146 supervision sessions, compared to 150.", SUPERVISION)
    assert (flag.number, flag.figure, flag.where.split(", ")[-1]) == ("150", "153", "2020/21")


def test_a_row_named_in_the_sentence_and_a_figure_named_by_its_column_are_the_ones_compared():
    assert [f.where for f in _mismatches("In Oxon, 35 child deaths were reviewed in 2021/22.", CDOP)] == [
        "Oxon, 2021/22"
    ]
    assert _mismatches("In Oxon, 33 child deaths were reviewed in 2021/22.", CDOP) == []
    full_name = "In Oxfordshire, 35 child deaths were reviewed in 2021/22."
    assert [f.where for f in _mismatches(full_name, CDOP, aliases={"Oxfordshire": "Oxon"})] == ["Oxon, 2021/22"]
    assert _mismatches("In 2021/22, 11 rapid reviews were completed and 2 CSPRs were published.", CSPR) == []
    [flag] = _mismatches("5 rapid reviews were completed in Oxon.", CSPR)
    assert (flag.figure, flag.where) == ("6", "Oxon, Rapid reviews completed")


def test_a_fall_written_as_a_percentage_is_within_its_rounding():
    # 51 to 21 is a fall of 58.8%
    assert (
        _mismatches("There were 21 MAPPA information shares in 2021/22, a fall of 59% on the year before.", MAPPA) == []
    )
    [flag] = _mismatches("MAPPA information shares fell by 40%.", MAPPA)
    assert flag.figure == "-58.8%"


def test_a_number_the_table_does_not_count_is_left_alone():
    assert _mismatches("In Oxfordshire the Health Visiting team acted as CDOP keyworker for 2 families.", CDOP) == []
    assert _mismatches("Of the 30 women discussed, 10 names were shared with the CDOP team.", CDOP) == []


def test_a_flags_key_holds_while_its_section_sentence_number_and_figure_do():
    [first] = _mismatches("The Trust supported CDOP reviews for 92 children.", CDOP)
    [reworded] = _mismatches("Last spring and this year the Trust helped CDOP with 92 children.", CDOP)
    assert first.key == reworded.key
    other_total = {**CDOP, "total": [61, 94]}
    [changed] = _mismatches("The Trust supported CDOP reviews for 92 children.", other_total)
    assert changed.key != first.key


def test_a_public_number_is_flagged_under_the_sections_number_as_the_report_shows_it():
    content = _content(*[(f"S{i}", "", [], f"We met {i} times.") for i in range(1, 6)])
    for section, level in zip(content["sections"], (1, 2, 2, 1, 2), strict=True):
        section["level"] = level
    flags = check_content(content, DisclosureRule())
    assert [(flag.section, flag.number) for flag in flags] == [
        ("1 S1", "1"),
        ("1.1 S2", "2"),
        ("1.2 S3", "3"),
        ("2 S4", "4"),
        ("2.1 S5", "5"),
    ]


# Through the pages ----------------------------------------------------------------------------------------------


SENTENCE = "In 2021/22 there were 11 calls to the children's consultation line."


@pytest.fixture
def report(lead):
    """A draft whose one table counts 10 calls in 2021/22 (and 8 in 2020/21); its narrative says 11."""
    trust = AreaFactory(slug="trust", name="Trust")
    oxon = AreaFactory(slug="oxon", name="Oxfordshire", parent=trust)
    for month in range(1, 9):
        ConsultationFactory(area=oxon, date=date(2020, 4 + month % 9, 1), client_group=ClientGroup.CHILD)
    for month in range(1, 11):
        ConsultationFactory(area=oxon, date=date(2021, 4 + month % 9, 2), client_group=ClientGroup.CHILD)
    section = SectionSpec(
        "Consultations",
        1,
        (BlockSpec("Children's consultation line calls", ("child_consultations",)),),
        SENTENCE,
    )
    return actions.create_report(year=Y2021, by=lead, sections=[SectionSpec("Introduction"), section])


def test_a_mismatch_is_shown_beside_its_section_on_the_drafts_page(client, report, secretary):
    client.force_login(secretary)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "1 check needs attention" in page
    section = page.split('id="section-2"')[1]
    assert "says 11 where the table" in section and "shows 10" in section


def test_a_mismatch_blocks_approval_until_acknowledged_then_the_reason_is_in_the_history(client, report, lead):
    client.force_login(lead)
    approve = reverse("report_approve", args=[report.pk])
    page = client.get(approve).content.decode()
    assert "says 11 where the table &#x27;Children&#x27;s consultation line calls&#x27; shows 10" in page

    refused = client.post(approve)
    assert refused.status_code == 409
    assert "The report was not approved" in refused.content.decode()
    assert "says 11 where the table" in refused.content.decode()
    report.refresh_from_db()
    assert not report.is_approved

    [flag] = [flag for flag in actions.report_flags(report) if flag.kind == MISMATCH]
    acknowledge = reverse("report_flag_acknowledge", args=[report.pk])
    no_reason = client.post(acknowledge, {"key": flag.key, "reason": " "})
    assert no_reason.status_code == 200 and "Give the reason the flag can stand" in no_reason.content.decode()
    assert f'<form method="post" action="{approve}"' in no_reason.content.decode()  # approving still approves
    assert not FlagAcknowledgement.objects.exists()

    reason = "The eleventh call was logged after the year closed; the Board was told 11."
    assert client.post(acknowledge, {"key": flag.key, "reason": reason}).status_code == 302
    assert client.post(approve).status_code == 302
    report.refresh_from_db()
    assert report.is_approved
    [row] = Report.history.filter(id=report.pk, history_change_reason__startswith="Flag acknowledged")
    assert row.history_user == lead
    assert reason in row.history_change_reason and "says 11" in row.history_change_reason
    acknowledgement = FlagAcknowledgement.objects.get()
    assert (acknowledgement.acknowledged_by, acknowledgement.reason, acknowledgement.kind) == (lead, reason, MISMATCH)


def test_a_fixed_narrative_needs_no_acknowledgement(report, lead):
    section = report.sections.get(title="Consultations")
    with pytest.raises(actions.OpenFlagsError, match="says 11"):
        actions.approve_report(report=report, by=lead)
    actions.save_section(section=section, by=lead, title=section.title, narrative=SENTENCE.replace("11", "10"), level=1)
    assert actions.approve_report(report=report, by=lead).is_approved


def test_an_acknowledgement_stops_holding_when_the_figure_it_disagreed_with_changes(report, lead):
    [flag] = actions.report_flags(report)
    actions.acknowledge_flag(report=report, key=flag.key, reason="Known late entry", by=lead)
    oxon = Area.objects.get(slug="oxon")
    ConsultationFactory(area=oxon, date=date(2021, 9, 9), client_group=ClientGroup.CHILD)
    assert actions.report_flags(report) == []  # 11 calls now: the narrative is right, nothing to acknowledge
    ConsultationFactory(area=oxon, date=date(2021, 9, 10), client_group=ClientGroup.CHILD)
    [again] = actions.report_flags(report)  # 12 calls: a new flag, not the one acknowledged
    assert again.figure == "12" and again.key != flag.key
    with pytest.raises(actions.OpenFlagsError):
        actions.approve_report(report=report, by=lead)


def test_only_a_flag_the_report_has_can_be_acknowledged(report, lead):
    with pytest.raises(Exception, match="no longer raised"):
        actions.acknowledge_flag(report=report, key="mismatch|Consultations|1|12|10|x", reason="r", by=lead)
    assert not FlagAcknowledgement.objects.exists()


def test_the_status_line_says_draft_once(client, report, secretary):
    client.force_login(secretary)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    status = page.split('id="report-status">')[1].split("</p>")[0]
    assert status.count("Draft") == 1
    assert "Figures live, not approved." in status


# The demo's report ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demos_narrative_raises_no_flag_until_a_figure_in_it_is_changed(demo_data):
    demo = Report.objects.get(year=2021, status=Report.Status.DRAFT)
    assert actions.report_flags(demo) == []  # every number it writes agrees with its tables, or is not a count
    section = demo.sections.get(title="Consultations")
    assert "The line took 1,427 calls in 2021/22, 351 more than in 2020/21." in section.narrative
    wrong = section.narrative.replace("351 more", "177 more").replace("1,427 calls", "1,430 calls")
    actions.save_section(section=section, by=demo.created_by, title=section.title, narrative=wrong, level=1)
    flags = actions.report_flags(demo)
    assert [(flag.section_title, flag.number, flag.figure) for flag in flags] == [
        ("Consultations", "1,430", "1,427"),
        ("Consultations", "177", "+351"),
    ]
