"""Every record form's validation: what a person typing would see, and that nothing typed is lost."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import roles
from activity.models import (
    CdopCase,
    ClientGroup,
    Consultation,
    MashEnquiry,
    Referral,
    Review,
    S42Enquiry,
    SupervisionSession,
    TrainingSession,
)
from activity.record_types import record_type_of
from tests.factories import AreaFactory, CategoryFactory, ServiceFactory, TeamFactory, UserFactory

TOMORROW = (date.today() + timedelta(days=1)).strftime("%d/%m/%Y")


@pytest.fixture
def oxon(db):
    return AreaFactory(slug="oxon", name="Oxfordshire")


@pytest.fixture
def signed_in(client, lead):
    client.force_login(lead)
    return client


def _post(client, model, data):
    return client.post(reverse("record_new", args=[record_type_of(model).slug]), data)


def _errors(response):
    return {name: [str(e) for e in errors] for name, errors in response.context["form"].errors.items()}


VALID = {
    Consultation: {"client_group": "child", "mode": "telephone", "outcome": "advice"},
    Referral: {"client_group": "child", "referred_to": "childrens_social_care"},
    S42Enquiry: {},
    MashEnquiry: {"client_group": "child"},
    CdopCase: {},
    Review: {"kind": "cspr", "title": "Rapid review 1"},
    TrainingSession: {
        "client_group": "adult",
        "level": "3",
        "title": "Level 3 adults",
        "delivery": "virtual",
        "attendees": "12",
    },
    SupervisionSession: {"client_group": "child", "format": "group", "attendees": "6"},
}


@pytest.mark.parametrize("model", list(VALID))
def test_each_form_saves_a_valid_record_and_keeps_who_logged_it(signed_in, lead, oxon, model):
    response = _post(signed_in, model, {"date": "01/06/2021", "area": oxon.pk, **VALID[model]})
    record = model.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("record_detail", args=[record_type_of(model).slug, record.reference])
    assert record.date == date(2021, 6, 1)
    assert record.created_by == lead


@pytest.mark.parametrize("model", list(VALID))
def test_each_form_refuses_a_future_date_and_keeps_what_was_typed(signed_in, oxon, model):
    response = _post(signed_in, model, {"date": TOMORROW, "area": oxon.pk, "case_reference": "AB123", **VALID[model]})
    assert response.status_code == 200
    assert "cannot be in the future" in " ".join(_errors(response)["date"])
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'value="{TOMORROW}"' in page
    assert not model.objects.exists()


@pytest.mark.parametrize("model", list(VALID))
def test_each_form_refuses_a_date_before_2000(signed_in, oxon, model):
    response = _post(signed_in, model, {"date": "31/12/1999", "area": oxon.pk, **VALID[model]})
    assert "cannot be before 1 January 2000" in " ".join(_errors(response)["date"])


@pytest.mark.parametrize("model", list(VALID))
def test_each_form_names_its_required_fields(signed_in, model):
    errors = _errors(_post(signed_in, model, {}))
    assert errors["area"] == ["Choose the area"]
    assert errors["date"][0].startswith("Enter the date")


def test_a_date_that_does_not_exist_is_refused_in_words(signed_in, oxon):
    errors = _errors(_post(signed_in, Consultation, {"date": "31/02/2021", "area": oxon.pk, **VALID[Consultation]}))
    assert errors["date"] == ["Date must be a real date"]


@pytest.mark.parametrize(
    ("model", "data", "field", "message"),
    [
        (MashEnquiry, {"closed_on": "01/05/2021"}, "closed_on", "cannot be closed before it was received"),
        (CdopCase, {"reviewed_on": "01/05/2021"}, "reviewed_on", "reviewed before the Trust was notified"),
        (S42Enquiry, {"outcome_shared_on": "01/05/2021"}, "outcome_shared_on", "cannot be shared before"),
        (Review, {"commissioned_on": "01/05/2021"}, "commissioned_on", "cannot be commissioned before it started"),
    ],
)
def test_an_end_before_its_start_is_refused_on_the_later_field(signed_in, oxon, model, data, field, message):
    response = _post(signed_in, model, {"date": "01/06/2021", "area": oxon.pk, **VALID[model], **data})
    assert message in " ".join(_errors(response)[field])
    assert not model.objects.exists()


def test_a_review_cannot_be_published_before_it_is_completed(signed_in, oxon):
    data = {"commissioned_on": "01/07/2021", "completed_on": "01/09/2021", "published_on": "01/08/2021"}
    response = _post(signed_in, Review, {"date": "01/06/2021", "area": oxon.pk, **VALID[Review], **data})
    assert "cannot be published before it was completed" in " ".join(_errors(response)["published_on"])


@pytest.mark.parametrize("attendees", ["-1", "two"])
def test_counts_must_be_whole_numbers_not_negative(signed_in, oxon, attendees):
    data = {"date": "01/06/2021", "area": oxon.pk, **VALID[SupervisionSession], "attendees": attendees}
    assert "attendees" in _errors(_post(signed_in, SupervisionSession, data))


def test_choices_come_only_from_the_reference_lists(signed_in, oxon):
    retired = AreaFactory(slug="retired", name="Retired area", is_active=False)
    data = {"date": "01/06/2021", "area": retired.pk, **VALID[Consultation], "client_group": "martian"}
    errors = _errors(_post(signed_in, Consultation, data))
    assert "area" in errors and "client_group" in errors


def test_a_team_must_belong_to_the_chosen_service(signed_in, oxon):
    community, mental_health = ServiceFactory(slug="community"), ServiceFactory(slug="mh")
    team = TeamFactory(service=mental_health, name="CAMHS")
    data = {"date": "01/06/2021", "area": oxon.pk, **VALID[Consultation], "service": community.pk, "team": team.pk}
    assert _errors(_post(signed_in, Consultation, data))["team"] == [
        f"CAMHS is not a team of {community.name}: choose one of its teams"
    ]


def test_an_adult_category_cannot_be_used_for_a_child(signed_in, oxon):
    self_neglect = CategoryFactory(slug="self-neglect", name="Self-neglect", client_group=ClientGroup.ADULT)
    data = {"date": "01/06/2021", "area": oxon.pk, **VALID[Consultation], "category": self_neglect.pk}
    assert "not for children" in " ".join(_errors(_post(signed_in, Consultation, data))["category"])


def test_a_practitioner_can_only_log_records_in_their_own_areas(client, oxon):
    bucks = AreaFactory(slug="bucks", name="Buckinghamshire")
    client.force_login(UserFactory(role=roles.PRACTITIONER, areas=[oxon]))
    errors = _errors(_post(client, Consultation, {"date": "01/06/2021", "area": bucks.pk, **VALID[Consultation]}))
    assert "area" in errors
    assert not Consultation.objects.exists()


def test_the_new_form_starts_with_today_and_the_users_usual_area_and_service(client, oxon):
    service = ServiceFactory(slug="community")
    user = UserFactory(role=roles.PRACTITIONER, areas=[oxon], usual_area=oxon, usual_service=service)
    client.force_login(user)
    form = client.get(reverse("record_new", args=["consultations"])).context["form"]
    assert form["date"].value() == date.today()
    assert form["area"].value() == oxon.pk
    assert form["service"].value() == service.pk


def test_save_and_log_another_keeps_the_area_service_and_client_group(signed_in, oxon):
    service = ServiceFactory(slug="community")
    data = {"date": "01/06/2021", "area": oxon.pk, **VALID[Consultation], "service": service.pk, "another": ""}
    response = _post(signed_in, Consultation, data)
    follow = signed_in.get(response.url)
    form = follow.context["form"]
    assert Consultation.objects.count() == 1
    assert (form["area"].value(), form["service"].value(), form["client_group"].value()) == (
        str(oxon.pk),
        str(service.pk),
        "child",
    )


_RULES = [(model, rule) for model in VALID for rule in model.date_order]


@pytest.mark.parametrize(("model", "rule"), _RULES, ids=[rule.name for _, rule in _RULES])
def test_a_date_rule_says_the_same_words_in_the_form_and_the_database(signed_in, oxon, lead, model, rule):
    # The model's dates in order; those before the rule's earlier date are in order, so only the rule is broken.
    chain = list(dict.fromkeys(["date", *(name for each in model.date_order for name in (each.earlier, each.later))]))
    before = chain[: chain.index(rule.earlier)]
    dates = {name: date(2021, 6, 1) + timedelta(days=place) for place, name in enumerate(before)}
    dates[rule.earlier] = date(2021, 6, 10)
    dates[rule.later] = date(2021, 6, 9)  # a day before the date it may not precede
    typed = {name: day.strftime("%d/%m/%Y") for name, day in dates.items()}
    response = _post(signed_in, model, {"area": oxon.pk, **VALID[model], **typed})
    assert _errors(response)[rule.later] == [rule.message]

    saved = record_type_of(model).sample | {"area": oxon, "created_by": lead, "updated_by": lead, **dates}
    with pytest.raises(ValidationError) as refused:
        model(**saved).validate_constraints()
    assert refused.value.messages == [rule.message]
    assert not model.objects.exists()


def test_a_review_completed_but_never_commissioned_is_refused_on_the_missing_date(signed_in, oxon):
    data = {"date": "01/06/2021", "completed_on": "01/09/2021", "area": oxon.pk, **VALID[Review]}
    errors = _errors(_post(signed_in, Review, data))
    assert errors["commissioned_on"] == ["A review cannot be completed before it was commissioned"]
    assert not Review.objects.exists()
