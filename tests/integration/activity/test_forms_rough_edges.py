"""The record forms and lists as a person finds them: the Team list follows the service, no list starts at
"---------", dates are read however they are commonly typed, and counts have thousands separators."""

import re
from datetime import date

import pytest
from django.urls import reverse

from activity import actions
from activity.models import Consultation, MashEnquiry, Return
from activity.record_types import RECORD_TYPES
from core.periods import FinancialYear
from tests.factories import (
    MashEnquiryFactory,
    ReviewFactory,
    ServiceFactory,
    TeamFactory,
)


@pytest.fixture
def signed_in(client, lead):
    client.force_login(lead)
    return client


@pytest.fixture
def services(db):
    community = ServiceFactory(name="Community Health", slug="community")
    mental_health = ServiceFactory(name="Mental Health", slug="mh")
    return {
        "community": community,
        "mental_health": mental_health,
        "district_nursing": TeamFactory(service=community, name="District nursing"),
        "camhs": TeamFactory(service=mental_health, name="CAMHS"),
    }


def _page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _new(client, slug="consultations"):
    return _page(client.get(reverse("record_new", args=[slug])))


def _post(client, slug, data):
    return client.post(reverse("record_new", args=[slug]), data)


def _errors(response):
    return {name: [str(error) for error in errors] for name, errors in response.context["form"].errors.items()}


CONSULTATION = {"client_group": "child", "mode": "telephone", "outcome": "advice"}


# -- the Team list follows the chosen service -------------------------------------------------------------


