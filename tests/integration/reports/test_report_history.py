"""Every write to an annual report (reports.annual.actions) leaves history rows (django-simple-history) that say
who made it and why: the report's, its sections' and, were blocks to keep a history, its blocks'.

A data block keeps no history of its own: adding or removing one is recorded in the report's history, which
names the block.
"""

from datetime import date

import pytest

from core.periods import FinancialYear
from reports.annual import actions
from reports.annual.specs import BlockSpec
from reports.models import DataBlock, Report, ReportImage, ReportSection, RowTheme

YEAR = FinancialYear(2021)
TABLE = BlockSpec("Calls by area", ("child_consultations",), by="area", years=2)


@pytest.fixture
def report(areas, secretary):
    return actions.create_report(year=YEAR, by=secretary)


def _histories(report_pk) -> list:
    """Every history row of the report, its sections and (if they keep one) its blocks."""
    rows = [*Report.history.filter(id=report_pk), *ReportSection.history.filter(report_id=report_pk)]
    block_history = getattr(DataBlock, "history", None)
    if block_history is not None:
        sections = ReportSection.history.filter(report_id=report_pk).values("id")
        rows += list(block_history.filter(section_id__in=sections))
    return rows


def _who_and_why(rows) -> set:
    return {(row.history_user, bool((row.history_change_reason or "").strip())) for row in rows}


def _new_rows(history, since: int) -> list:
    return list(history.filter(history_id__gt=since).select_related("history_user").order_by("history_id"))


def _last_id(history) -> int:
    return history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


def _sections(report) -> list:
    return list(report.sections.order_by("position"))


# Starting a report --------------------------------------------------------------------


def test_every_history_row_of_a_new_report_names_the_secretary_who_started_it_and_why(report, secretary):
    assert report.sections.count() > 5 and DataBlock.objects.filter(section__report=report).exists()
    rows = _histories(report.pk)
    assert {row.history_type for row in rows} == {"+"}
    assert len(rows) == 1 + report.sections.count() + (
        DataBlock.objects.filter(section__report=report).count() if hasattr(DataBlock, "history") else 0
    )
    assert _who_and_why(rows) == {(secretary, True)}


def test_a_draft_started_from_an_approved_report_names_who_started_it_in_every_row(report, secretary, lead):
    approved = actions.approve_report(report=report, by=lead)
    draft = actions.start_draft_from(approved, by=lead)
    rows = _histories(draft.pk)
    assert _who_and_why(rows) == {(lead, True)}
    created = Report.history.get(id=draft.pk)  # one row: it was made whole, its origin included
    assert created.history_type == "+" and created.based_on_id == approved.pk
    assert str(approved.financial_year.label) in created.history_change_reason


def _dress(report, by):
    """Give ``report`` a front sheet, a public narrative, a picture and themes beside a table's rows."""
    Report.objects.filter(pk=report.pk).update(
        organisation="Example NHS Foundation Trust",
        meeting="Trust Board",
        meeting_date=date(2022, 9, 28),
        purpose=Report.Purpose.ASSURANCE,
        recommendation="The Board is asked to confirm that it is assured.",
    )
    first, second = _sections(report)[:2]
    ReportSection.objects.filter(pk=second.pk).update(public_narrative="Words for the public.")
    ReportImage.objects.create(
        section=first, png=b"\x89PNG picture", width=40, height=30, alt_text="The team's structure", uploaded_by=by
    )
    block = DataBlock.objects.filter(section__report=report, kind="table").order_by("section__position").first()
    RowTheme.objects.create(block=block, row_label="Oxfordshire", themes="Record keeping")
    report.refresh_from_db()
    return block


