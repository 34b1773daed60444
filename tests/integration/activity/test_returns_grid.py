"""Entering and correcting returns in the areas-by-periods grid."""

from datetime import date

import pytest
from django.urls import reverse

from accounts import roles
from activity import actions
from activity.models import Return
from core.periods import FinancialYear
from tests.factories import UserFactory

URL = reverse("returns_grid")


@pytest.fixture
def signed_in_lead(client, lead, areas):
    """The lead, signed in on the test's client, with the area tree the grid has a row for each of."""
    client.force_login(lead)
    return lead


def _cell(area, period):
    return f"cell_{area.pk}_{period.start:%Y%m%d}"


def _grid(client, **params):
    return client.get(URL, {"metric": "marac_referrals", "year": "2021", **params})


def _post(client, cells, by="years", **fields):
    query = f"?metric=marac_referrals&year=2021&by={by}"
    return client.post(URL + query, {**cells, "source": "MARAC coordinator", "note": "", "reason": "", **fields})


def test_the_grid_has_a_row_per_area_and_a_column_per_year(client, signed_in_lead, areas):
    form = _grid(client).context["form"]
    assert [area.name for area, _ in form.cells] == ["Trust", "BSW", "Swindon", "Oxfordshire"]
    assert [period.label for _, period in form.cells[0][1]] == ["2017/18", "2018/19", "2019/20", "2020/21", "2021/22"]


def test_entering_figures_saves_a_return_per_cell(client, signed_in_lead, areas):
    year = FinancialYear(2021)
    response = _post(client, {_cell(areas["oxon"], year): "2", _cell(areas["bsw"], year): "1"})
    assert response.status_code == 302
    saved = {(entry.area.name, entry.value, entry.source) for entry in Return.objects.all()}
    assert saved == {("Oxfordshire", 2, "MARAC coordinator"), ("BSW", 1, "MARAC coordinator")}


def test_quarters_are_entered_the_same_way(client, signed_in_lead, areas):
    q2 = FinancialYear(2021).quarters[1]
    _post(client, {_cell(areas["oxon"], q2): "5"}, by="quarters")
    entry = Return.objects.get()
    assert (entry.period_start, entry.period_end, entry.value) == (date(2021, 7, 1), date(2021, 9, 30), 5)


def test_a_bad_cell_is_named_and_nothing_is_lost_or_saved(client, signed_in_lead, areas):
    year = FinancialYear(2021)
    response = _post(client, {_cell(areas["oxon"], year): "-3", _cell(areas["bsw"], year): "7"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Oxfordshire, 2021/22: a count cannot be negative" in page
    assert 'value="7"' in page
    assert not Return.objects.exists()


def test_correcting_a_figure_needs_a_reason_and_keeps_its_history(client, signed_in_lead, areas):
    year = FinancialYear(2021)
    actions.enter_return(
        metric="marac_referrals", area=areas["oxon"], period=year, value=2, source="MARAC", by=signed_in_lead
    )
    refused = _post(client, {_cell(areas["oxon"], year): "3"})
    assert refused.context["form"].errors["reason"] == ["Give a reason for correcting figures already entered"]
    _post(client, {_cell(areas["oxon"], year): "3"}, reason="Late referral counted")
    entry = Return.objects.get()
    assert entry.value == 3
    history = [(h.value, h.history_change_reason) for h in entry.history.order_by("history_date")]
    assert history == [(2, "Created"), (3, "Late referral counted")]


def test_clearing_a_figure_removes_the_return_and_the_history_remembers(client, signed_in_lead, areas):
    year = FinancialYear(2021)
    actions.enter_return(
        metric="marac_referrals", area=areas["oxon"], period=year, value=2, source="MARAC", by=signed_in_lead
    )
    _post(client, {_cell(areas["oxon"], year): ""}, reason="Entered against the wrong area")
    assert not Return.objects.exists()
    recent = _grid(client).context["recent"]
    newest = recent[0]
    assert (newest.history_type, newest.history_change_reason) == ("-", "Entered against the wrong area")


def test_a_secretary_reads_the_grid_but_cannot_save(client, areas):
    client.force_login(UserFactory(role=roles.SECRETARY))
    assert _grid(client).status_code == 200
    assert _post(client, {_cell(areas["oxon"], FinancialYear(2021)): "1"}).status_code == 403
    assert not Return.objects.exists()
