"""Every read of a record's notes or case reference is audited, and records are out of the admin (issue 12).

The edit page and a review action's page write "Viewed a record", as the record's own page does; a list
searched by reference or case reference writes "Searched records" with what was typed and how many matched;
the admin site keeps reference data only, so no record, review action or return is read or changed there.
"""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from activity.models import RECORD_MODELS, Return, ReviewAction
from audit.models import Action, AuditEvent
from tests.factories import ConsultationFactory, ReviewActionFactory, ReviewFactory, UserFactory


@pytest.fixture
def consultation(areas):
    return ConsultationFactory(area=areas["oxon"], case_reference="RX4471", notes="Seen at school")


def _events(action):
    return list(AuditEvent.objects.filter(action=action))


def _search(client, term, kind="consultations", **more):
    response = client.get(reverse("record_list", args=[kind]), {"q": term, **more})
    assert response.status_code == 200
    return response


# The edit page ------------------------------------------------------------------------------------------


def test_the_edit_page_writes_a_viewed_event_saying_it_was_the_edit_page(client, practitioner, consultation):
    client.force_login(practitioner)
    response = client.get(reverse("record_edit", args=["consultations", consultation.reference]))
    assert response.status_code == 200
    [event] = _events(Action.RECORD_VIEWED)
    assert (event.user, event.record_kind, event.record_reference) == (
        practitioner,
        "consultations",
        consultation.reference,
    )
    assert event.detail == "Edit page"
    assert "Seen at school" not in event.detail


def test_the_edit_page_shown_again_with_errors_writes_a_viewed_event(client, practitioner, consultation):
    client.force_login(practitioner)
    url = reverse("record_edit", args=["consultations", consultation.reference])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(date="02/06/2021", reason="")
    response = client.post(url, data)
    assert response.context["form"].errors["reason"]
    assert [event.detail for event in _events(Action.RECORD_VIEWED)] == ["Edit page", "Edit page"]


def test_the_edit_page_of_a_record_out_of_reach_writes_no_viewed_event(client, practitioner, areas):
    elsewhere = ConsultationFactory(area=areas["bsw"])
    client.force_login(practitioner)
    assert client.get(reverse("record_edit", args=["consultations", elsewhere.reference])).status_code == 404
    assert _events(Action.RECORD_VIEWED) == []


def test_a_review_actions_page_writes_a_viewed_event_for_its_review(client, lead, areas):
    review = ReviewFactory(area=areas["oxon"])
    action = ReviewActionFactory(review=review)
    client.force_login(lead)
    response = client.get(reverse("review_action_edit", args=[review.reference, action.pk]))
    assert response.status_code == 200
    [event] = _events(Action.RECORD_VIEWED)
    assert (event.record_kind, event.record_reference, event.detail) == (
        "reviews",
        review.reference,
        "Review action page",
    )


# Searching a list ---------------------------------------------------------------------------------------


def test_a_search_by_case_reference_writes_the_kind_the_term_and_how_many_matched(
    client, practitioner, consultation, areas
):
    ConsultationFactory(area=areas["oxon"], case_reference="RX4471-B")
    ConsultationFactory(area=areas["oxon"], case_reference="OTHER")
    client.force_login(practitioner)
    response = _search(client, " RX4471 ")
    assert response.context["count"] == 2
    [event] = _events(Action.RECORDS_SEARCHED)
    assert (event.user, event.record_kind) == (practitioner, "consultations")
    assert event.detail == "Searched for 'RX4471': 2 matches"
    assert event.path == reverse("record_list", args=["consultations"])


def test_a_search_counts_only_the_records_the_user_may_see(client, practitioner, consultation, areas):
    ConsultationFactory(area=areas["bsw"], case_reference="RX4471")
    client.force_login(practitioner)
    _search(client, "RX4471")
    assert _events(Action.RECORDS_SEARCHED)[0].detail == "Searched for 'RX4471': 1 match"


def test_a_search_that_matches_nothing_is_written_too(client, practitioner, consultation):
    client.force_login(practitioner)
    _search(client, "NOBODY")
    assert _events(Action.RECORDS_SEARCHED)[0].detail == "Searched for 'NOBODY': 0 matches"


def test_a_search_by_reference_is_written_with_the_reference_typed(client, lead, consultation):
    client.force_login(lead)
    _search(client, consultation.reference)
    assert _events(Action.RECORDS_SEARCHED)[0].detail == f"Searched for '{consultation.reference}': 1 match"


def test_a_long_search_is_cut_short_in_the_log(client, practitioner, consultation):
    client.force_login(practitioner)
    _search(client, "R" * 5000)
    detail = _events(Action.RECORDS_SEARCHED)[0].detail
    assert detail == f"Searched for '{'R' * 60}…': 0 matches"


def test_a_list_with_a_blank_search_or_none_is_written_as_a_listing_not_a_search(client, practitioner, consultation):
    client.force_login(practitioner)
    _search(client, "   ")
    client.get(reverse("record_list", args=["consultations"]), {"area": consultation.area_id})
    assert not _events(Action.RECORDS_SEARCHED)
    assert len(_events(Action.RECORDS_LISTED)) == 2


def test_each_page_of_a_searched_list_is_written(client, practitioner, consultation):
    client.force_login(practitioner)
    _search(client, "RX", page=1)
    _search(client, "RX", page=2)
    assert len(_events(Action.RECORDS_SEARCHED)) == 2


def test_a_search_asks_the_same_number_of_queries_however_many_records_match(client, practitioner, areas):
    client.force_login(practitioner)

    def queries_for_a_search():
        with CaptureQueriesContext(connection) as captured:
            _search(client, "RX")
        return len(captured)

    ConsultationFactory(area=areas["oxon"], case_reference="RX1")
    few = queries_for_a_search()
    for number in range(30):
        ConsultationFactory(area=areas["oxon"], case_reference=f"RX{number + 2}")
    assert queries_for_a_search() == few
    assert _events(Action.RECORDS_SEARCHED)[0].detail == "Searched for 'RX': 31 matches"  # the newest


def test_the_dashboards_rows_without_identifiers_ignore_a_search_and_write_nothing(client, areas, consultation):
    client.force_login(UserFactory(role=roles.EXECUTIVE))
    response = _search(client, "RX4471")
    assert response.context["count"] == 1
    assert _events(Action.RECORDS_SEARCHED) == []


# Out of the admin ---------------------------------------------------------------------------------------


def test_no_record_review_action_or_return_is_in_the_admin():
    registered = set(admin.site._registry)
    assert registered.isdisjoint({*RECORD_MODELS, ReviewAction, Return})


@pytest.mark.parametrize(
    "path",
    [
        "/admin/activity/consultation/",
        "/admin/activity/consultation/add/",
        "/admin/activity/review/",
        "/admin/activity/reviewaction/",
        "/admin/activity/return/",
        "/admin/activity/mashenquiry/1/change/",
    ],
)
def test_the_admins_record_addresses_are_not_found_even_by_a_lead(client, lead, consultation, path):
    client.force_login(lead)
    assert client.get(path).status_code == 404


def test_a_lead_searching_the_admin_finds_no_records(client, lead, consultation):
    client.force_login(lead)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Consultations" not in index and "Returns" not in index
    assert client.get("/admin/activity/consultation/", {"q": "Seen at school"}).status_code == 404
