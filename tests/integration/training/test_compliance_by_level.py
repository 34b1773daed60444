"""Compliance by level, staff group and service against each level's own target, and supervision by team: every
expected figure below is counted by hand from the rows each test writes."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.integration.training.conftest import AS_AT, export
from training import compliance
from training.actions import import_compliance
from training.models import Level


def _import(lead, mapping, *rows, as_at=AS_AT):
    check, saved = import_compliance(
        content=export(*rows), file_name="export.csv", as_at=as_at, mapping=mapping, by=lead
    )
    assert saved is not None, check.problems
    return saved


ADULTS_3 = "Safeguarding Adults L3"
CHILDREN_2 = "Safeguarding Children L2"
PREVENT = "Prevent Awareness"


def _mixed_rows():
    rows = [
        # adults level 3 (target 85%, 36 months: in date when completed on or after 31 March 2019): 2 of 4
        {"Course Title": ADULTS_3, "Completion Date": "01/06/2021"},
        {"Course Title": ADULTS_3, "Completion Date": "31/03/2019"},
        {"Course Title": ADULTS_3, "Completion Date": "30/03/2019"},
        {"Course Title": ADULTS_3, "Completion Date": ""},
    ]
    # children level 2 (target 90%): nursing 5 of 5, medical 4 of 5, so 9 of 10 in all
    rows += [{"Course Title": CHILDREN_2, "Completion Date": "01/01/2022"} for _ in range(5)]
    rows += [
        {"Course Title": CHILDREN_2, "Staff Group": "Medical and dental", "Service Line": "Children's community",
         "Completion Date": "2020-05-05"}
        for _ in range(4)
    ]  # fmt: skip
    rows.append({"Course Title": CHILDREN_2, "Staff Group": "Medical and dental",
                 "Service Line": "Children's community", "Completion Date": "2018-05-05"})  # fmt: skip
    # Prevent basic awareness (target 80%): 4 of 5, in Swindon
    rows += [{"Course Title": PREVENT, "Locality": "Swindon", "Completion Date": "2021-01-01"} for _ in range(4)]
    rows.append({"Course Title": PREVENT, "Locality": "Swindon", "Completion Date": ""})
    return rows


@pytest.fixture
def mixed(lead, mapping):
    return _import(lead, mapping, *_mixed_rows())


def _by_slug(figures):
    return {figure.level.slug: figure for figure in figures}


def test_each_level_is_read_against_its_own_target(mixed):
    figures = _by_slug(compliance.by_level(mixed))
    assert set(figures) == {"adults-3", "children-2", "prevent-basic"}
    adults, children, prevent = figures["adults-3"], figures["children-2"], figures["prevent-basic"]
    assert (adults.required, adults.in_date, adults.percent, adults.target) == (4, 2, 50.0, 85.0)
    assert adults.below_target and adults.against_target == "Below target by 35.0 points"
    assert (children.required, children.in_date, children.percent, children.target) == (10, 9, 90.0, 90.0)
    assert not children.below_target and children.against_target == "Meets target"
    assert (prevent.required, prevent.in_date, prevent.percent, prevent.target) == (5, 4, 80.0, 80.0)
    assert not prevent.below_target


def test_a_target_is_data_an_administrator_changes(mixed):
    Level.objects.filter(slug="prevent-basic").update(target_percent=Decimal("85.0"))
    prevent = _by_slug(compliance.by_level(mixed))["prevent-basic"]
    assert prevent.below_target and prevent.against_target == "Below target by 5.0 points"


def test_how_long_a_completion_stays_in_date_is_per_level(mixed):
    # A year in date: of the adults level 3 completions, only June 2021 is on or after 31 March 2021
    Level.objects.filter(slug="adults-3").update(months_in_date=12)
    adults = _by_slug(compliance.by_level(mixed))["adults-3"]
    assert (adults.required, adults.in_date) == (4, 1)


def test_by_staff_group_and_by_service(mixed):
    groups = {group.label: _by_slug(group.figures) for group in compliance.by_staff_group(mixed)}
    assert set(groups) == {"Nursing and midwifery registered", "Medical and dental"}
    nursing, medical = groups["Nursing and midwifery registered"], groups["Medical and dental"]
    assert (nursing["children-2"].required, nursing["children-2"].in_date) == (5, 5)
    assert (medical["children-2"].required, medical["children-2"].in_date, medical["children-2"].percent) == (5, 4, 80)
    assert medical["children-2"].against_target == "Below target by 10.0 points"
    assert (nursing["adults-3"].required, nursing["adults-3"].in_date) == (4, 2)
    services = {service.label: _by_slug(service.figures) for service in compliance.by_service(mixed)}
    assert set(services["Children's community"]) == {"children-2"}
    assert services["Children's community"]["children-2"].in_date == 4
    assert (services["Community mental health"]["prevent-basic"].required) == 5


def test_an_area_counts_its_own_rows_and_those_below_it(mixed, places):
    in_bsw = _by_slug(compliance.by_level(mixed, places["bsw"]))
    assert set(in_bsw) == {"prevent-basic"}
    assert (in_bsw["prevent-basic"].required, in_bsw["prevent-basic"].in_date) == (5, 4)
    in_oxon = _by_slug(compliance.by_level(mixed, places["oxon"]))
    assert set(in_oxon) == {"adults-3", "children-2"}


def test_the_latest_import_as_at_a_day_stands(lead, mapping):
    older = _import(lead, mapping, {}, as_at=date(2021, 12, 31))
    newer = _import(lead, mapping, {}, {}, as_at=date(2022, 3, 31))
    assert compliance.latest_import(date(2022, 1, 15)) == older
    assert compliance.latest_import(date(2022, 3, 31)) == newer
    assert compliance.latest_import(date(2021, 1, 1)) is None


SUPERVISION = [
    # as at 31 March 2022, three months back is 31 December 2021
    {"Supervision Required": "Yes", "Last Supervision": "01/02/2022", "Team Name": "North"},  # in date
    {"Supervision Required": "Yes", "Last Supervision": "31/12/2021", "Team Name": "North"},  # in date, due now
    {"Supervision Required": "Yes", "Last Supervision": "30/12/2021", "Team Name": "South"},  # overdue
    {"Supervision Required": "Yes", "Last Supervision": "", "Team Name": "South"},  # never: overdue
    {"Supervision Required": "Yes", "Last Supervision": "15/01/2022", "Team Name": "South"},  # due by 15 April
    {"Supervision Required": "No", "Team Name": "North"},
]


def test_supervision_in_date_by_team_counts_each_person_once(lead, mapping):
    rows = [*SUPERVISION, {**SUPERVISION[0], "Employee No": "E000001", "Course Title": CHILDREN_2}]
    saved = _import(lead, mapping, *rows)
    figures = compliance.supervision(saved)
    assert (figures.needing, figures.in_date, figures.percent) == (5, 3, 60.0)
    teams = {team.team: team for team in figures.by_team}
    assert (teams["North"].needing, teams["North"].in_date, teams["North"].percent) == (2, 2, 100.0)
    assert (teams["South"].needing, teams["South"].in_date) == (3, 1)


def test_who_is_due_or_overdue_longest_waiting_first(lead, mapping):
    saved = _import(lead, mapping, *SUPERVISION)
    due = compliance.staff_due(saved)
    assert [(person.staff_id, person.overdue) for person in due] == [
        ("E000004", True),
        ("E000003", True),
        ("E000002", False),
        ("E000005", False),
    ]
    assert due[3].due_on == date(2022, 4, 15)


def test_the_figures_take_the_same_queries_however_many_rows(lead, mapping):
    few = _import(lead, mapping, *_mixed_rows()[:3])
    many = _import(lead, mapping, *_mixed_rows(), *SUPERVISION)

    def count(compliance_import):
        with CaptureQueriesContext(connection) as queries:
            compliance.by_level(compliance_import)
            compliance.by_staff_group(compliance_import)
            compliance.by_service(compliance_import)
            compliance.supervision(compliance_import)
            compliance.staff_due(compliance_import)
        return len(queries)

    assert count(few) == count(many) <= 9
