"""The reconciliation page proves every figure agrees across the reports of a year, and names each difference
with its cause: a record changed after a report was approved, periods that do not add up, partnership packs
that do not add up to the trust (records held at the trust itself, a pack missing).

Expected values are worked out from the records each test makes, never read from the page's own code.
"""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activity import actions as record_actions
from activity.metrics import get_metric
from activity.models import ClientGroup, UncollectedFigure
from core.periods import FinancialYear
from reports.annual import actions
from reports.annual.report_templates import builtin_template
from reports.annual.specs import BlockSpec
from reports.annual.structure import SectionSpec
from reports.models import Report
from reports.reconciliation import gather, live
from tests.factories import ConsultationFactory, MashEnquiryFactory, ReferralFactory

pytestmark = pytest.mark.django_db

YEAR = FinancialYear(2021)
Q1, Q2, Q3, Q4 = YEAR.quarters
URL = reverse("report_reconciliation")
CHILD_CONSULTATIONS = get_metric("child_consultations").name
MASH_OPEN = get_metric("mash_open_cases").name


def _text(response) -> str:
    """The page's words, tags taken out and spaces made single, as someone reading it sees them."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", words.replace("&#x27;", "'").replace("&amp;", "&")).strip()


def _consultations(area, day, count, by):
    return [ConsultationFactory(area=area, date=day, client_group=ClientGroup.CHILD, by=by) for _ in range(count)]


def _one_block(*metrics) -> list[SectionSpec]:
    """A report with one table: the metrics over the report's period alone."""
    return [SectionSpec("Figures", 1, (BlockSpec("Figures for the period", metrics, years=1),))]


def _approved_on(report) -> str:
    return f"{report.approved_at:%-d %B %Y}"


# A difference made on purpose --------------------------------------------------------------------------------


def test_a_record_changed_after_a_quarterly_report_was_approved_is_listed_with_both_values(
    client_for, executive, lead, areas
):
    calls = _consultations(areas["oxon"], date(2021, 5, 10), 3, lead)
    _consultations(areas["oxon"], date(2021, 8, 2), 2, lead)
    quarterly = builtin_template("quarterly-committee")
    first = actions.create_report(template=quarterly, period=Q1, by=lead)
    first = actions.approve_report(report=first, by=lead)
    second = actions.create_report(template=quarterly, period=Q2, by=lead)  # its quarters-so-far table holds Q1
    record_actions.archive_record(record=calls[0], by=lead, reason="Logged twice")

    page = _text(client_for(executive).get(URL, {"year": "2021/22"}))

    assert f"{CHILD_CONSULTATIONS}, Trust, Q1 2021/22" in page
    assert f"Changed after {first.title} was approved on {_approved_on(first)}: it holds 3, the records now give 2" in (
        page
    )
    assert f"Q1 2021/22, the whole trust 3 {first.title} (approved {_approved_on(first)})" in page
    assert f"Q2 2021/22, the whole trust 2 {second.title} (draft)" in page
    response = client_for(executive).get(URL, {"year": "2021/22"})
    assert reverse("report_detail", args=[first.pk]) in response.content.decode()
    assert reverse("report_detail", args=[second.pk]) in response.content.decode()


# Periods add up ------------------------------------------------------------------------------------------------


@pytest.fixture
def quarters_and_year(lead, areas):
    """A year of child consultations (2, 3, 4 and 5 a quarter) and MASH enquiries (two opened in Q1, one of them
    closed in Q3), with a quarterly report for each quarter and the annual report, all drafts."""
    for quarter, count in zip(YEAR.quarters, (2, 3, 4, 5), strict=True):
        _consultations(areas["oxon"], quarter.start, count, lead)
    MashEnquiryFactory(area=areas["oxon"], date=date(2021, 4, 20), by=lead)
    MashEnquiryFactory(area=areas["oxon"], date=date(2021, 5, 3), closed_on=date(2021, 11, 1), by=lead)
    sections = _one_block("child_consultations", "mash_open_cases")
    quarterly, annual = builtin_template("quarterly-committee"), builtin_template("annual-board")
    reports = {
        quarter: actions.create_report(template=quarterly, period=quarter, by=lead, sections=sections)
        for quarter in YEAR.quarters
    }
    reports[YEAR] = actions.create_report(template=annual, period=YEAR, by=lead, sections=sections)
    return reports


