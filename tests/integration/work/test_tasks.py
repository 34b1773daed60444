"""Tasks: made by what needs doing, given to people and completed, each change kept with who and why."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from activity import actions as activity_actions
from audit.models import Action, AuditEvent
from tests.factories import ConsultationFactory, ReviewActionFactory, ReviewFactory
from work import actions
from work.models import Kind, State, Task, TaskEvent


@pytest.fixture
def review(areas, lead):
    return ReviewFactory(area=areas["oxon"], by=lead)


def test_a_review_action_has_a_task_owned_by_the_person_chosen_on_its_form(client, review, lead, practitioner):
    client.force_login(lead)
    response = client.post(
        reverse("review_action_new", args=[review.reference]),
        {
            "description": "Share the learning with the ward",
            "owner": str(practitioner.pk),
            "agreed_on": "01/06/2021",
            "due_on": "01/09/2021",
            "status": "open",
        },
    )
    assert response.status_code == 302
    action = review.actions.get()
    assert action.task.owner == practitioner
    assert action.task.due_on == date(2021, 9, 1)
    assert action.task.state == State.OPEN
    # The title says what is due and nothing typed into the review.
    assert "Share the learning" not in action.task.title and review.reference not in action.task.title
    page = client.get(reverse("record_detail", args=["reviews", review.reference]))
    assert "Pat Shah" in page.content.decode()


def test_the_owner_field_offers_only_people_who_hold_tasks(client, review, lead, practitioner, executive):
    client.force_login(lead)
    page = client.get(reverse("review_action_new", args=[review.reference])).content.decode()
    assert "Pat Shah" in page and "Lee Morgan" in page
    assert "Chris Okafor" not in page  # the executive holds no tasks
    assert "---------" not in page and "Choose who owns it" in page


def test_completing_the_action_on_its_form_completes_its_task(review, lead, practitioner):
    action = ReviewActionFactory(review=review, by=lead, owner=practitioner)
    activity_actions.update_review_action(
        action=action, by=lead, reason="Done", status="completed", completed_on=date(2021, 8, 30)
    )
    task = Task.objects.get(pk=action.task_id)
    assert (task.state, task.done_on) == (State.DONE, date(2021, 8, 30))


def test_a_task_given_to_someone_else_keeps_its_history(review, lead, practitioner, secretary):
    action = ReviewActionFactory(review=review, by=lead, owner=practitioner)
    task = actions.assign(task=action.task, to=secretary, by=lead, reason="Pat is on leave")
    assert task.owner == secretary
    given = task.events.get(what=TaskEvent.What.ASSIGNED)
    assert (given.by, given.owner_before, given.owner_after, given.reason) == (
        lead,
        practitioner,
        secretary,
        "Pat is on leave",
    )
    assert list(task.events.values_list("what", flat=True)) == ["created", "assigned"]
    assert AuditEvent.objects.filter(action=Action.TASK_CHANGED, user=lead, record_reference=str(task.pk)).exists()


def test_only_a_lead_gives_tasks_to_people_and_nobody_gives_one_to_a_figure_reader(
    review, lead, practitioner, executive
):
    task = ReviewActionFactory(review=review, by=lead, owner=practitioner).task
    with pytest.raises(PermissionDenied):
        actions.assign(task=task, to=practitioner, by=practitioner, reason="Mine")
    with pytest.raises(ValidationError, match="cannot hold tasks"):
        actions.assign(task=task, to=executive, by=lead, reason="Chris could")
    with pytest.raises(ValidationError, match="Say why"):
        actions.assign(task=task, to=lead, by=lead, reason=" ")


def test_the_owner_completes_their_task_and_another_practitioner_cannot(review, lead, practitioner, areas):
    from accounts import roles
    from tests.factories import UserFactory

    other = UserFactory(username="other", role=roles.PRACTITIONER, areas=[areas["oxon"]])
    task = ReviewActionFactory(review=review, by=lead, owner=practitioner).task
    with pytest.raises(PermissionDenied):
        actions.complete(task=task, by=other)
    done = actions.complete(task=task, by=practitioner, note="Shared at the team meeting", on=date(2021, 8, 1))
    assert (done.state, done.done_on) == (State.DONE, date(2021, 8, 1))
    with pytest.raises(ValidationError, match="already closed"):
        actions.complete(task=task, by=lead)


def test_a_practitioner_sees_only_their_own_tasks_and_a_lead_sees_the_teams(client, review, lead, practitioner):
    theirs = ReviewActionFactory(review=review, by=lead, owner=practitioner).task
    leads = ReviewActionFactory(review=review, by=lead, owner=lead).task
    client.force_login(practitioner)
    assert client.get(reverse("task_detail", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("task_detail", args=[leads.pk])).status_code == 404
    assert client.get(reverse("team_work")).status_code == 403
    client.force_login(lead)
    page = client.get(reverse("team_work")).content.decode()
    assert reverse("task_detail", args=[theirs.pk]) in page and reverse("task_detail", args=[leads.pk]) in page


def test_my_work_lists_overdue_tasks_first(client, review, lead, practitioner):
    later = ReviewActionFactory(review=review, by=lead, owner=practitioner, due_on=date(2099, 1, 1)).task
    overdue = ReviewActionFactory(review=review, by=lead, owner=practitioner, due_on=date(2021, 7, 1)).task
    client.force_login(practitioner)
    page = client.get(reverse("my_work")).content.decode()
    assert page.index(reverse("task_detail", args=[overdue.pk])) < page.index(reverse("task_detail", args=[later.pk]))
    assert "Overdue" in page


def test_completing_from_the_task_page_and_reopening_it_need_the_owner_or_a_lead(client, review, lead, practitioner):
    task = ReviewActionFactory(review=review, by=lead, owner=practitioner).task
    client.force_login(practitioner)
    response = client.post(reverse("task_complete", args=[task.pk]), {"note": "Shared"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == State.DONE
    response = client.post(reverse("task_reopen", args=[task.pk]), {"reason": ""})
    assert "Say why the task is open again" in response.content.decode()
    client.post(reverse("task_reopen", args=[task.pk]), {"reason": "Not shared with nights"})
    task.refresh_from_db()
    assert task.state == State.OPEN
    assert [event.what for event in task.events.all()] == ["created", "completed", "reopened"]


def test_the_lead_gives_a_task_from_its_page_and_a_missing_reason_keeps_the_choice(client, review, lead, practitioner):
    task = ReviewActionFactory(review=review, by=lead).task
    assert task.owner is None  # no owner chosen: the leads' queue
    client.force_login(lead)
    response = client.post(reverse("task_assign", args=[task.pk]), {"owner": str(practitioner.pk), "reason": ""})
    page = response.content.decode()
    assert "Say why the task is changing hands" in page
    assert f'value="{practitioner.pk}" selected' in page
    client.post(
        reverse("task_assign", args=[task.pk]), {"owner": str(practitioner.pk), "reason": "Pat knows the family's GP"}
    )
    task.refresh_from_db()
    assert task.owner == practitioner


def test_flagging_a_consultation_tells_the_leads_at_once_with_no_case_reference(
    client, areas, lead, practitioner, django_capture_on_commit_callbacks
):
    client.force_login(practitioner)
    with django_capture_on_commit_callbacks(execute=True):
        consultation = ConsultationFactory(
            area=areas["oxon"], by=practitioner, needs_lead=True, case_reference="RX-99-1234", notes="Bruising seen"
        )
    task = Task.objects.get(kind=Kind.LEAD_NEEDED)
    assert task.owner is None and task.state == State.OPEN
    assert [message.to for message in mail.outbox] == [[lead.email]]
    message = mail.outbox[0]
    text = message.subject + message.body
    assert "needs a safeguarding lead" in text and reverse("task_detail", args=[task.pk]) in text
    for secret in ("RX-99-1234", "Bruising", consultation.reference):
        assert secret not in text
    # Saving it again while still flagged tells nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        activity_actions.update_record(record=consultation, by=practitioner, reason="Typo", notes="Bruise seen")
    assert len(mail.outbox) == 1
    # Unflagged, the task is no longer needed.
    activity_actions.update_record(record=consultation, by=practitioner, reason="Sorted", needs_lead=False)
    task.refresh_from_db()
    assert task.state == State.WITHDRAWN


def test_sync_makes_withdraws_and_reopens_in_a_fixed_number_of_queries(lead):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def wanted(count, offset=0):
        return [
            actions.Wanted(source_key=f"x:{n}", title=f"Thing {n}", link="/", due_on=date(2026, 12, 1))
            for n in range(offset, offset + count)
        ]

    def queries(kind, *args):
        with CaptureQueriesContext(connection) as context:
            result = actions.sync(kind=kind, wanted=wanted(*args), by=lead, reason="Came in")
        return result, len(context)

    small, large = queries(Kind.RETURN_DUE, 5), queries(Kind.POLICY_REVIEW, 60)
    assert (small[0], large[0]) == ((5, 0), (60, 0))
    assert small[1] == large[1]
    # Some kept, some made, some withdrawn: as many statements for a few as for many.
    few, many = queries(Kind.RETURN_DUE, 5, 3), queries(Kind.POLICY_REVIEW, 50, 30)
    assert (few[0], many[0]) == ((3, 3), (20, 30))
    assert few[1] == many[1]
    assert Task.objects.filter(kind=Kind.POLICY_REVIEW, state=State.OPEN).count() == 50
    # One wanted again after it was withdrawn: the same task opens again, never a second one.
    actions.sync(kind=Kind.POLICY_REVIEW, wanted=wanted(1), by=lead, reason="Came in")
    assert Task.objects.filter(kind=Kind.POLICY_REVIEW, source_key="x:0").get().state == State.OPEN
