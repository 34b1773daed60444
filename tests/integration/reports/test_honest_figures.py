"""Figures a Board can trust: not collected is not zero, totals say what they cover, the CSPR table holds every
review whatever area it was logged at, and review actions outstanding never go negative.

Each expected figure is worked out by hand from the records the test makes.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts import roles
from activity import actions
from activity.models import Review, ReviewAction, Service, UncollectedFigure
from core.periods import FinancialYear, Span
from reports.annual.blocks import TableReader, read_grid
from reports.annual.presentation import present_grid
from reports.annual.specs import BlockSpec
from reports.annual.structure import DEFAULT_SECTIONS
from reports.dashboard import build
from reports.figures import all_areas, year_table
from reports.templatetags.report_format import NO_DATA, format_row
from tests.factories import MashEnquiryFactory, ReviewActionFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

Y2020, Y2021 = FinancialYear(2020), FinancialYear(2021)
MASH_BY_AREA = BlockSpec("MASH enquiries processed by area", ("mash_enquiries",), by="area", hide_empty_rows=False)


def _table(spec: BlockSpec, year=Y2021, *, public=False):
    reader = TableReader(areas=all_areas(), services={service.slug: service for service in Service.objects.all()})
    return present_grid(read_grid(spec, year, reader), "table-1", public=public)


def _text_rows(table) -> dict[str, list[str]]:
    """{row label: its cells after the label, as every format writes them}."""
    return {row.label: format_row(table, row) for row in table.rows}


@pytest.fixture
def user(db):
    return UserFactory(role=roles.LEAD)


@pytest.fixture
def mash_in_oxfordshire(areas, user):
    """12 MASH enquiries in Oxfordshire in 2020/21 and 15 in 2021/22; none logged in BSW."""
    for _ in range(12):
        MashEnquiryFactory(area=areas["oxon"], date=date(2020, 6, 1), by=user)
    for _ in range(15):
        MashEnquiryFactory(area=areas["oxon"], date=date(2021, 6, 1), by=user)


# Not collected, against zero ------------------------------------------------------------------------------------


def test_an_area_with_no_records_reads_zero_while_its_figures_are_collected(areas, mash_in_oxfordshire):
    rows = _text_rows(_table(MASH_BY_AREA))
    assert rows["BSW"][:3] == ["0", "0", "0"]
    assert rows["Total"][:3] == ["12", "15", "+3"]
    assert _table(MASH_BY_AREA).notes == []


def test_an_area_whose_figures_are_not_collected_reads_not_collected_and_is_left_out_of_the_total(
    areas, mash_in_oxfordshire
):
    UncollectedFigure.objects.create(metric="mash_enquiries", area=areas["bsw"], from_year=2020, until_year=2021)
    table = _table(MASH_BY_AREA)
    rows = _text_rows(table)
    assert rows["BSW"] == ["Not collected", "Not collected", NO_DATA, NO_DATA]
    # Only Oxfordshire has figures: 12 and 15, +3, +25.0%; the total says what it covers.
    assert rows["Total (areas with figures)"] == ["12", "15", "+3", "+25.0%"]
    assert table.notes == ["BSW: not collected in 2020/21 and 2021/22; left out of the total."]


def test_the_public_version_keeps_not_collected_and_hides_nothing_for_it(areas, mash_in_oxfordshire):
    UncollectedFigure.objects.create(metric="mash_enquiries", area=areas["bsw"], from_year=2020)
    rows = _text_rows(_table(MASH_BY_AREA, public=True))
    assert rows["BSW"][:2] == ["Not collected", "Not collected"]
    # 12 and 15 are published rounded to the nearest 5.
    assert rows["Oxfordshire"][:2] == ["10", "15"]


def test_areas_below_an_area_not_collected_are_not_collected_too(areas, mash_in_oxfordshire):
    UncollectedFigure.objects.create(metric="mash_enquiries", area=areas["bsw"], from_year=2020)
    leaves = BlockSpec("MASH by area", ("mash_enquiries",), by="area", area_rows="leaves", hide_empty_rows=False)
    assert _text_rows(_table(leaves))["Swindon"][:2] == ["Not collected", "Not collected"]


def test_a_finding_never_compares_with_a_year_not_collected(areas, user):
    """BSW's MASH figures were not collected in 2020/21; 9 enquiries were logged there in 2021/22."""
    for _ in range(9):
        MashEnquiryFactory(area=areas["swindon"], date=date(2021, 6, 1), by=user)
    UncollectedFigure.objects.create(metric="mash_enquiries", area=areas["bsw"], from_year=2020, until_year=2020)
    table = _table(BlockSpec("MASH enquiries processed in BSW", ("mash_enquiries",), within="bsw"))
    assert _text_rows(table)["MASH enquiries processed"] == ["Not collected", "9", NO_DATA, NO_DATA]
    assert table.findings == ["In 2021/22 there were 9 MASH enquiries processed in BSW."]


def test_a_figure_is_not_collected_only_for_its_own_metric_and_years(areas, mash_in_oxfordshire):
    UncollectedFigure.objects.create(metric="mash_open_cases", area=areas["bsw"], from_year=2020)
    UncollectedFigure.objects.create(metric="mash_enquiries", area=areas["bsw"], from_year=2018, until_year=2019)
    assert _text_rows(_table(MASH_BY_AREA))["BSW"][:2] == ["0", "0"]


def test_a_metric_that_does_not_exist_cannot_be_marked_not_collected(areas):
    with pytest.raises(ValidationError):
        UncollectedFigure.objects.create(metric="no_such_figure", area=areas["bsw"], from_year=2020)


