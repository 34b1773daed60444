"""In a real browser: a practitioner flags a consultation for a lead; the lead is emailed through a real SMTP
server, finds the task on her home page, and completes it. Every page on the way passes axe."""

import re

import pytest
from playwright.sync_api import expect

from demo.users import demo_password
from tests.smtp import smtp_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(demo_password(username))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello")).to_be_visible()
    page.wait_for_load_state("load")


def test_a_consultation_flagged_for_a_lead_reaches_her_by_email_and_she_completes_its_task(
    live_server, browser, axe_check, demo
):
    practitioner = browser.new_context().new_page()
    with smtp_server() as inbox:
        _sign_in(practitioner, live_server, "practitioner")
        axe_check(practitioner)  # the practitioner's home page: buttons to log, her tasks, her recent records
        practitioner.get_by_role("button", name="Log a consultation").click()
        expect(practitioner.get_by_role("heading", name="Log a consultation")).to_be_visible()
        practitioner.get_by_label("Client group").select_option(label="Child")
        practitioner.get_by_label("Case reference").fill("FLAG-2026-1")
        practitioner.get_by_label("Needs a safeguarding lead").check()
        practitioner.get_by_role("button", name="Save", exact=True).click()
        expect(practitioner.get_by_role("heading", name=re.compile("Consultation CON-"))).to_be_visible()

        messages = [message for message in inbox.messages if message["To"] == "lead@demo.invalid"]
    assert len(messages) == 1, [message["Subject"] for message in inbox.messages]
    [message] = messages
    assert message["Subject"] == "A consultation needs a safeguarding lead"
    body = message.get_body(("plain",)).get_content()
    assert "FLAG-2026-1" not in body and "CON-" not in body
    link = re.search(r"http://\S+/work/tasks/(\d+)/", body)
    assert link, body

    lead = browser.new_context().new_page()
    _sign_in(lead, live_server, "lead")
    waiting = lead.get_by_role("table", name="Consultations waiting for a lead")
    expect(waiting).to_contain_text("A consultation needs a safeguarding lead")
    axe_check(lead)
    waiting.get_by_role("link", name="A consultation needs a safeguarding lead").click()
    expect(lead).to_have_url(re.compile(f"/work/tasks/{link.group(1)}/$"))
    expect(lead.get_by_role("heading", level=1)).to_have_text("A consultation needs a safeguarding lead")
    axe_check(lead)
    lead.get_by_label("What was done (optional)").fill("Rang the ward and agreed a plan")
    lead.get_by_role("button", name="Mark as done").click()
    expect(lead.get_by_text("Task completed.")).to_be_visible()
    expect(lead.locator(".nhsuk-summary-list")).to_contain_text("Done on")
    expect(lead.get_by_role("table")).to_contain_text("Rang the ward and agreed a plan")
    axe_check(lead)

    lead.goto(f"{live_server.url}/")
    expect(lead.get_by_role("table", name="Consultations waiting for a lead")).to_have_count(0)
    lead.goto(f"{live_server.url}/work/team/")
    expect(lead.get_by_role("heading", name="The team's tasks")).to_be_visible()
    axe_check(lead)
    lead.goto(f"{live_server.url}/work/")
    expect(lead.get_by_role("heading", name="My work")).to_be_visible()
    axe_check(lead)


@pytest.mark.parametrize("username", ["executive", "secretary"])
def test_the_home_pages_of_those_who_read_figures_say_what_they_see_and_pass_axe(
    live_server, page, axe_check, demo, sign_in, username
):
    sign_in(username)
    expect(page.get_by_role("heading", name="What you can see")).to_be_visible()
    expect(page.get_by_text("You do not open records.")).to_be_visible()
    axe_check(page)
