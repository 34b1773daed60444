"""In a real browser: log a consultation with the keyboard alone, find it, change it, read its history."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tab_to(page, element_id, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_a_practitioner_logs_a_consultation_by_keyboard_then_finds_changes_and_reads_it(
    live_server, page, axe_check, demo, sign_in
):
    sign_in("practitioner")
    page.goto(f"{live_server.url}/records/consultations/new/")
    expect(page.get_by_role("heading", name="Log a consultation")).to_be_visible()
    axe_check(page)

    # The date is today and the area and service are the practitioner's usual ones already.
    _tab_to(page, "id_date")
    _tab_to(page, "id_client_group")
    page.keyboard.type("Child")
    _tab_to(page, "id_category")
    page.keyboard.type("Neglect")
    _tab_to(page, "id_case_reference")
    page.keyboard.type("KB20261")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Consultation CON-")).to_be_visible()
    expect(page.get_by_text("KB20261")).to_be_visible()
    axe_check(page)

    page.goto(f"{live_server.url}/records/consultations/")
    axe_check(page)
    page.get_by_label("Reference or case reference").fill("KB20261")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#match-count")).to_have_text("1 record matches")
    page.locator("table a", has_text="CON-").click()

    page.get_by_role("link", name="Change").click()
    axe_check(page)
    page.get_by_label("Mode").select_option(label="Video call")
    page.get_by_label("Reason for the change").fill("It was a video call")
    page.get_by_role("button", name="Save changes").click()

    history = page.locator("#history")
    expect(history).to_contain_text("Mode: Telephone → Video call")
    expect(history).to_contain_text("It was a video call")
    expect(history).to_contain_text("Priya Shah")
    axe_check(page)


def test_a_form_with_errors_keeps_what_was_typed_and_passes_axe(live_server, page, axe_check, demo, sign_in):
    sign_in("practitioner")
    page.goto(f"{live_server.url}/records/mash-enquiries/new/")
    page.get_by_label("Date received").fill("01/06/2021")
    page.get_by_label("Date closed").fill("01/05/2021")
    page.get_by_label("Case reference").fill("KEEPME")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="An enquiry cannot be closed before it was received")).to_be_visible()
    expect(page.get_by_label("Case reference")).to_have_value("KEEPME")
    axe_check(page)


def test_the_lead_opens_the_returns_grid_and_a_review(live_server, page, axe_check, demo, sign_in):
    sign_in("lead")
    page.goto(f"{live_server.url}/returns/?metric=mappa_information_shares&year=2021")
    expect(page.get_by_label("Oxford Health NHS Foundation Trust (all areas), 2021/22")).to_have_value("21")
    axe_check(page)
    page.goto(f"{live_server.url}/records/reviews/?area=&status=published")
    axe_check(page)
    page.locator("table a", has_text="REV").first.click()
    expect(page.get_by_role("heading", name="Actions")).to_be_visible()
    axe_check(page)
    page.goto(f"{live_server.url}/records/")
    axe_check(page)
