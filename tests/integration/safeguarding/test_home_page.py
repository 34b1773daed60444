"""Each role's home page starts the day with what that role does, and says truthfully what it can see."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import schedule
from tests.factories import ConsultationFactory, MashEnquiryFactory, ReviewActionFactory, ReviewFactory
from work import actions as task_actions
from work.models import Kind

TODAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    monkeypatch.setattr(schedule, "today", lambda: TODAY)


def _page(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response, " ".join(response.content.decode().split())


def test_a_practitioner_gets_a_button_for_each_kind_she_logs_her_tasks_and_her_recent_records(
    client, areas, lead, practitioner
):
    mine = [ConsultationFactory(area=areas["oxon"], by=practitioner, date=TODAY - timedelta(days=n)) for n in (3, 1)]
    theirs = ConsultationFactory(area=areas["oxon"], by=lead, date=TODAY)
    review = ReviewFactory(area=areas["oxon"], by=lead)
    overdue = ReviewActionFactory(
        review=review, by=lead, owner=practitioner, agreed_on=date(2026, 10, 1), due_on=TODAY - timedelta(days=2)
    )
    response, page = _page(client, practitioner)
    buttons = [button["label"] for button in response.context["log_buttons"]]
    assert buttons == [
        "Log a consultation", "Log a referral", "Log an s.42 enquiry", "Log a MASH enquiry", "Log a CDOP case",
        "Log a training session", "Log a supervision session",
    ]  # fmt: skip
    assert reverse("record_new", args=["consultations"]) in page
    recent = [item["reference"] for item in response.context["recent_records"]]
    assert recent == [mine[1].reference, mine[0].reference]  # newest first, hers only
    assert theirs.reference not in recent
    assert reverse("task_detail", args=[overdue.task_id]) in page and "Overdue" in page
    assert "1 open, 1 overdue" in page
    assert "The team&#x27;s work" not in page and "Reports due" not in page


def test_a_lead_sees_the_teams_overdue_tasks_the_unowned_ones_and_consultations_waiting(
    client, areas, lead, practitioner, django_capture_on_commit_callbacks
):
    review = ReviewFactory(area=areas["oxon"], by=lead)
    late = ReviewActionFactory(
        review=review, by=lead, owner=practitioner, agreed_on=date(2026, 10, 1), due_on=TODAY - timedelta(days=9)
    )
    ReviewActionFactory(review=review, by=lead, agreed_on=date(2026, 10, 1), due_on=TODAY + timedelta(days=9))
    with django_capture_on_commit_callbacks(execute=True):
        ConsultationFactory(area=areas["oxon"], by=practitioner, date=TODAY, needs_lead=True)
    _, page = _page(client, lead)
    assert "2 tasks overdue; 2 with nobody as owner yet." not in page  # the flagged one is due tomorrow
    assert "1 task overdue; 2 with nobody as owner yet." in page
    assert "Consultations waiting for a lead" in page
    assert "Open MASH enquiries by how long they have waited" in page
    assert reverse("task_detail", args=[late.task_id]) in page and "Pat Shah" in page
    assert "Reports due" in page


def test_the_leads_home_page_counts_the_open_mash_enquiries_by_working_days_waited(client, areas, lead):
    # Monday 30 November 2026: received the Friday before is 1 working day old; 23 November, 5; 16 November, 10.
    for received in (date(2026, 11, 27), date(2026, 11, 23), date(2026, 11, 16), date(2026, 11, 13)):
        MashEnquiryFactory(area=areas["oxon"], by=lead, date=received)
    MashEnquiryFactory(area=areas["oxon"], by=lead, date=date(2026, 11, 2), closed_on=date(2026, 11, 3))
    response, page = _page(client, lead)
    assert [(band["label"], band["count"]) for band in response.context["mash_ageing"]] == [
        ("0 to 1 working days", 1),
        ("2 to 5 working days", 1),
        ("6 to 10 working days", 1),
        ("Over 10 working days", 1),
    ]
    assert reverse("mash_queue") + "?age=over-10" in page


def test_the_secretary_and_the_executive_are_told_they_see_figures_and_lists_not_records(
    client, areas, lead, practitioner, secretary, executive
):
    for number in range(3):
        ConsultationFactory(
            area=areas["oxon"], by=practitioner, date=TODAY - timedelta(days=number), client_group="child"
        )
    review = ReviewFactory(area=areas["oxon"], by=lead)
    ReviewActionFactory(review=review, by=lead, agreed_on=date(2026, 10, 1), due_on=TODAY - timedelta(days=1))
    for user in (secretary, executive):
        response, page = _page(client, user)
        assert "cannot see any records" not in page
        assert "lists of rows behind them without references or case references" in page
        rows = {row["name"]: row for row in response.context["headline_figures"]["rows"]}
        assert rows["Children's consultation line calls"]["this"] == 3
        assert response.context["needs_attention"] == [{"label": "Review action", "count": 1}]
        assert "Review action: 1 overdue" in page
    _, page = _page(client, secretary)
    assert "Reports due" in page
    _, page = _page(client, executive)
    assert "Reports due" not in page and "Log a consultation" not in page


def test_the_administrator_is_told_her_role_holds_no_records(client, administrator):
    _, page = _page(client, administrator)
    assert "No records: your role does not include them." in page
    assert "cannot see any records" not in page


def test_a_practitioner_with_no_area_is_told_why_she_sees_no_records(client, db):
    from accounts import roles
    from tests.factories import UserFactory

    _, page = _page(client, UserFactory(username="new", role=roles.PRACTITIONER))
    assert "You are not assigned to any area, so you cannot see any records." in page


def test_the_home_page_makes_as_many_queries_for_many_records_and_tasks_as_for_few(client, areas, lead, practitioner):
    def queries(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("home")).status_code == 200
        return len(context)

    review = ReviewFactory(area=areas["oxon"], by=lead)
    ReviewActionFactory(review=review, by=lead, owner=practitioner, agreed_on=date(2026, 10, 1), due_on=TODAY)
    ConsultationFactory(area=areas["oxon"], by=practitioner, date=TODAY)
    MashEnquiryFactory(area=areas["oxon"], by=practitioner, date=TODAY)
    few = {user.username: queries(user) for user in (practitioner, lead)}
    for number in range(30):
        ConsultationFactory(area=areas["oxon"], by=practitioner, date=TODAY - timedelta(days=number))
        MashEnquiryFactory(area=areas["oxon"], by=practitioner, date=TODAY - timedelta(days=number))
        ReviewActionFactory(
            review=review,
            by=lead,
            owner=practitioner,
            agreed_on=date(2026, 10, 1),
            due_on=TODAY - timedelta(days=number % 5),
        )
    task_actions.sync(
        kind=Kind.RETURN_DUE,
        wanted=[task_actions.Wanted(f"r:{n}", f"Return {n}", "/", TODAY) for n in range(20)],
        by=lead,
        reason="Came in",
    )
    many = {user.username: queries(user) for user in (practitioner, lead)}
    assert many == few