def test_four_quarterly_reports_add_up_to_the_annual_report(client_for, executive, quarters_and_year):
    page = _text(client_for(executive).get(URL, {"year": "2021/22"}))

    # Two figures (child consultations, MASH open at the end) for each of four quarters and the year.
    assert "All 10 figures in 5 reports covering 2021/22 were compared, and they all agree." in page
    # Consultations add up over the quarters; open cases at the year's end are those at Q4's end (1, not 2+2+1+1).
    assert "Periods adding up 2 figures for a period made up of shorter ones" in page
    assert "difference" not in page.lower().replace("each difference", "")


def test_the_built_in_reports_of_a_year_agree_where_nothing_changed(client_for, executive, lead, areas):
    """Every built-in report of a year, drafts all (the annual report, each quarter's committee report, the ICB
    return and the partnership packs for Q4): their tables of years, quarters, the year to date, areas and
    working days hold many figures twice or add up to one another, and no difference is made up."""
    for number, quarter in enumerate(YEAR.quarters, start=1):
        _consultations(areas["oxon"], quarter.start, number, lead)
        _consultations(areas["swindon"], quarter.end, 2, lead)
        MashEnquiryFactory(area=areas["oxon"], date=quarter.start, closed_on=quarter.start, by=lead)
        MashEnquiryFactory(area=areas["swindon"], date=quarter.start, by=lead)
    ReferralFactory(area=areas["bsw"], date=date(2021, 7, 1), by=lead)  # at BSW itself, inside BSW's pack
    templates = {slug: builtin_template(slug) for slug in ("annual-board", "quarterly-committee", "icb-assurance")}
    actions.create_report(template=templates["annual-board"], period=YEAR, by=lead)
    for quarter in YEAR.quarters:
        actions.create_report(template=templates["quarterly-committee"], period=quarter, by=lead)
    actions.create_report(template=templates["icb-assurance"], period=Q4, by=lead)
    for slug in ("oxon", "bsw"):
        actions.create_report(template=templates["icb-assurance"], period=Q4, area=areas[slug], by=lead)

    response = client_for(executive).get(URL, {"year": "2021/22"})
    page, result = _text(response), response.context["result"]

    assert "they all agree" in page, [(d.figure, d.statement, d.causes) for d in result.differences]
    assert len(result.reports) == 8
    assert result.same_checked and result.periods_checked and result.areas_checked


def test_a_quarter_whose_approved_figure_no_longer_adds_up_to_the_year_is_caught(
    client_for, executive, lead, areas, quarters_and_year
):
    second = actions.approve_report(report=quarters_and_year[Q2], by=lead)
    _consultations(areas["oxon"], date(2021, 8, 20), 1, lead)  # logged late: Q2 now holds 4 consultations

    page = _text(client_for(executive).get(URL, {"year": "2021/22"}))

    assert "1 difference found" in page
    assert "Periods that do not add up" in page
    assert f"{CHILD_CONSULTATIONS}, Trust, 2021/22" in page
    # The year (a draft) reads 2 + 4 + 4 + 5 = 15; the quarters as reported add up to 2 + 3 + 4 + 5 = 14.
    assert "Q1 2021/22, Q2 2021/22, Q3 2021/22 and Q4 2021/22 add up to 14, but 2021/22 holds 15." in page
    assert (
        f"Q2 2021/22: changed after {second.title} was approved on {_approved_on(second)}: it holds 3, "
        "the records now give 4." in page
    )
    assert MASH_OPEN not in page


