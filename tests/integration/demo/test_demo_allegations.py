"""The demo's allegations against staff: the seed's 2021/22 allegations (its text: "3 allegations against staff in
Oxfordshire ... 1 allegation in Swindon ... no allegations in Buckinghamshire", none formally investigated) and
those of the later quarters' returns, held as records only the demo lead is named on."""

from collections import Counter

import pytest

from accounts.models import User
from activity.models import Allegation, Return
from core.periods import FinancialYear
from demo.loader import load_demo
from reports.figures import year_table

Y2021 = FinancialYear(2021)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def _rows(table):
    return {row.label: row.cells for row in table.rows}


def test_the_seeds_allegations_read_the_same_from_the_records_as_from_the_returns():
    rows = _rows(year_table("allegations_against_staff", [Y2021], by="area", area_rows="leaves"))
    oxon, swindon, bucks = rows["Oxon"][0], rows["Swindon"][0], rows["Bucks"][0]
    assert (oxon.value, swindon.value, bucks.value) == (3, 1, 0)
    assert (oxon.source, oxon.superseded_returns) == ("records", 1)
    assert (swindon.source, swindon.superseded_returns) == ("records", 1)


def test_the_seeds_allegations_are_closed_without_a_formal_investigation_and_name_nobody():
    seed = Allegation.objects.filter(date__range=(Y2021.start, Y2021.end))
    assert Counter(seed.values_list("area__slug", flat=True)) == {"oxfordshire": 3, "swindon": 1}
    assert set(seed.values_list("status", flat=True)) == {"closed"}
    assert set(seed.values_list("outcome", flat=True)) <= {"unsubstantiated", "unfounded"}
    assert all("formal investigation" in notes for notes in seed.values_list("notes", flat=True))
    names = {name for user in User.objects.all() for name in (user.first_name, user.last_name) if name}
    for notes in Allegation.objects.values_list("notes", flat=True):
        assert not any(name in notes for name in names), notes


def test_each_later_return_has_as_many_allegations_as_it_counts():
    later = Return.objects.filter(metric="allegations_against_staff", period_start__gt=Y2021.end)
    assert later.exists()
    for entry in later:
        held = Allegation.objects.filter(area=entry.area, date__range=(entry.period_start, entry.period_end))
        assert held.count() == entry.value, (entry.area.slug, entry.period_start)


def test_only_the_demo_lead_is_named_on_them():
    lead = User.objects.get(username="lead")
    assert Allegation.objects.exists()
    assert Allegation.objects.visible_to(lead).count() == Allegation.objects.count()
    for user in User.objects.exclude(pk=lead.pk):
        assert not Allegation.objects.visible_to(user).exists(), user.username


def test_loading_the_demo_again_adds_no_allegation():
    before = set(Allegation.objects.values_list("reference", flat=True))
    added = load_demo()
    assert added["allegations against staff"] == 0
    assert set(Allegation.objects.values_list("reference", flat=True)) == before
