"""The demo's assurance self-assessment: the seed's Section 11 results for 2021/22 (Oxfordshire's joint audit and
peer review, rated green; Buckinghamshire's children's audit of March 2021, no actions; the joint Swindon and
Wiltshire audit of October 2021, rated green), and for 2022/23 the ICB toolkit with one amber standard whose
action is overdue on the demo's day."""

import pytest

from activity.models import Area
from core.periods import FinancialYear
from demo.loader import load_demo
from governance.assurance_summary import red_or_amber_with_overdue_actions
from governance.models import Assessment, AssuranceAction, AssuranceFramework, AssuranceStandard
from reports.annual.registers import read_register
from tests.conftest import DEMO_UNTIL
from work.models import Kind, State, Task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def test_the_seeds_section_11_results_are_in_the_report_block_for_2021_22():
    block = read_register("assurance", "Assurance", FinancialYear(2021), None)

    section_11 = "Section 11 audit (Children Act 2004)"
    # In the order of the areas' tree: BSW's partnerships, then Buckinghamshire and Oxfordshire.
    assert block.notes == [
        f"Swindon, {section_11}: rated green overall (5 green).",
        f"Wiltshire, {section_11}: rated green overall (5 green).",
        f"Buckinghamshire, {section_11}: not rated yet.",
        f"Oxfordshire, {section_11}: rated green overall (5 green).",
    ]
    # No actions for the trust from any of them.
    assert {row[5] for row in block.rows} == {"None"}
    bucks = Assessment.objects.filter(year=2021, area__slug="buckinghamshire")
    assert bucks.count() == 5
    assert all("March 2021" in evidence for evidence in bucks.values_list("evidence", flat=True))


def test_every_moderated_score_was_given_by_someone_other_than_the_self_scorer():
    moderated = Assessment.objects.filter(moderated_score__isnull=False)
    # Oxfordshire's, Swindon's and Wiltshire's five standards, and the toolkit's three.
    assert moderated.count() == 18
    pairs = set(moderated.values_list("self_scored_by__username", "moderated_by__username"))
    assert pairs == {("secretary", "lead")}


def test_the_icb_toolkit_has_one_amber_standard_whose_action_is_overdue_and_a_task_for_its_owner():
    flagged = red_or_amber_with_overdue_actions(Area.objects.get(slug="trust"), DEMO_UNTIL)

    assert [(each.framework, each.number, each.rag, each.overdue, each.year) for each in flagged] == [
        ("ICB safeguarding commissioning assurance toolkit", "2", "amber", 1, 2022)
    ]
    action = AssuranceAction.objects.get()
    task = Task.objects.get(kind=Kind.ASSURANCE_ACTION)
    assert (action.task, task.owner.username, task.state) == (task, "lead", State.OPEN)


def test_loading_the_demo_again_adds_no_assurance_records():
    before = [model.objects.count() for model in (AssuranceFramework, AssuranceStandard, Assessment, AssuranceAction)]

    added = load_demo()

    assert added["assurance self-assessments"] == 0
    after = [model.objects.count() for model in (AssuranceFramework, AssuranceStandard, Assessment, AssuranceAction)]
    assert after == before == [2, 8, 23, 1]