def test_an_approved_annual_report_and_later_quarters_disagree_where_a_record_moved_between_quarters(
    client_for, executive, lead, areas, quarters_and_year
):
    """A record moved from Q1 to Q3 leaves the year's total alone: the quarters still add up to it."""
    actions.approve_report(report=quarters_and_year[YEAR], by=lead)
    call = _consultations(areas["oxon"], date(2021, 4, 2), 1, lead)[0]
    actions.approve_report(report=quarters_and_year[Q1], by=lead)
    record_actions.update_record(record=call, by=lead, reason="Wrong date", date=date(2021, 10, 4))

    page = _text(client_for(executive).get(URL, {"year": "2021/22"}))

    # The approved year holds 14; the approved Q1 holds 3 (2 + the moved call), the drafts Q2 3, Q3 5, Q4 5.
    assert "Q1 2021/22, Q2 2021/22, Q3 2021/22 and Q4 2021/22 add up to 16, but 2021/22 holds 14." in page
    assert "it holds 3, the records now give 2" in page
    assert "it holds 14, the records now give 15" in page


# Areas add up -----------------------------------------------------------------------------------------------


@pytest.fixture
def area_records(lead, areas):
    """Child consultations in Q1: 3 in Oxfordshire, 2 in Swindon, 1 held at BSW itself and 4 at the trust."""
    _consultations(areas["oxon"], date(2021, 5, 4), 3, lead)
    _consultations(areas["swindon"], date(2021, 5, 5), 2, lead)
    _consultations(areas["bsw"], date(2021, 5, 6), 1, lead)
    _consultations(areas["trust"], date(2021, 5, 7), 4, lead)


def _trust_and_packs(lead, areas, pack_areas, template="quarterly-committee"):
    chosen = builtin_template(template)
    trust = actions.create_report(template=chosen, period=Q1, by=lead)
    packs = {slug: actions.create_report(template=chosen, period=Q1, area=areas[slug], by=lead) for slug in pack_areas}
    return trust, packs


def test_partnership_packs_add_up_to_the_trust_but_for_records_held_at_the_trust_itself(
    client_for, executive, lead, areas, area_records
):
    trust, packs = _trust_and_packs(lead, areas, ["oxon", "bsw"])

    page = _text(client_for(executive).get(URL, {"year": "2021/22"}))

    assert "Areas that do not add up" in page
    assert f"{CHILD_CONSULTATIONS}, Trust, Q1 2021/22" in page
    # Oxfordshire's pack 3 and BSW's 3 (Swindon's 2 and BSW's own 1) make 6; the trust holds 10.
    assert "The areas directly below Trust add up to 6, but Trust holds 10." in page
    assert "4 of the 10 are held at Trust itself, in no area below it." in page
    # BSW's own record is explained the same way inside BSW's pack (Swindon 2, BSW 3).
    assert "No cause was found" not in page
    assert "No pack for" not in page
    assert re.search(rf"Oxfordshire 3 {re.escape(packs['oxon'].title)} \(draft\)", page)
    assert re.search(rf"Trust 10 {re.escape(trust.title)} \(draft\)", page)


def test_packs_that_add_up_to_the_trust_show_no_difference(client_for, executive, lead, areas):
    _consultations(areas["oxon"], date(2021, 5, 4), 3, lead)
    _consultations(areas["swindon"], date(2021, 5, 5), 2, lead)
    _trust_and_packs(lead, areas, ["oxon", "bsw"], template="icb-assurance")

    page = _text(client_for(executive).get(URL, {"year": "2021/22"}))

    assert "and they all agree" in page
    assert "Areas that do not add up" not in page


def test_a_missing_pack_is_named_and_the_packs_there_are_are_not_added_up_without_it(
    client_for, executive, lead, areas, area_records
):
    _trust_and_packs(lead, areas, ["oxon"])

    page = _text(client_for(executive).get(URL, {"year": "2021/22"}))

    assert (
        "Quarterly report to the committee, Q1 2021/22: there is a report for Trust and a pack for Oxfordshire, but "
        "no pack for BSW, so the packs cannot be added up to Trust's figures." in page
    )
    assert "Areas that do not add up" not in page


def test_a_table_of_the_lowest_areas_adds_up_through_them_and_names_records_held_between(
    client_for, executive, lead, areas, area_records
):
    """Oxfordshire and Swindon are the lowest areas: BSW's own record is held between them and the trust."""
    leaves = [
        SectionSpec(
            "Figures", 1, (BlockSpec("By area", ("child_consultations",), by="area", area_rows="leaves", years=1),)
        )
    ]
    actions.create_report(period=Q1, by=lead, sections=leaves)

    page = _text(client_for(executive).get(URL, {"year": "2021/22"}))

    assert "The areas directly below Trust (for BSW, the areas below them) add up to 5, but Trust holds 10." in page
    assert "4 of the 10 are held at Trust itself, in no area below it." in page
    assert "1 of the 10 is held at BSW itself, in no area below it." in page
    assert "No cause was found" not in page


