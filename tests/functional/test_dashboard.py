"""In a real browser: the executive reads the dashboard, changes the area, sees charts, follows a figure."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_executive_reads_the_dashboard_and_follows_a_figure_to_its_list(live_server, page, axe_check, sign_in):
    call_command("load_demo", verbosity=0)
    sign_in("executive")

    page.get_by_role("link", name="Dashboard").click()
    page.get_by_label("Financial year").select_option(label="2021/22")
    page.get_by_role("button", name="Show").click()
    calls = page.locator('tr[data-metric="child_consultations"]')
    expect(calls).to_contain_text("1427")
    expect(calls).to_contain_text("1076")
    expect(page.locator("#monthly-consultations[data-drawn=true] svg").first).to_be_visible()
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