def test_a_new_draft_carries_the_front_sheet_public_narratives_pictures_and_same_year_themes(report, lead):
    block = _dress(report, lead)
    approved = actions.approve_report(report=report, by=lead)
    draft = actions.start_draft_from(approved, by=lead)
    assert (draft.organisation, draft.meeting, draft.meeting_date, draft.purpose, draft.recommendation) == (
        "Example NHS Foundation Trust",
        "Trust Board",
        date(2022, 9, 28),
        Report.Purpose.ASSURANCE,
        "The Board is asked to confirm that it is assured.",
    )
    assert [s.public_narrative for s in _sections(draft)[:3]] == [None, "Words for the public.", None]
    [image] = ReportImage.objects.filter(section__report=draft)
    assert (bytes(image.png), image.alt_text, image.section.title) == (
        b"\x89PNG picture",
        "The team's structure",
        _sections(draft)[0].title,
    )
    [theme] = RowTheme.objects.filter(block__section__report=draft)
    assert (theme.block.title, theme.row_label, theme.themes) == (block.title, "Oxfordshire", "Record keeping")
    reason = Report.history.get(id=draft.pk).history_change_reason
    assert "with the front sheet, public narratives, 1 picture and the themes beside table rows" in reason


def test_a_next_years_draft_leaves_the_themes_behind_they_describe_their_year(report, lead):
    _dress(report, lead)
    approved = actions.approve_report(report=report, by=lead)
    draft = actions.start_draft_from(approved, year=YEAR.next, by=lead)
    assert draft.organisation == "Example NHS Foundation Trust"
    assert ReportImage.objects.filter(section__report=draft).count() == 1
    assert not RowTheme.objects.filter(block__section__report=draft).exists()
    assert "themes" not in Report.history.get(id=draft.pk).history_change_reason


def test_saving_a_public_narrative_names_it_in_the_history(report, lead):
    section = _sections(report)[1]
    since = _last_id(ReportSection.history)
    actions.save_section(
        section=section, by=lead, title=section.title, narrative="", level=1, public_narrative="For the public."
    )
    [row] = _new_rows(ReportSection.history, since)
    assert (row.history_user, row.history_change_reason, row.public_narrative) == (
        lead,
        "Public narrative changed",
        "For the public.",
    )


# Sections ------------------------------------------------------------------------------


def test_saving_a_section_names_who_saved_it_and_why(report, lead):
    section = _sections(report)[1]
    since = _last_id(ReportSection.history)
    actions.save_section(section=section, by=lead, title="Introduction", narrative="New words.", level=1)
    [row] = _new_rows(ReportSection.history, since)
    assert (row.id, row.history_type, row.narrative) == (section.pk, "~", "New words.")
    assert _who_and_why([row]) == {(lead, True)}


def test_moving_a_section_writes_a_history_row_for_both_sections_it_swaps(report, lead):
    first, second = _sections(report)[:2]
    since = _last_id(ReportSection.history)
    actions.move_section(section=second, by=lead, up=True)
    rows = _new_rows(ReportSection.history, since)
    assert sorted((row.id, row.position) for row in rows) == sorted([(second.pk, 1), (first.pk, 2)])
    assert {row.history_type for row in rows} == {"~"}
    assert _who_and_why(rows) == {(lead, True)}
    assert all(second.title in row.history_change_reason for row in rows)


def test_adding_a_section_in_the_middle_writes_history_for_it_and_every_section_it_moves_down(report, lead):
    first, *later = _sections(report)
    since = _last_id(ReportSection.history)
    added = actions.add_section(report=report, by=lead, title="Our people", after=first)
    rows = _new_rows(ReportSection.history, since)
    assert [(row.id, row.history_type) for row in rows if row.id == added.pk] == [(added.pk, "+")]
    moved = {row.id: row.position for row in rows if row.id != added.pk}
    assert moved == {section.pk: section.position + 1 for section in later}
    assert _who_and_why(rows) == {(lead, True)}


def test_adding_a_section_at_the_end_names_who_added_it(report, lead):
    since = _last_id(ReportSection.history)
    added = actions.add_section(report=report, by=lead, title="Our people")
    [row] = _new_rows(ReportSection.history, since)
    assert (row.id, row.history_type) == (added.pk, "+")
    assert _who_and_why([row]) == {(lead, True)}


def test_removing_a_section_names_who_removed_it_and_why(report, lead):
    section = _sections(report)[2]
    pk = section.pk  # delete() leaves the instance without one
    since = _last_id(ReportSection.history)
    actions.remove_section(section=section, by=lead)
    [row] = _new_rows(ReportSection.history, since)
    assert (row.id, row.history_type) == (pk, "-")
    assert _who_and_why([row]) == {(lead, True)}


# The report's own history: every change to it, its sections or its blocks --------------


