"""The digest goes out through a real SMTP server, and arrives as the owner would read it."""

from datetime import date

from django.core.management import call_command

from tests.factories import ReviewActionFactory, ReviewFactory
from tests.smtp import smtp_server


def test_the_daily_digest_arrives_through_smtp_once(areas, lead, practitioner):
    practitioner.email = "pat@trust.invalid"
    practitioner.save()
    review = ReviewFactory(area=areas["oxon"], by=lead, case_reference="CASE-123")
    task = ReviewActionFactory(
        review=review, by=lead, owner=practitioner, agreed_on=date(2026, 11, 2), due_on=date(2026, 11, 27)
    ).task
    with smtp_server() as inbox:
        call_command("send_reminders", "--date", "2026-11-30")
        call_command("send_reminders", "--date", "2026-11-30")
    [message] = [each for each in inbox.messages if each["To"] == "pat@trust.invalid"]
    assert message["Subject"] == "Safeguarding tasks: 1 overdue"
    body = message.get_body(("plain",)).get_content()
    assert "OVERDUE by 3 days (due 27 Nov 2026)" in body
    assert f"http://127.0.0.1:8000/work/tasks/{task.pk}/" in body
    assert "CASE-123" not in body and review.reference not in body