# Rows with nothing, and totals ---------------------------------------------------------------------------------


def test_rows_with_no_figure_in_any_year_are_left_out_unless_the_block_keeps_them(areas, mash_in_oxfordshire):
    UncollectedFigure.objects.create(metric="mash_enquiries", area=areas["bsw"], from_year=2020)
    table = _table(BlockSpec("MASH enquiries processed by area", ("mash_enquiries",), by="area"))
    assert [row.label for row in table.rows] == ["Oxfordshire"]
    assert table.notes == ["BSW: not collected in 2020/21 and 2021/22; not in these figures."]
    kept = _table(MASH_BY_AREA)
    assert [row.label for row in kept.rows] == ["BSW", "Oxfordshire", "Total (areas with figures)"]


# Bugs of the CSPR table ------------------------------------------------------------------------------------------


def _cspr_spec() -> BlockSpec:
    return next(
        block
        for section in DEFAULT_SECTIONS
        for block in section.blocks
        if block.title == "CSPRs and rapid reviews undertaken"
    )


def test_the_cspr_table_holds_a_rapid_review_logged_at_a_parent_area(areas, user):
    """A rapid review logged at BSW itself (not one of its areas) and completed in 2021/22."""
    ReviewFactory(area=areas["bsw"], date=date(2021, 5, 1), rapid_review_completed_on=date(2021, 6, 1), by=user)
    ReviewFactory(area=areas["oxon"], date=date(2021, 5, 1), rapid_review_completed_on=date(2021, 7, 1), by=user)
    table = _table(_cspr_spec())
    rows = {row.label: row.cells for row in table.rows}
    assert rows["Trust (not split by area)"][0] == 1
    assert rows["Oxfordshire"][0] == 1
    assert rows["Total"][0] == 2


def test_the_cspr_table_shows_a_review_awaiting_publication_logged_at_a_parent_area(areas, user):
    """A CSPR logged at BSW, commissioned and completed in 2021/22, not published by 31 March 2022."""
    ReviewFactory(
        area=areas["bsw"],
        date=date(2021, 5, 1),
        kind=Review.Kind.CSPR,
        commissioned_on=date(2021, 6, 1),
        completed_on=date(2021, 10, 1),
        by=user,
    )
    table = _table(_cspr_spec())
    rows = {row.label: row.cells for row in table.rows}
    awaiting = table.columns.index("CSPRs completed, awaiting publication") - 1
    assert rows["Trust (not split by area)"][awaiting] == 1
    assert rows["Total"][awaiting] == 1
    assert sum(cells[awaiting] for label, cells in rows.items() if label != "Total") == 1


# Review actions outstanding ------------------------------------------------------------------------------------


def _outstanding_on(day: date, area) -> int | None:
    """Review actions outstanding at the end of ``day`` (in a span from the start of the year)."""
    return year_table("review_actions_outstanding", [Span(Y2021.start, day, f"{day}")], within=area).total.values[0]


def test_an_action_completed_before_it_is_due_is_never_outstanding(areas, user):
    review = ReviewFactory(area=areas["oxon"], date=date(2021, 4, 10), by=user)
    ReviewActionFactory(
        review=review,
        agreed_on=date(2021, 5, 1),
        due_on=date(2021, 9, 1),
        status=ReviewAction.Status.COMPLETED,
        completed_on=date(2021, 8, 1),
    )
    for day in (date(2021, 7, 1), date(2021, 8, 15), date(2021, 9, 1), date(2022, 3, 31)):
        assert _outstanding_on(day, areas["trust"]) == 0, day


def test_the_dashboard_lists_the_actions_the_figure_counts(areas, user):
    """On 15 August 2021: one action due on 1 July and not done (outstanding), one due on 1 September but done on
    1 August (never outstanding), one due on 1 June and done on 1 October (outstanding until then)."""
    review = ReviewFactory(area=areas["oxon"], date=date(2021, 4, 10), by=user)
    late = ReviewActionFactory(review=review, agreed_on=date(2021, 5, 1), due_on=date(2021, 7, 1))
    ReviewActionFactory(
        review=review,
        agreed_on=date(2021, 5, 1),
        due_on=date(2021, 9, 1),
        status=ReviewAction.Status.COMPLETED,
        completed_on=date(2021, 8, 1),
    )
    done_late = ReviewActionFactory(
        review=review,
        agreed_on=date(2021, 5, 1),
        due_on=date(2021, 6, 1),
        status=ReviewAction.Status.COMPLETED,
        completed_on=date(2021, 10, 1),
    )
    board = build(Y2021, areas["trust"], today=date(2021, 8, 15))
    headline = next(each for each in board.headlines if each.slug == "review_actions_outstanding")
    assert headline.this == board.overdue_count == 2
    assert board.overdue_actions == [done_late, late]


def test_an_archived_reviews_actions_are_not_outstanding(areas, user):
    review = ReviewFactory(area=areas["oxon"], date=date(2021, 4, 10), by=user)
    ReviewActionFactory(review=review, agreed_on=date(2021, 5, 1), due_on=date(2021, 7, 1))
    assert _outstanding_on(date(2021, 8, 1), areas["trust"]) == 1
    actions.archive_record(record=review, by=user, reason="Logged twice")
    assert _outstanding_on(date(2021, 8, 1), areas["trust"]) == 0
    board = build(Y2021, areas["trust"], today=date(2021, 8, 1))
    assert board.overdue_count == 0