# What cannot be compared, and the page itself ---------------------------------------------------------------


def test_a_report_approved_before_figures_were_named_cannot_be_compared(client_for, executive, lead, areas):
    _consultations(areas["oxon"], date(2021, 5, 4), 2, lead)
    old = actions.approve_report(
        report=actions.create_report(period=YEAR, by=lead, sections=_one_block("child_consultations")), by=lead
    )
    snapshot = old.snapshot
    for section in snapshot["sections"]:
        for block in section["blocks"]:
            block.pop("facts", None)
    Report.objects.filter(pk=old.pk).update(snapshot=snapshot)  # as approved before blocks named their figures

    page = _text(client_for(executive).get(URL))

    assert re.search(rf"{re.escape(old.title)} ?: cannot be compared \(approved before reconciliation\)", page)


def test_the_latest_year_with_a_report_is_shown_first_and_only_years_with_reports_are_offered(
    client_for, executive, lead, areas
):
    actions.create_report(period=FinancialYear(2020), by=lead, sections=_one_block("child_consultations"))
    actions.create_report(period=Q3, by=lead, sections=_one_block("child_consultations"))

    response = client_for(executive).get(URL)

    assert response.context["result"].year == YEAR
    assert [label for label, _ in response.context["form"].fields["year"].choices] == ["2021/22", "2020/21"]


def test_a_year_not_offered_is_refused_with_a_message_not_an_error(client_for, executive, lead, areas):
    actions.create_report(period=Q3, by=lead, sections=_one_block("child_consultations"))

    response = client_for(executive).get(URL, {"year": "1999/00"})

    assert response.status_code == 200
    assert "Choose a financial year that has reports" in _text(response)


def test_with_no_reports_the_page_says_there_is_nothing_to_compare(client_for, executive, areas):
    assert "There are no reports yet" in _text(client_for(executive).get(URL))


def test_the_executive_may_open_the_page_and_a_practitioner_may_not(client_for, executive, practitioner, areas):
    assert client_for(executive).get(URL).status_code == 200
    assert client_for(practitioner).get(URL).status_code == 403


def test_the_reports_page_links_to_the_reconciliation(client_for, executive, areas):
    assert URL in client_for(executive).get(reverse("report_list")).content.decode()


# Queries -------------------------------------------------------------------------------------------------------


def test_the_number_of_queries_does_not_grow_with_the_records(client_for, executive, lead, areas):
    """The same reports and the same difference, over ten times the records: the same number of queries."""
    quarterly = builtin_template("quarterly-committee")
    counts = []
    for volume in (2, 20):
        Report.objects.all().delete()
        _consultations(areas["oxon"], date(2021, 5, 10), volume, lead)
        _consultations(areas["trust"], date(2021, 5, 11), volume, lead)
        first = actions.approve_report(report=actions.create_report(template=quarterly, period=Q1, by=lead), by=lead)
        actions.create_report(template=quarterly, period=Q1, area=areas["oxon"], by=lead)
        actions.create_report(template=quarterly, period=Q2, by=lead)
        _consultations(areas["oxon"], date(2021, 5, 12), 1, lead)  # after Q1 was approved
        client = client_for(executive)
        with CaptureQueriesContext(connection) as queries:
            page = _text(client.get(URL, {"year": "2021/22"}))
        assert f"Changed after {first.title} was approved" in page
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Other causes, and honesty where none is found ------------------------------------------------------------------


