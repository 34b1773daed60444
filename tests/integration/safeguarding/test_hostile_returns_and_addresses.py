"""Hostile input (tests/hostile.py) in the returns grid, in the choices a page takes from its address, and in
the references typed into an address."""

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from accounts import roles
from activity.models import Return
from core.periods import FinancialYear
from tests import hostile
from tests.factories import UserFactory
from tests.hostile import NASTY, SCRIPT, assert_safe, data_for, fuzz, hostile_text, hostile_value, refused, saved

pytestmark = pytest.mark.django_db

# Fixtures: the areas, service, team, category and lead each test posts as, and a client signed in as the lead
world = hostile.world
lead_client = hostile.lead_client


def test_the_returns_grid_given_hostile_values_refuses_or_saves_every_cell(lead_client, world):
    year = FinancialYear(2021)
    url = reverse("returns_grid") + "?metric=marac_referrals&year=2021"
    cells = [
        f"cell_{area.pk}_{period.start:%Y%m%d}" for area in (world["trust"], world["oxon"]) for period in year.last(5)
    ]
    good = {cells[0]: "3", cells[1]: "", "source": "MARAC coordinator", "note": "", "reason": "Late referral counted"}

    counts = st.one_of(st.integers().map(str), hostile_value)

    @fuzz
    @given(data=data_for(good, {"source", "note", "reason"}), more=st.dictionaries(st.sampled_from(cells), counts))
    @example(data=good, more={cells[2]: "99999999999999999999999"})
    @example(data=good, more={cells[2]: "2147483648"})
    @example(data={**good, "note": "AB\x00"}, more={})
    def post(data, more):
        data = {**data, **more}
        before = sorted(Return.objects.values_list("area_id", "period_start", "value", "source", "note"))
        response = lead_client.post(url, data, follow=True)
        assert_safe(response)
        after = sorted(Return.objects.values_list("area_id", "period_start", "value", "source", "note"))
        if not saved(response):
            assert refused(response) and after == before

    post()


def test_a_count_too_big_for_the_database_is_refused_by_the_returns_grid(lead_client, world):
    cell = f"cell_{world['oxon'].pk}_{FinancialYear(2021).start:%Y%m%d}"
    url = reverse("returns_grid") + "?metric=marac_referrals&year=2021"

    response = lead_client.post(url, {cell: "2147483648", "source": "MARAC coordinator", "note": "", "reason": ""})

    assert response.status_code == 200
    assert "Oxfordshire, 2021/22: a count cannot be more than 2,147,483,647" in response.content.decode()
    assert not Return.objects.exists()


@pytest.mark.parametrize("year", ["10000", "9999", "0", "-5", "\u0663"])
def test_a_returns_grid_year_no_calendar_holds_shows_the_current_year(lead_client, year):
    response = lead_client.get(reverse("returns_grid"), {"year": year, "by": "quarters"})

    assert response.status_code == 200
    assert response.context["year"] == FinancialYear.current()


@fuzz
@given(params=st.dictionaries(st.sampled_from(["metric", "year", "by"]), hostile_text, max_size=3))
@example(params={"year": "10000"})
@example(params={"year": "-5", "by": "quarters"})
def test_the_returns_grid_given_hostile_choices_in_its_address_still_answers(lead_client, params):
    response = lead_client.get(reverse("returns_grid"), params)
    assert_safe(response)
    assert response.status_code == 200


@fuzz
@given(params=st.dictionaries(st.sampled_from(["year", "area"]), hostile_text, max_size=2))
def test_the_dashboard_given_hostile_choices_in_its_address_still_answers(lead_client, params):
    response = lead_client.get(reverse("dashboard"), params)
    assert_safe(response)
    assert response.status_code == 200


@fuzz
@given(params=st.dictionaries(st.sampled_from(["year"]), hostile_text, max_size=1))
@example(params={"year": "2021/22 Q5"})
@example(params={"year": "9999/00"})
def test_the_reconciliation_page_given_hostile_choices_in_its_address_still_answers(lead_client, params):
    response = lead_client.get(reverse("report_reconciliation"), params)
    assert_safe(response)
    assert response.status_code == 200


# A "." in ?sort= makes django-tables2 warn that dotted names are deprecated, then ignore the name (as it
# ignores any name that is not a column's). Only the warning, an error under this suite's settings, is expected.
@pytest.mark.filterwarnings("ignore:Use '__' to separate path components:DeprecationWarning")
@fuzz
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "financial_year", "quarter", "date_from", "date_to", "area", "service", "sort", "page"]),
        hostile_text,
        max_size=4,
    )
)
@example(params={"sort": '=HYPERLINK("http://x.invalid","Go")', "page": "99999999999999999999"})
def test_a_record_list_given_hostile_filters_still_answers(lead_client, params):
    response = lead_client.get(reverse("record_list", args=["consultations"]), params)
    assert_safe(response)
    assert response.status_code in (200, 404)


# Addresses: a hostile reference typed into a page's address


def test_a_hostile_reference_in_an_address_is_not_found_or_refused_never_an_error(client, world):
    executive = UserFactory(role=roles.EXECUTIVE)
    names = ["record_detail", "record_edit", "record_archive", "record_restore"]

    @fuzz
    @given(
        reference=st.one_of(st.sampled_from(NASTY), hostile_text).filter(lambda text: text and "/" not in text),
        name=st.sampled_from([*names, "review_action_new", "review_action_edit"]),
        method=st.sampled_from(["get", "post"]),
    )
    @example(reference="\x00", name="record_detail", method="get")
    @example(reference="A\x00B", name="review_action_new", method="post")
    def visit(reference, name, method):
        if name in names:
            url = reverse(name, args=["consultations", reference])
        else:
            url = reverse(name, args=[reference, 1] if name.endswith("edit") else [reference])
        for user in (world["lead"], executive):  # an executive is refused (403), which the audit log records
            client.force_login(user)
            response = getattr(client, method)(url, {"reason": SCRIPT})
            assert_safe(response)
            assert response.status_code in (403, 404), response.status_code

    visit()
