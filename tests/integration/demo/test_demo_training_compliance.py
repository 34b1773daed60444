"""The demo's training compliance by level: the learning system's export as at the end of 2021/22 and as at the end of
the latest quarter (30 June 2022 for the tests' fixed day), imported through a saved mapping so that each keeps its
data-quality summary; below target after the change of learning system, as the seed says, better a quarter on."""

import re
from datetime import date

import pytest
from django.urls import reverse

from core.periods import FinancialYear
from demo.compliance import latest_quarter_end
from demo.loader import load_demo
from reports.annual.registers import read_register
from training import compliance
from training.models import ComplianceImport, StaffRequirement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

END_OF_2021_22, LATEST = date(2022, 3, 31), date(2022, 6, 30)


def test_two_exports_are_imported_through_the_saved_mapping_with_clean_summaries():
    imports = list(ComplianceImport.objects.order_by("as_at"))
    assert [each.as_at for each in imports] == [END_OF_2021_22, LATEST]
    for each in imports:
        assert each.mapping is not None and each.mapping_name == each.mapping.name
        assert each.summary["rows"] == each.rows.count() > 1000
        assert set(each.summary["problems"].values()) == {0}
        assert each.imported_by.username == "lead"


def test_staff_are_made_up_employee_numbers_never_names():
    assert all(
        re.fullmatch(r"E\d{6}", staff_id) for staff_id in StaffRequirement.objects.values_list("staff_id", flat=True)
    )


def test_below_target_at_the_end_of_2021_22_and_better_a_quarter_on():
    before = compliance.by_level(compliance.latest_import(END_OF_2021_22))
    after = compliance.by_level(compliance.latest_import(LATEST))
    assert len(before) == len(after) == 10  # every level, each with staff who need it
    below_before = {figure.level.slug for figure in before if figure.below_target}
    below_after = {figure.level.slug for figure in after if figure.below_target}
    assert {"adults-3", "children-3", "prevent-basic"} <= below_before
    assert len(below_before) >= 8
    assert len(below_after) < len(below_before)
    # the targets differ by level, and the figures are read against each level's own
    assert {figure.target for figure in before} == {90.0, 85.0, 80.0}


def test_supervision_is_due_for_some_staff_who_work_with_children():
    latest = compliance.latest_import(LATEST)
    supervision = compliance.supervision(latest)
    assert 0 < supervision.in_date < supervision.needing
    assert {team.service for team in supervision.by_team} >= {"Community Health", "Oxon & South West Mental Health"}
    assert compliance.staff_due(latest)


def test_the_report_and_the_dashboard_show_compliance_by_level(client):
    register = read_register("training_compliance", "Training", FinancialYear(2021))
    level_rows = [row for row in register.rows if "as at 31 March 2022" in row[0]]
    assert len(level_rows) == 11  # ten levels and supervision
    assert any(row[5].endswith("points below") for row in level_rows)
    client.force_login(ComplianceImport.objects.first().imported_by)
    page = client.get(reverse("dashboard"), {"year": "2022"}).content.decode()
    assert "Training compliance by level" in page and "30 June 2022" in page


def test_the_latest_quarter_is_the_last_one_ended():
    assert latest_quarter_end(date(2022, 7, 20)) == LATEST
    assert latest_quarter_end(date(2022, 6, 30)) == LATEST
    assert latest_quarter_end(date(2022, 4, 1)) == END_OF_2021_22


def test_loading_the_demo_again_imports_nothing_more():
    before = ComplianceImport.objects.count(), StaffRequirement.objects.count()
    added = load_demo()
    assert added["training compliance exports"] == 0
    assert (ComplianceImport.objects.count(), StaffRequirement.objects.count()) == before
