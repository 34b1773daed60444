"""In a real browser: a demo user signs in and sees the home page; every page passes axe."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from activity.demo.users import demo_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NHS_BLUE = "rgb(0, 94, 184)"


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def test_a_demo_practitioner_signs_in_and_sees_their_home_page(live_server, page, axe_check, demo):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    header_colour = page.locator("header.nhsuk-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert header_colour == NHS_BLUE, "the NHS.UK frontend stylesheet did not load"
    axe_check(page)

    page.get_by_label("Username").fill("practitioner")
    page.get_by_label("Password").fill(demo_password("practitioner"))
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Hello, Priya Shah")).to_be_visible()
    expect(page.get_by_text("Oxfordshire and the areas within it")).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link", name="Home")).to_be_visible()
    expect(page.get_by_role("link", name="Administration")).to_have_count(0)
    axe_check(page)

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_a_wrong_password_shows_an_error_summary_that_passes_axe(live_server, page, axe_check, demo):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value("lead")
    axe_check(page)


def test_the_lead_sees_the_administration_link_and_every_area(live_server, page, axe_check, demo):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill(demo_password("lead"))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("You can see records from every area.")).to_be_visible()
    expect(page.get_by_role("link", name="Administration")).to_be_visible()
    axe_check(page)
