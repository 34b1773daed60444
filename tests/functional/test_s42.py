"""In a real browser: a lead logs an s.42 enquiry with the collection's items, is told in words which item breaks a
rule, and reads the enquiry's page; axe finds nothing on the form (with its errors) or the page."""

import pytest
from playwright.sync_api import expect

from activity.models import S42Enquiry
from demo.reference import load_reference
from demo.users import load_users

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_and_users():
    """The demo's areas, services and users, without its records."""
    load_reference()
    return load_users()


def test_logging_an_s42_enquiry_with_its_items(live_server, page, axe_check, reference_and_users, sign_in):
    sign_in("lead")
    page.goto(f"{live_server.url}/records/s42-enquiries/new/")
    expect(page.get_by_role("group", name="Types of risk")).to_be_visible()
    axe_check(page)

    page.get_by_label("Date requested").fill("01/06/2021")
    page.get_by_label("Area").select_option(label="Oxfordshire")
    page.get_by_label("Neglect and acts of omission").check()
    page.get_by_label("Financial or material abuse").check()
    page.get_by_label("Location of risk").select_option(label="Own home")
    page.get_by_label("Action taken").select_option(label="No risk identified and no action taken")
    page.get_by_label("Result").select_option(label="Risk removed")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Result: give one only where a risk was identified")
    expect(page.get_by_label("Neglect and acts of omission")).to_be_checked()
    axe_check(page)

    page.get_by_label("Result").select_option(label="Not recorded")
    page.get_by_role("button", name="Save", exact=True).click()
    enquiry = S42Enquiry.objects.get()
    expect(page.get_by_role("heading", name=f"S.42 enquiry {enquiry.reference}")).to_be_visible()
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Financial or material abuse; Neglect and acts of")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Not recorded")
    axe_check(page)