def _report_rows_after(report, lead, change) -> list:
    since = _last_id(Report.history)
    change()
    rows = _new_rows(Report.history, since)
    assert rows and {row.id for row in rows} == {report.pk}
    assert _who_and_why(rows) == {(lead, True)}
    return rows


def test_each_change_to_a_section_is_in_the_reports_history_naming_who_made_it(report, lead):
    first, second, third = _sections(report)[:3]
    for change in [
        lambda: actions.save_section(section=first, by=lead, title="Summary", narrative="Words.", level=1),
        lambda: actions.move_section(section=third, by=lead, up=True),
        lambda: actions.add_section(report=report, by=lead, title="Our people", after=second),
        lambda: actions.remove_section(section=second, by=lead),
    ]:
        [row] = _report_rows_after(report, lead, change)
        assert row.history_type == "~" and row.updated_by_id == lead.pk


def test_adding_a_block_is_in_the_reports_history_naming_the_block_and_who_added_it(report, lead):
    section = _sections(report)[0]
    [row] = _report_rows_after(report, lead, lambda: actions.add_block(section=section, by=lead, spec=TABLE))
    assert TABLE.title in row.history_change_reason and section.title in row.history_change_reason


def test_removing_a_block_is_in_the_reports_history_naming_the_block_and_who_removed_it(report, lead):
    block = DataBlock.objects.filter(section__report=report).select_related("section").first()
    pk = block.pk  # delete() leaves the instance without one
    [row] = _report_rows_after(report, lead, lambda: actions.remove_block(block=block, by=lead))
    assert block.title in row.history_change_reason and block.section.title in row.history_change_reason
    assert not DataBlock.objects.filter(pk=pk).exists()


def test_approving_a_report_names_who_approved_it_and_why(report, lead):
    [row] = _report_rows_after(report, lead, lambda: actions.approve_report(report=report, by=lead))
    assert (row.history_type, row.status, row.approved_by_id) == ("~", Report.Status.APPROVED, lead.pk)


# Together ------------------------------------------------------------------------------


def test_a_session_of_every_kind_of_change_leaves_no_history_row_without_a_user_and_a_reason(report, lead):
    first, second, third = _sections(report)[:3]
    actions.save_section(section=first, by=lead, title="Summary", narrative="Words.", level=1)
    actions.move_section(section=third, by=lead, up=False)
    added = actions.add_section(report=report, by=lead, title="Our people", after=first)
    actions.add_block(section=added, by=lead, spec=TABLE)
    actions.remove_block(block=added.blocks.get(), by=lead)
    actions.remove_section(section=second, by=lead)
    actions.approve_report(report=report, by=lead)
    actions.start_draft_from(report, year=YEAR.next, by=lead)
    rows = [*Report.history.all(), *ReportSection.history.all()]
    assert [row for row in rows if row.history_user is None or not (row.history_change_reason or "").strip()] == []


@pytest.mark.parametrize(
    "change",
    [
        lambda report, section, block: actions.create_report(year=YEAR.next, by=None),
        lambda report, section, block: actions.start_draft_from(report, year=YEAR.next, by=None),
        lambda report, section, block: actions.save_section(section=section, by=None, title="T", narrative="", level=1),
        lambda report, section, block: actions.add_section(report=report, by=None, title="T"),
        lambda report, section, block: actions.move_section(section=section, by=None, up=False),
        lambda report, section, block: actions.remove_section(section=section, by=None),
        lambda report, section, block: actions.add_block(section=section, by=None, spec=TABLE),
        lambda report, section, block: actions.remove_block(block=block, by=None),
        lambda report, section, block: actions.approve_report(report=report, by=None),
    ],
    ids=["create", "start-from", "save", "add", "move", "remove", "add-block", "remove-block", "approve"],
)
def test_a_write_with_no_one_to_name_is_refused_and_writes_nothing(report, change):
    section = _sections(report)[0]
    block = DataBlock.objects.filter(section__report=report).first()
    before = (_last_id(Report.history), _last_id(ReportSection.history))
    with pytest.raises(ValueError, match="needs the user"):
        change(report, section, block)
    assert (_last_id(Report.history), _last_id(ReportSection.history)) == before
