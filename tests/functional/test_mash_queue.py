"""In a real browser: the lead reads the dashboard's MASH section, follows the longest-waiting band to the open
queue and opens the enquiry at its head; the practitioner's queue holds only her area's enquiries. axe finds
nothing on either page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ages(page) -> list[int]:
    cells = page.locator("#mash-queue tbody td.nhsuk-table__cell--numeric").all_inner_texts()
    return [int(text.replace(",", "")) for text in cells]


def test_the_lead_follows_the_oldest_band_to_the_queue_and_opens_its_first_enquiry(
    live_server, page, axe_check, sign_in, demo
):
    sign_in("lead")
    page.get_by_role("link", name="Dashboard", exact=True).click()
    section = page.locator("#mash-timeliness")
    expect(section.get_by_role("heading", name="MASH timeliness")).to_be_visible()
    expect(section).to_contain_text("Health information shared within one working day")
    axe_check(page)

    section.locator('tr[data-band="over-10"]').get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open MASH enquiries: waiting over 10 working days")
    ages = _ages(page)
    assert ages and ages == sorted(ages, reverse=True) and min(ages) > 10
    axe_check(page)

    first = page.locator("#mash-queue tbody tr").first.get_by_role("link")
    reference = first.inner_text()
    first.click()
    expect(page).to_have_url(re.compile(rf"/records/mash-enquiries/{reference}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)


def test_the_practitioner_sees_only_her_areas_open_enquiries(live_server, page, axe_check, sign_in, demo):
    sign_in("practitioner")
    page.goto(f"{live_server.url}/records/mash-enquiries/open/")

    expect(page.locator("#queue-count")).to_contain_text("open enquir")
    areas = set(page.locator("#mash-queue tbody tr td:nth-child(4)").all_inner_texts())
    assert areas <= {"Oxfordshire"}
    axe_check(page)
