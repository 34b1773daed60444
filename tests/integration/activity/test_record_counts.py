"""The counts of records a user may see (the home page, the records index) are read from the daily counts: they
equal what the user would count in the records themselves, and take the same queries however many records there
are."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from activity import actions
from activity.models import RECORD_MODELS
from activity.record_counts import visible_record_counts
from activity.record_types import RECORD_TYPES
from core.periods import FinancialYear
from tests.catalogue import sample_record
from tests.factories import UserFactory

KINDS = list(RECORD_TYPES)
LONG_AGO = date(2021, 6, 1)


def _log_everywhere(areas, by, *, each: int = 1) -> None:
    """``each`` records of every kind in every area, dated today and in 2021/22."""
    for kind in KINDS:
        for area in areas.values():
            for day in (date.today(), LONG_AGO):
                for _ in range(each):
                    sample_record(kind, area=area, by=by, day=day)


def _counted_in_the_records(user, year: FinancialYear) -> dict[str, tuple[int, int]]:
    """What ``visible_to`` finds, kind by kind: the figures the daily counts must give."""
    found = {}
    for model in RECORD_MODELS:
        visible = model.objects.visible_to(user)
        if visible.query.is_empty():
            continue
        found[str(model._meta.verbose_name_plural)] = (
            visible.filter(date__range=(year.start, year.end)).count(),
            visible.count(),
        )
    return found


def _counted_in_the_daily_counts(user, year: FinancialYear) -> dict[str, tuple[int, int]]:
    return {
        str(item["model"]._meta.verbose_name_plural): (item["this_year"], item["all_years"])
        for item in visible_record_counts(user, year)
    }


def test_a_practitioner_counts_the_records_of_their_area_and_the_areas_below_it(areas, lead):
    in_bsw = UserFactory(username="bee", role=roles.PRACTITIONER, areas=[areas["bsw"]])
    _log_everywhere(areas, lead)
    year = FinancialYear.current()

    counted = _counted_in_the_daily_counts(in_bsw, year)

    assert counted == _counted_in_the_records(in_bsw, year)
    # BSW and Swindon, within it: one record today and one in 2021/22 in each.
    assert counted["consultations"] == (2, 4)


def test_a_practitioner_in_oxfordshire_counts_only_oxfordshire(areas, lead, practitioner):
    _log_everywhere(areas, lead)
    year = FinancialYear.current()

    counted = _counted_in_the_daily_counts(practitioner, year)

    assert counted == _counted_in_the_records(practitioner, year)
    assert set(counted.values()) == {(1, 2)}


def test_a_lead_counts_every_area(areas, lead):
    _log_everywhere(areas, lead)
    year = FinancialYear.current()

    counted = _counted_in_the_daily_counts(lead, year)

    assert counted == _counted_in_the_records(lead, year)
    assert set(counted) == {str(model._meta.verbose_name_plural) for model in RECORD_MODELS}
    assert counted["consultations"] == (4, 8)


def test_an_archived_record_is_no_longer_counted(areas, lead, practitioner):
    _log_everywhere(areas, lead)
    year = FinancialYear.current()
    consultation = RECORD_TYPES["consultations"].model.objects.get(area=areas["oxon"], date=date.today())

    actions.archive_record(record=consultation, by=lead, reason="Logged twice")

    for user in (practitioner, lead):
        counted = _counted_in_the_daily_counts(user, year)
        assert counted == _counted_in_the_records(user, year)
    assert _counted_in_the_daily_counts(practitioner, year)["consultations"] == (0, 1)
    assert _counted_in_the_daily_counts(lead, year)["consultations"] == (3, 7)


def test_users_who_see_no_records_get_no_counts(areas, lead, executive):
    _log_everywhere(areas, lead)
    nowhere = UserFactory(username="nia", role=roles.PRACTITIONER)

    assert visible_record_counts(executive, FinancialYear.current()) == []
    assert visible_record_counts(nowhere, FinancialYear.current()) == []


def test_the_home_page_and_the_records_index_show_the_same_counts(areas, lead, practitioner, client):
    _log_everywhere(areas, lead)
    client.force_login(practitioner)

    home = client.get(reverse("home")).context["record_counts"]
    index = client.get(reverse("records_index")).context["kinds"]

    assert [(item["label"], item["this_year"], item["all_years"]) for item in home] == [
        (kind["type"].plural, kind["this_year"], kind["all_years"]) for kind in index
    ]
    assert {item["all_years"] for item in home} == {2}


@pytest.mark.parametrize("user_fixture", ["practitioner", "lead"])
def test_the_counts_take_the_same_queries_with_ten_times_the_records(areas, lead, request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    year = FinancialYear.current()
    _log_everywhere(areas, lead)
    with CaptureQueriesContext(connection) as few:
        visible_record_counts(type(user).objects.get(pk=user.pk), year)

    _log_everywhere(areas, lead, each=9)
    with CaptureQueriesContext(connection) as many:
        counted = visible_record_counts(type(user).objects.get(pk=user.pk), year)

    assert len(many) == len(few)
    assert counted[0]["all_years"] == (8 if user_fixture == "lead" else 2) * 10


def test_the_home_page_and_the_records_index_take_the_same_queries_with_ten_times_the_records(
    areas, lead, practitioner, client
):
    client.force_login(practitioner)
    _log_everywhere(areas, lead)
    few = {}
    for name in ("home", "records_index"):
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse(name))
        few[name] = len(captured)

    _log_everywhere(areas, lead, each=9)
    for name in ("home", "records_index"):
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse(name))
        assert len(captured) == few[name], name
