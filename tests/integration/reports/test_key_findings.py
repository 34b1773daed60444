"""The key findings a Board reads first, on the demo's 2021/22 report: ranked by how much they changed, no more than
the setting allows, one sentence style, one finding per figure, each linked to its table and agreeing with it.

Expected numbers are the seed report's (../shared/seeds/000_3c5ac8f93228db33.txt), worked out by hand.
"""

import re

import pytest

from reports.annual.content import presented
from reports.models import Report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


@pytest.fixture
def document():
    return presented(Report.objects.get(year=2021, status=Report.Status.DRAFT))


def _table(document, title, kind="table"):
    return next(table for table in document.tables if table.title == title and table.kind == kind)


def test_the_biggest_change_comes_first(document):
    """Seed §6.6: children's training sessions went from 12 to 30 (+150%), adult sessions from 14 to 26 (+85.7%);
    §8.1: Bucks MASH cases open at the year end from 139 to 253 (+82.0%). No other figure changed as much."""
    first, second, third = document.key_findings[:3]
    assert first.text == (
        "In 2021/22 there were 30 safeguarding children training sessions, 18 more than in 2020/21 (12), "
        "a rise of 150%."
    )
    assert (first.change, second.change, third.change) == (150.0, 85.7, 82.0)
    assert first.anchor == _table(document, "Safeguarding training sessions delivered").anchor


def test_key_findings_are_ranked_by_the_size_of_their_change_with_no_percentage_last(document):
    changes = [finding.change for finding in document.key_findings]
    stated = [change for change in changes if change is not None]
    assert changes[: len(stated)] == stated
    assert [abs(change) for change in stated] == sorted((abs(change) for change in stated), reverse=True)


def test_no_more_key_findings_than_the_setting(document, settings):
    assert len(document.key_findings) == 8
    assert document.findings == [finding.text for finding in document.key_findings]
    settings.REPORT_KEY_FINDINGS = 3
    fewer = presented(Report.objects.get(year=2021, status=Report.Status.DRAFT))
    assert [finding.text for finding in fewer.key_findings] == document.findings[:3]


def test_every_finding_is_one_sentence_in_one_style(document):
    every = [text for table in document.tables for text in table.findings]
    assert every
    for text in every:
        assert re.fullmatch(r"In 2021/22 there were (on average )?[\d,.]+ [^.]+(\.\d[^.]*)*\.", text), text
    assert len(every) == len(set(every))


def test_one_finding_per_figure_a_chart_or_an_average_a_day_adds_none(document):
    calls = _table(document, "Children's consultation line calls by service")
    assert len(calls.findings) == 1
    assert _table(document, "Children's consultation line calls by service", kind="chart").findings == []
    assert _table(document, "Children's consultation line calls by category of concern").findings == []
    mash = _table(document, "MASH enquiries processed by area")
    assert len(mash.findings) == 1
    assert _table(document, "MASH enquiries processed a working day, by area").findings == []
    about_mash = [text for table in document.tables for text in table.findings if "MASH enquiries processed" in text]
    assert about_mash == mash.findings


def test_a_finding_states_its_tables_own_percentage(document):
    """MASH enquiries processed: 5,201 in 2020/21 (Oxon 4,834 and Bucks 367) and 5,364 in 2021/22 (4,726 and
    638): +163, +3.1%, so "a rise of 3%", in the table's total and in the finding alike."""
    mash = _table(document, "MASH enquiries processed by area")
    total = mash.rows[-1]
    assert total.cells[-3:] == [5364, 163, 3.1]
    assert mash.findings == [
        "In 2021/22 there were 5,364 MASH enquiries processed, 163 more than in 2020/21 (5,201), a rise of 3%."
    ]
    for table in document.tables:
        for fact in table.key_facts:
            assert fact.anchor == table.anchor
            if fact.change is not None:
                assert fact.change in [row.cells[-1] for row in table.rows]


def test_a_small_base_has_no_percentage_and_ranks_last(document):
    """Seed §11.3.1: MARAC referrals 4 + 3 + 0 = 7 in 2020/21 and 2 + 1 + 0 = 3 in 2021/22: a base under 10."""
    marac = _table(document, "MARAC referrals made by the Trust, by area")
    assert marac.findings == ["In 2021/22 there were 3 MARAC referrals made by the Trust, 4 fewer than in 2020/21 (7)."]
    assert marac.rows[-1].cells[-2:] == [-4, None]
    assert marac.key_facts[0].change is None


def test_public_findings_state_only_the_percentages_the_public_tables_show(document):
    public = presented(Report.objects.get(year=2021, status=Report.Status.DRAFT), public=True)
    for table in public.tables:
        shown = [row.cells[-1] for row in table.rows]
        for fact in table.key_facts:
            if fact.change is not None:
                assert fact.change in shown
            else:
                assert "a rise of" not in fact.text and "a fall of" not in fact.text
