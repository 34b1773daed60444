"""The hourly schedule under make serve: reports due started, then the day's tasks and emails, each once."""

from datetime import date

from django.core import mail
from django.core.management import call_command

from tests.factories import ReviewActionFactory, ReviewFactory
from work.models import ReminderSent


def test_the_hourly_schedule_sends_the_days_digest_once(areas, lead, practitioner, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 11, 30))
    practitioner.email = "pat@trust.invalid"
    practitioner.save()
    review = ReviewFactory(area=areas["oxon"], by=lead)
    ReviewActionFactory(
        review=review, by=lead, owner=practitioner, agreed_on=date(2026, 11, 2), due_on=date(2026, 12, 1)
    )
    call_command("run_schedule")
    sent = len(mail.outbox)
    call_command("run_schedule")
    assert len(mail.outbox) == sent  # the second run the same day sends nothing
    assert [message.to for message in mail.outbox].count(["pat@trust.invalid"]) == 1
    assert ReminderSent.objects.get(recipient=practitioner).day == date(2026, 11, 30)
    # The reports the schedule started are due: the leads have a task for each.
    assert ReminderSent.objects.filter(recipient=lead, kind="digest").exists()
