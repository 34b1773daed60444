"""Training compliance by level where others read it: the dashboard's headline and "what needs attention", the
report's training block, an import withdrawn, and a level's target changed in the admin. Figures by hand."""

from datetime import date

import pytest
from django.urls import reverse

from core.periods import FinancialYear
from reports.annual.registers import read_register
from tests.integration.training.conftest import export
from training import compliance
from training.actions import import_compliance, withdraw_import
from training.models import Level

ROWS = [
    # adults level 3 (85%): 1 of 2 in date in Oxfordshire; Prevent basic (80%): 4 of 5 in Swindon
    {"Course Title": "Safeguarding Adults L3"},
    {"Course Title": "Safeguarding Adults L3", "Completion Date": ""},
    *[{"Course Title": "Prevent Awareness", "Locality": "Swindon"} for _ in range(4)],
    {"Course Title": "Prevent Awareness", "Locality": "Swindon", "Completion Date": "01/01/2018"},
    {"Supervision Required": "Yes", "Last Supervision": "01/03/2022", "Course Title": "Safeguarding Children L2"},
]


@pytest.fixture
def imported(lead, mapping):
    _, saved = import_compliance(
        content=export(*ROWS), file_name="export.csv", as_at=date(2022, 3, 31), mapping=mapping, by=lead
    )
    assert saved is not None
    return saved


def _dashboard(client, user, **params):
    client.force_login(user)
    return client.get(reverse("dashboard"), {"year": "2021", **params}).content.decode()


def test_the_dashboard_shows_each_level_against_its_target_and_flags_those_below(client, executive, places, imported):
    page = _dashboard(client, executive, area=places["trust"].pk)
    assert "Training compliance by level" in page and "export as at 31 March 2022" in page
    attention = page[page.index('id="attention"') :]
    attention = attention[: attention.index("</ul>")]
    assert "Safeguarding adults level 3: 50.0% in date, below its target of 85%" in attention
    assert "Prevent basic awareness" not in attention  # 80.0% meets 80%
    assert "Safeguarding children level 2" not in attention  # 1 of 1


def test_the_dashboard_reads_the_chosen_areas_rows(client, executive, places, imported):
    page = _dashboard(client, executive, area=places["bsw"].pk)
    headline = page[page.index('id="training-by-level"') : page.index("What needs attention")]
    assert "Prevent basic awareness" in headline and "Safeguarding adults level 3" not in headline
    assert "below its target" not in page[page.index('id="attention"') :]


def test_the_report_block_lists_each_level_of_the_years_export_and_supervision(imported):
    register = read_register("training_compliance", "Training compliance", FinancialYear(2021))
    rows = {row[0]: row[1:] for row in register.rows}
    assert rows["Safeguarding adults level 3, as at 31 March 2022"] == ["1", "2", "50.0%", "85.0%", "35.0 points below"]
    assert rows["Prevent basic awareness, as at 31 March 2022"] == ["4", "5", "80.0%", "80.0%", "Met"]
    assert rows["Safeguarding supervision in date, as at 31 March 2022"] == ["1", "1", "100.0%", "", ""]
    assert any("each level against its own target" in note for note in register.notes)


def test_an_export_of_another_year_is_not_this_years(imported):
    register = read_register("training_compliance", "Training compliance", FinancialYear(2022))
    assert not any("as at" in row[0] for row in register.rows)


def test_a_withdrawn_import_stops_counting_and_keeps_its_history(lead, imported):
    withdraw_import(imported, by=lead, reason="The wrong day's file")
    assert compliance.latest_import(date(2022, 3, 31)) is None
    assert imported.history.first().history_change_reason == "Withdrawn: The wrong day's file"


def test_an_administrator_changes_a_levels_target_in_the_admin_with_its_history(client, administrator):
    level = Level.objects.get(slug="adults-3")
    client.force_login(administrator)
    url = reverse("admin:training_level_change", args=[level.pk])
    data = {
        "name": level.name,
        "group": level.group,
        "position": level.position,
        "target_percent": "87.5",
        "months_in_date": 24,
        "is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    level.refresh_from_db()
    assert (str(level.target_percent), level.months_in_date) == ("87.5", 24)
    assert level.history.first().history_user == administrator
