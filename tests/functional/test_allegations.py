"""In a real browser: a lead records an allegation against staff, opens it by saying why, and finds the reason in
the audit log. The list, the form, the question of why and the allegation's page pass axe."""

import re

import pytest
from playwright.sync_api import expect

from accounts import roles
from demo.users import demo_password
from tests.factories import AreaFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Preparing for the strategy meeting"
NOTES = "Raised by a parent after a home visit."


@pytest.fixture
def lead_signed_in(live_server, page, sign_in):
    trust = AreaFactory(slug="trust", name="Trust")
    AreaFactory(slug="oxfordshire", name="Oxfordshire", parent=trust)
    lead = UserFactory(username="lead", first_name="Lee", last_name="Morgan", role=roles.LEAD, is_staff=True)
    lead.set_password(demo_password("lead"))
    lead.save()
    sign_in("lead")
    return lead


def test_a_lead_opens_an_allegation_with_a_reason_and_the_audit_log_keeps_it(
    live_server, page, axe_check, lead_signed_in
):
    page.goto(f"{live_server.url}/records/")
    page.get_by_role("link", name="Allegations against staff").click()
    expect(page.get_by_role("heading", name="Allegations against staff", level=1)).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Record an allegation").click()
    expect(page.get_by_role("heading", name="Record an allegation against staff")).to_be_visible()
    page.get_by_role("button", name="Record the allegation").click()  # nothing filled in: the errors first
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe_check(page)
    page.get_by_label("LADO or PiPoT").select_option(label="LADO (children)")
    page.get_by_label("Date received").fill("01/06/2021")
    page.get_by_label("Area").select_option(label="Oxfordshire")
    page.get_by_label("Category").select_option(label="Physical harm")
    page.get_by_label("Notes").fill(NOTES)
    page.get_by_role("button", name="Record the allegation").click()

    expect(page.get_by_role("heading", name=re.compile(r"^Open Allegation ALG-"))).to_be_visible()
    expect(page.get_by_text(NOTES)).to_have_count(0)
    axe_check(page)
    reference = re.search(r"ALG-[0-9A-F]+", page.get_by_role("heading", level=1).inner_text()).group(0)
    page.get_by_label("Why are you opening this allegation?").fill(REASON)
    page.get_by_role("button", name="Open the allegation").click()

    expect(page.get_by_role("heading", name=f"Allegation {reference}", level=1)).to_be_visible()
    expect(page.get_by_text(NOTES)).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Who has opened this allegation").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=f"Opened: {REASON}")
    expect(row).to_contain_text(reference)
    expect(row).to_contain_text("Lee")
    expect(row.get_by_role("link")).to_have_count(0)  # the log names it, and links to it for nobody
