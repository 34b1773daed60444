"""Each role gets what it may do on every record page, checked on the server, not only by hidden links."""

import pytest
from django.urls import reverse

from accounts import roles
from tests.factories import ConsultationFactory, ReviewActionFactory, ReviewFactory, UserFactory


@pytest.fixture
def consultation(areas):
    return ConsultationFactory(area=areas["oxon"])


def _user(role, areas):
    return UserFactory(role=role, areas=[areas["oxon"]])


def _pages(consultation):
    reference = consultation.reference
    return {
        "index": ("get", reverse("records_index")),
        "list": ("get", reverse("record_list", args=["consultations"])),
        "export": ("get", reverse("record_list", args=["consultations"]) + "?export=csv"),
        "detail": ("get", reverse("record_detail", args=["consultations", reference])),
        "new": ("get", reverse("record_new", args=["consultations"])),
        "edit": ("get", reverse("record_edit", args=["consultations", reference])),
        "archive": ("post", reverse("record_archive", args=["consultations", reference])),
        "restore": ("post", reverse("record_restore", args=["consultations", reference])),
        "returns": ("get", reverse("returns_grid")),
        "enter returns": ("post", reverse("returns_grid")),
        "new review": ("get", reverse("record_new", args=["reviews"])),
    }


EXPECTED = {
    # page: practitioner, lead, executive, secretary, administrator
    "index": (200, 200, 403, 403, 403),
    "list": (200, 200, 200, 200, 403),
    "export": (200, 200, 403, 403, 403),
    "detail": (200, 200, 403, 403, 403),
    "new": (200, 200, 403, 403, 403),
    "edit": (200, 200, 403, 403, 403),
    "archive": (200, 200, 403, 403, 403),
    "restore": (403, 302, 403, 403, 403),
    "returns": (403, 200, 403, 200, 403),
    "enter returns": (403, 200, 403, 403, 403),
    "new review": (403, 200, 403, 403, 403),
}
ROLES = [roles.PRACTITIONER, roles.LEAD, roles.EXECUTIVE, roles.SECRETARY, roles.ADMINISTRATOR]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_on_every_record_page(client, areas, consultation, role):
    client.force_login(_user(role, areas))
    answers = {}
    for name, (method, url) in _pages(consultation).items():
        answers[name] = getattr(client, method)(url).status_code
    expected = {name: codes[ROLES.index(role)] for name, codes in EXPECTED.items()}
    assert answers == expected


def test_a_practitioner_cannot_open_a_record_from_another_area(client, areas):
    elsewhere = ConsultationFactory(area=areas["bsw"])
    client.force_login(_user(roles.PRACTITIONER, areas))
    for name in ("record_detail", "record_edit"):
        assert client.get(reverse(name, args=["consultations", elsewhere.reference])).status_code == 404


def test_a_practitioner_cannot_add_actions_to_a_review(client, areas):
    review = ReviewFactory(area=areas["oxon"])
    client.force_login(_user(roles.PRACTITIONER, areas))
    assert client.get(reverse("review_action_new", args=[review.reference])).status_code == 403


def test_a_lead_adds_and_completes_a_review_action(client, areas):
    review = ReviewFactory(area=areas["oxon"])
    lead = _user(roles.LEAD, areas)
    client.force_login(lead)
    response = client.post(
        reverse("review_action_new", args=[review.reference]),
        {
            "description": "Share learning",
            "owner": str(lead.pk),
            "agreed_on": "01/06/2021",
            "due_on": "01/09/2021",
            "status": "open",
        },
    )
    assert response.status_code == 302
    action = review.actions.get()
    response = client.post(
        reverse("review_action_edit", args=[review.reference, action.pk]),
        {
            "description": "Share learning",
            "owner": str(lead.pk),
            "agreed_on": "01/06/2021",
            "due_on": "01/09/2021",
            "status": "completed",
            "completed_on": "",
            "reason": "Done",
        },
    )
    assert response.context["form"].errors["completed_on"] == ["Give the date the action was completed"]
    action.refresh_from_db()
    assert action.status == "open"


def test_an_action_cannot_be_reached_through_another_review(client, areas):
    action = ReviewActionFactory(review__area=areas["oxon"])
    other = ReviewFactory(area=areas["oxon"])
    client.force_login(_user(roles.LEAD, areas))
    assert client.get(reverse("review_action_edit", args=[other.reference, action.pk])).status_code == 404


@pytest.mark.parametrize("role", [roles.EXECUTIVE, roles.SECRETARY])
def test_roles_that_read_figures_see_the_records_behind_a_figure_without_identifiers(client, areas, role):
    record = ConsultationFactory(area=areas["bsw"], case_reference="CASE-77")
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("record_list", args=["consultations"]))
    page = response.content.decode()
    assert response.context["count"] == 1
    assert record.reference not in page
    assert "CASE-77" not in page
    assert [column.name for column in response.context["table"].columns][:2] == ["date", "area"]
