"""In a real browser: the lead starts a partnership's quarterly pack (a bad period first, refused with the field
named and what was typed kept), makes a new kind of report from it, and checks on the reconciliation page that
the year's reports agree; axe finds nothing on any of these pages."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_lead_starts_a_pack_makes_a_new_kind_of_report_and_reconciles_the_year(
    demo, live_server, page, axe_check, sign_in
):
    sign_in("lead")
    page.goto(f"{live_server.url}/reports/")
    expect(page.get_by_role("heading", level=1, name="Safeguarding reports")).to_be_visible()
    axe_check(page)

    page.get_by_label("Kind of report").select_option(label="Quarterly report to the committee")
    page.get_by_label("Period").fill("2021/22 Q5")
    page.get_by_label("Area").select_option(label="Bath and North East Somerset, Swindon and Wiltshire")
    page.get_by_role("button", name="Start a draft").click()
    expect(page.get_by_role("alert")).to_contain_text("2021/22 Q5 is not a quarter")
    expect(page.get_by_label("Period")).to_have_value("2021/22 Q5")
    axe_check(page)

    page.get_by_label("Period").fill("2021/22 Q4")
    page.get_by_role("button", name="Start a draft").click()
    title = "Quarterly safeguarding report, Q4 2021/22: Bath and North East Somerset, Swindon and Wiltshire"
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    covers = page.locator("#report-covers")
    expect(covers).to_contain_text("Q4 2021/22 (1 January to 31 March 2022)")
    expect(covers).to_contain_text("Bath and North East Somerset, Swindon and Wiltshire and the areas within it")
    axe_check(page)

    page.get_by_role("link", name="Make a new kind of report from this one").click()
    page.get_by_label("Name of the new kind of report").fill("Quarterly pack for a partnership")
    page.get_by_label("How often the schedule starts one").select_option(label="Every quarter")
    axe_check(page)
    page.get_by_role("button", name="Save the new kind of report").click()
    expect(page.get_by_text("Saved 'Quarterly pack for a partnership'")).to_be_visible()
    expect(page.get_by_label("Kind of report")).to_contain_text("Quarterly pack for a partnership")

    page.get_by_role("link", name="Do the reports agree?").click()
    expect(page.get_by_role("heading", level=1, name="Do the reports agree?")).to_be_visible()
    page.get_by_label("Financial year").select_option("2021/22")
    page.get_by_role("button", name="Check").click()
    expect(page.locator("main")).to_contain_text("covering 2021/22 were compared")
    axe_check(page)