def test_a_return_superseded_by_records_logged_after_approval_is_named(client_for, executive, lead, areas):
    record_actions.enter_return(
        metric="child_consultations", area=areas["oxon"], period=YEAR, value=50, source="Team spreadsheet", by=lead
    )
    approved = actions.approve_report(
        report=actions.create_report(period=YEAR, by=lead, sections=_one_block("child_consultations")), by=lead
    )
    _consultations(areas["oxon"], date(2021, 9, 1), 2, lead)  # records for the same area and year win
    actions.create_report(
        template=builtin_template("update-paper"), period=YEAR, by=lead, sections=_one_block("child_consultations")
    )

    page = _text(client_for(executive).get(URL, {"year": "2021/22"}))

    assert (
        f"Changed after {approved.title} was approved on {_approved_on(approved)}: it holds 50, the records now give "
        "2. A return entered for this figure is now superseded by records." in page
    )


def test_a_figure_not_collected_when_a_report_was_approved_is_named(client_for, executive, lead, areas):
    """Allegations against staff come from returns; BSW's are not collected, until a return is entered."""
    UncollectedFigure.objects.create(metric="allegations_against_staff", area=areas["bsw"], from_year=2021)
    record_actions.enter_return(
        metric="allegations_against_staff", area=areas["oxon"], period=YEAR, value=3, source="HR", by=lead
    )
    by_area = [SectionSpec("Figures", 1, (BlockSpec("By area", ("allegations_against_staff",), by="area", years=1),))]
    approved = actions.approve_report(report=actions.create_report(period=YEAR, by=lead, sections=by_area), by=lead)
    record_actions.enter_return(
        metric="allegations_against_staff", area=areas["bsw"], period=YEAR, value=2, source="HR", by=lead
    )
    actions.create_report(template=builtin_template("update-paper"), period=YEAR, by=lead, sections=by_area)

    page = _text(client_for(executive).get(URL, {"year": "2021/22"}))

    assert (
        f"Changed after {approved.title} was approved on {_approved_on(approved)}: it holds no figure, as the figure "
        "was not collected for BSW then; the returns now give 2." in page
    )
    assert (
        f"Changed after {approved.title} was approved on {_approved_on(approved)}: it holds 3, the returns now give 5."
        in page
    )


def test_a_difference_whose_cause_is_not_looked_for_says_so(
    client_for, executive, lead, areas, quarters_and_year, monkeypatch
):
    monkeypatch.setattr(live, "MAX_TABLES", 0)
    actions.approve_report(report=quarters_and_year[Q2], by=lead)
    _consultations(areas["oxon"], date(2021, 8, 20), 1, lead)

    page = _text(client_for(executive).get(URL, {"year": "2021/22"}))

    assert "Its cause was not looked for" in page
    assert "For 1 of the differences no cause was found." in page


def test_the_page_says_when_it_compares_only_some_of_the_reports(client_for, executive, quarters_and_year, monkeypatch):
    monkeypatch.setattr(gather, "MAX_REPORTS", 3)

    page = _text(client_for(executive).get(URL, {"year": "2021/22"}))

    assert "5 reports cover 2021/22: only the 3 with the latest periods are compared, and 2 are left out." in page


def test_a_hostile_year_in_the_address_is_refused_with_a_message(client_for, executive, lead, areas):
    actions.create_report(period=Q3, by=lead, sections=_one_block("child_consultations"))
    client = client_for(executive)
    for year in ("<script>alert(1)</script>", "2021/22\x00", "9" * 5000, "2021/22 Q5", "' OR 1=1 --"):
        response = client.get(URL, {"year": year})
        assert response.status_code == 200
        assert "Choose a financial year that has reports" in _text(response)
        assert "<script>alert" not in response.content.decode()


def test_of_several_approved_reports_of_the_same_kind_period_and_area_only_the_latest_is_compared(
    client_for, executive, lead, areas
):
    calls = _consultations(areas["oxon"], date(2021, 5, 10), 3, lead)
    sections = _one_block("child_consultations")
    earlier = actions.approve_report(report=actions.create_report(period=Q1, by=lead, sections=sections), by=lead)
    record_actions.archive_record(record=calls[0], by=lead, reason="Logged twice")
    later = actions.approve_report(report=actions.start_draft_from(earlier, by=lead), by=lead)

    response = client_for(executive).get(URL, {"year": "2021/22"})

    assert response.context["result"].reports == [later]
    assert "and they all agree" in _text(response)  # the earlier one's 3 is not held against the later one's 2
