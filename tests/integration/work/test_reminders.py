"""The day's emails: a digest once a day to each owner, escalations to the leads once per task, and never a case
reference or a record's notes in any of them."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from accounts import roles
from tests.factories import ConsultationFactory, MashEnquiryFactory, ReviewActionFactory, ReviewFactory, UserFactory
from work import reminders
from work.models import Kind, ReminderSent, State, Task

TODAY = date(2026, 11, 30)  # a Monday


@pytest.fixture
def people(areas, lead, practitioner):
    practitioner.email = "pat@trust.invalid"
    practitioner.save()
    return {"lead": lead, "practitioner": practitioner}


@pytest.fixture
def review(areas, lead):
    return ReviewFactory(area=areas["oxon"], by=lead, case_reference="CASE-777", notes="Family details")


def _action(review, lead, owner, due_on):
    return ReviewActionFactory(
        review=review, by=lead, owner=owner, due_on=due_on, agreed_on=date(2026, 1, 5), description="Call the GP"
    )


def test_each_owner_gets_one_digest_a_day_of_what_is_overdue_or_due_within_a_week(people, review):
    lead, practitioner = people["lead"], people["practitioner"]
    overdue = _action(review, lead, practitioner, TODAY - timedelta(days=3)).task
    soon = _action(review, lead, practitioner, TODAY + timedelta(days=7)).task
    _action(review, lead, practitioner, TODAY + timedelta(days=8))  # not yet
    sent = reminders.send_digests(TODAY)
    assert sent.digests == 1  # the lead has nothing due and no unowned task: no email
    [message] = mail.outbox
    assert message.to == ["pat@trust.invalid"]
    assert message.subject == "Safeguarding tasks: 1 overdue, 1 due within 7 days"
    assert "OVERDUE by 3 days" in message.body
    assert f"/work/tasks/{overdue.pk}/" in message.body and f"/work/tasks/{soon.pk}/" in message.body
    assert message.body.count("/work/tasks/") == 2
    # Run again the same day: nothing more is sent.
    again = reminders.send_digests(TODAY)
    assert (again.digests, again.skipped_already_sent, len(mail.outbox)) == (0, 1, 1)
    # The next day, a new digest.
    assert reminders.send_digests(TODAY + timedelta(days=1)).digests == 1
    assert ReminderSent.objects.filter(recipient=practitioner, kind="digest").count() == 2


def test_tasks_nobody_owns_go_to_every_lead(people, review, db):
    other_lead = UserFactory(username="lou", role=roles.LEAD, email="lou@trust.invalid")
    _action(review, people["lead"], None, TODAY)
    reminders.send_digests(TODAY)
    assert sorted(message.to[0] for message in mail.outbox) == ["lee@trust.invalid", "lou@trust.invalid"]
    assert all("no owner yet" in message.body for message in mail.outbox)
    assert other_lead


def test_an_overdue_task_is_escalated_to_the_leads_once_after_the_set_number_of_days(people, review):
    lead, practitioner = people["lead"], people["practitioner"]
    with override_settings(TASK_ESCALATION_DAYS=5):
        task = _action(review, lead, practitioner, TODAY - timedelta(days=4)).task
        assert reminders.send_escalations(TODAY).escalations == 0
        assert reminders.send_escalations(TODAY + timedelta(days=1)).escalations == 1
        [message] = mail.outbox
        assert message.to == ["lee@trust.invalid"]
        assert message.subject == "Escalation: 1 safeguarding task overdue"
        assert "Owner: Pat Shah" in message.body and f"/work/tasks/{task.pk}/" in message.body
        task.refresh_from_db()
        assert task.escalated_on == TODAY + timedelta(days=1)
        # Escalated once: not again the day after, though still overdue.
        assert reminders.send_escalations(TODAY + timedelta(days=2)).escalations == 0
        assert len(mail.outbox) == 1


def test_no_email_holds_a_case_reference_or_notes(people, review, areas, django_capture_on_commit_callbacks):
    lead, practitioner = people["lead"], people["practitioner"]
    _action(review, lead, practitioner, TODAY - timedelta(days=30))
    _action(review, lead, None, TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        consultation = ConsultationFactory(
            area=areas["oxon"], by=practitioner, needs_lead=True, case_reference="CASE-888", notes="Disclosed abuse"
        )
    enquiry = MashEnquiryFactory(
        area=areas["oxon"], by=practitioner, date=date(2026, 10, 1), case_reference="CASE-999", notes="Sibling"
    )
    call_command("send_reminders", "--date", TODAY.isoformat())
    assert len(mail.outbox) >= 4  # the notice, two digests, an escalation
    secrets = [
        "CASE-777", "CASE-888", "CASE-999", "Family details", "Disclosed abuse", "Sibling", "Call the GP",
        review.reference, consultation.reference, enquiry.reference,
    ]  # fmt: skip
    for message in mail.outbox:
        for secret in secrets:
            assert secret not in message.subject + message.body, (secret, message.subject)


def test_send_reminders_makes_the_calendars_tasks_and_is_idempotent_per_day(people, areas, capsys):
    practitioner = people["practitioner"]
    with override_settings(MASH_TASK_AFTER_WORKING_DAYS=5):
        enquiry = MashEnquiryFactory(area=areas["oxon"], by=practitioner, date=date(2026, 11, 20))
        call_command("send_reminders", "--date", TODAY.isoformat())
        task = Task.objects.get(kind=Kind.MASH_ENQUIRY)
        assert (task.owner, task.due_on) == (practitioner, date(2026, 11, 27))  # 5 working days after a Friday
        sent = len(mail.outbox)
        call_command("send_reminders", "--date", TODAY.isoformat())
        assert len(mail.outbox) == sent
        assert "already sent today" in capsys.readouterr().out
        # Closed: the task is no longer needed at the next run.
        from activity import actions

        actions.update_record(record=enquiry, by=practitioner, reason="Closed", closed_on=date(2026, 11, 30))
        call_command("send_reminders", "--date", TODAY.isoformat())
        task.refresh_from_db()
        assert task.state == State.WITHDRAWN


def test_send_reminders_refuses_a_date_it_cannot_read(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--date must be a date"):
        call_command("send_reminders", "--date", "30/11/2026")