def test_each_team_is_listed_under_its_service_and_says_which_it_is(signed_in, services):
    page = _new(signed_in)
    team_list = re.search(r'<select name="team"[^>]*>(.*?)</select>', page, re.S)
    assert 'data-teams-of="service"' in team_list.group(0)
    groups = dict(re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', team_list.group(1), re.S))
    assert (
        f'value="{services["district_nursing"].pk}" data-service="{services["community"].pk}"'
        in (groups["Community Health"])
    )
    assert f'data-service="{services["mental_health"].pk}">CAMHS</option>' in groups["Mental Health"]
    assert "js/teams-by-service.js" in page


def test_without_the_script_a_team_of_another_service_is_refused_on_the_team_field_and_nothing_is_lost(
    signed_in, areas, services
):
    typed = {
        "date": "1 Jun 2021",
        "area": areas["oxon"].pk,
        **CONSULTATION,
        "service": services["community"].pk,
        "team": services["camhs"].pk,
        "case_reference": "AB123",
        "notes": "Seen at the clinic",
    }
    response = _post(signed_in, "consultations", typed)
    assert _errors(response) == {"team": ["CAMHS is not a team of Community Health: choose one of its teams"]}
    page = _page(response)
    assert 'value="1 Jun 2021"' in page
    assert 'value="AB123"' in page
    assert "Seen at the clinic</textarea>" in page
    assert f'<option value="{services["community"].pk}" selected>' in page
    team_list = re.search(r'<select name="team".*?</select>', page, re.S).group(0)
    chosen_team = re.search(rf'<option value="{services["camhs"].pk}"[^>]*>', team_list).group(0)
    assert " selected" in chosen_team
    assert not Consultation.objects.exists()


def test_a_team_of_the_chosen_service_is_saved(signed_in, areas, services):
    data = {"date": "01/06/2021", "area": areas["oxon"].pk, **CONSULTATION, "service": services["community"].pk}
    response = _post(signed_in, "consultations", {**data, "team": services["district_nursing"].pk})
    assert response.status_code == 302
    assert Consultation.objects.get().team == services["district_nursing"]


# -- no "---------" -----------------------------------------------------------------------------------------


def test_no_list_on_a_form_or_filter_starts_at_dashes(signed_in, areas, services):
    review = ReviewFactory(area=areas["oxon"])
    urls = [reverse("record_new", args=[slug]) for slug in RECORD_TYPES]
    urls += [reverse("record_list", args=[slug]) for slug in RECORD_TYPES]
    urls += [reverse("returns_grid"), reverse("import_new"), reverse("audit_log")]
    urls += [reverse("review_action_new", args=[review.reference])]
    for url in urls:
        assert "---------" not in _page(signed_in.get(url)), url


def test_a_record_forms_lists_say_what_to_choose(signed_in, services):
    page = _new(signed_in, "referrals")
    for prompt in (
        "Choose an area",
        "Choose adult, child or both",
        "Choose a service",
        "Choose a team",
        "Choose where it was referred",
        "Choose a category of concern",
    ):
        assert f'<option value="" selected>{prompt}</option>' in page


def test_a_required_list_with_a_default_offers_no_empty_choice(signed_in):
    page = _new(signed_in)
    mode = re.search(r'<select name="mode"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert 'value=""' not in mode


def test_filters_offer_any_as_their_empty_choice(signed_in):
    page = _page(signed_in.get(reverse("record_list", args=["mash-enquiries"])))
    for empty in ("Any year", "Any quarter", "Any area", "Any client group", "Any status"):
        assert f'<option value="" selected>{empty}</option>' in page


def test_the_import_form_says_what_to_choose(signed_in):
    assert '<option value="" selected>Choose what the file holds</option>' in _page(
        signed_in.get(reverse("import_new"))
    )


# -- dates --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["15/06/21", "15 Jun 2021", "15 June 2021", "15/06/2021", "2021-06-15", "15.6.2021"])
def test_a_date_is_read_however_it_is_commonly_typed(signed_in, areas, typed):
    response = _post(signed_in, "mash-enquiries", {"date": typed, "area": areas["oxon"].pk, "client_group": "child"})
    assert response.status_code == 302
    assert MashEnquiry.objects.get().date == date(2021, 6, 15)


def test_a_date_that_is_not_a_day_is_refused_by_the_fields_name_and_kept_as_typed(signed_in, areas):
    typed = {"date": "31/02/2021", "area": areas["oxon"].pk, "client_group": "child", "case_reference": "MASH-7"}
    response = _post(signed_in, "mash-enquiries", typed)
    assert _errors(response)["date"] == ["Date received must be a real date"]
    page = _page(response)
    assert 'value="31/02/2021"' in page
    assert 'value="MASH-7"' in page
    assert "Date received must be a real date</a>" in page  # in the error summary, linked to the field


def test_a_date_without_its_year_is_refused_saying_so(signed_in, areas):
    response = _post(signed_in, "mash-enquiries", {"date": "15 Jun", "area": areas["oxon"].pk, "client_group": "child"})
    assert _errors(response)["date"] == ["Date received must include a year"]


def test_every_date_on_a_form_reads_the_same_spellings(signed_in, areas):
    data = {"date": "15 Jun 2021", "area": areas["oxon"].pk, "client_group": "child", "closed_on": "2 July 21"}
    assert _post(signed_in, "mash-enquiries", data).status_code == 302
    assert MashEnquiry.objects.get().closed_on == date(2021, 7, 2)


def test_the_review_actions_dates_read_the_same_spellings(signed_in, areas, lead):
    review = ReviewFactory(area=areas["oxon"])
    response = signed_in.post(
        reverse("review_action_new", args=[review.reference]),
        {"description": "Audit", "owner": lead.pk, "agreed_on": "1 Jun 21", "due_on": "31 December 2021"},
    )
    errors = response.context["form"].errors if response.status_code == 200 else {}
    assert "agreed_on" not in errors and "due_on" not in errors


def test_a_lists_date_filters_read_the_same_spellings(signed_in, areas):
    inside = MashEnquiryFactory(area=areas["oxon"], date=date(2021, 6, 15))
    MashEnquiryFactory(area=areas["oxon"], date=date(2021, 8, 1))
    response = signed_in.get(
        reverse("record_list", args=["mash-enquiries"]), {"date_from": "1 June 2021", "date_to": "30/6/21"}
    )
    assert [row.record for row in response.context["table"].paginated_rows] == [inside]


def test_a_lists_date_filter_that_is_not_a_day_is_named_and_kept(signed_in):
    response = signed_in.get(reverse("record_list", args=["consultations"]), {"date_from": "32 Jan 2021"})
    page = _page(response)
    assert "Date from must be a real date" in page
    assert 'value="32 Jan 2021"' in page


# -- thousands separators -----------------------------------------------------------------------------------


def test_the_returns_grid_writes_and_reads_counts_with_separators(signed_in, areas):
    year = FinancialYear(2021)
    cell = f"cell_{areas['oxon'].pk}_{year.start:%Y%m%d}"
    url = reverse("returns_grid") + "?metric=marac_referrals&year=2021"
    response = signed_in.post(url, {cell: "1,427", "source": "MARAC coordinator", "note": "", "reason": ""})
    assert response.status_code == 302
    assert Return.objects.get().value == 1427
    page = _page(signed_in.get(url))
    assert 'value="1,427"' in page
    assert ">1,427</td>" in page  # the recent changes


def test_the_records_list_and_index_count_with_separators(signed_in, areas, lead):
    made = [
        MashEnquiry(date=date(2021, 6, 1), area=areas["oxon"], client_group="child", case_reference=f"M{n}")
        for n in range(1001)
    ]
    actions.bulk_create_records(model=MashEnquiry, records=made, by=lead)
    page = _page(signed_in.get(reverse("record_list", args=["mash-enquiries"])))
    assert "1,001 records match" in page
    assert "Download these 1,001:" in page
    assert ">1,001</td>" in _page(signed_in.get(reverse("records_index")))
