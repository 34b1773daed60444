"""In a real browser: the executive reads the dashboard, changes the area, sees charts, follows a figure; the lead
records a process change and sees the chart start again at it."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_executive_reads_the_dashboard_and_follows_a_figure_to_its_list(live_server, page, axe_check, sign_in):
    call_command("load_demo", verbosity=0)
    sign_in("executive")

    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.get_by_label("Financial year").select_option(label="2021/22")
    page.get_by_role("button", name="Show").click()
    calls = page.locator('tr[data-metric="child_consultations"]')
    expect(calls).to_contain_text("1,427")
    expect(calls).to_contain_text("1,076")
    expect(page.locator("#monthly-consultations[data-drawn=true] svg").first).to_be_visible()
    expect(page.get_by_role("link", name="Record a process change")).to_have_count(0)
    axe_check(page)

    page.get_by_label("Area", exact=True).select_option(label="Buckinghamshire")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Buckinghamshire: 2021/22")).to_be_visible()
    mash = page.locator('tr[data-metric="mash_enquiries"]')
    expect(mash).to_contain_text("638")
    expect(page.locator("#mash-by-area[data-drawn=true] svg").first).to_be_visible()

    mash.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/records/mash-enquiries/\?"))
    expect(page.locator("#match-count")).to_have_text("638 records match")
    axe_check(page)


def test_the_lead_records_a_process_change_and_the_chart_restarts_at_it(live_server, page, axe_check, demo, sign_in):
    sign_in("lead")
    page.goto(f"{live_server.url}/dashboard/?year=2021")
    page.get_by_role("link", name="Record a process change").click()
    expect(page.get_by_role("heading", name="Process changes", exact=True)).to_be_visible()
    axe_check(page)

    page.get_by_label("Figure").select_option(label="Children's consultation line calls")
    page.get_by_label("Month the new process starts").select_option(label="October 2021")
    page.get_by_label("What changed").fill("New telephony system")
    page.get_by_label("Why the chart should start again here").fill("Calls are logged by the new system")
    page.get_by_role("button", name="Record the change").click()
    expect(page.get_by_text("starts again from October 2021")).to_be_visible()
    expect(page.locator("#process-changes")).to_contain_text("New telephony system")
    axe_check(page)

    page.goto(f"{live_server.url}/dashboard/?year=2021")
    chart = page.locator("section").filter(has=page.locator("#spc-child_consultations"))
    expect(chart).to_contain_text("Process change: New telephony system (from October 2021)")
    expect(chart).to_contain_text("months since the last process change")
    expect(page.locator("#spc-child_consultations[data-drawn=true] svg").first).to_be_visible()
    axe_check(page)
