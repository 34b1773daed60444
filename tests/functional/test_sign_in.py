"""In a real browser: a demo user signs in and sees the home page; every page passes axe."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.two_factor import current_code
from demo.users import demo_password

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


def _demo_code(username):
    out = StringIO()
    call_command("demo_code", username, stdout=out)
    return out.getvalue().strip()


@pytest.mark.two_factor
def test_the_lead_signs_in_with_a_password_and_a_code_from_their_app(live_server, page, axe_check, demo):
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill(demo_password("lead"))
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    axe_check(page)

    page.get_by_label("Security code").fill("000000" if _demo_code("lead") != "000000" else "111111")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("The security code is not right").first).to_be_visible()
    axe_check(page)

    page.wait_for_timeout(1100)  # one wrong code: the next is checked after a second
    page.get_by_label("Security code").fill(_demo_code("lead"))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("link", name="Administration")).to_be_visible()


@pytest.mark.two_factor
def test_a_lead_without_an_app_sets_one_up_from_a_page_that_passes_axe(live_server, page, axe_check, demo):
    TOTPDevice.objects.filter(user__username="lead").delete()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill(demo_password("lead"))
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Set up your security code")).to_be_visible()
    expect(page.get_by_role("img", name="QR code of the key")).to_be_visible()
    axe_check(page)

    device = TOTPDevice.objects.get(user__username="lead")
    page.get_by_label("Security code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Hello, Lee Morgan")).to_be_visible()
    expect(page.get_by_text("Your authenticator app is set up")).to_be_visible()


def test_too_many_wrong_passwords_show_a_lockout_page_that_passes_axe(live_server, page, axe_check, demo):
    page.goto(f"{live_server.url}/login/")
    for _ in range(5):
        page.get_by_label("Username").fill("executive")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="You cannot sign in just now")).to_be_visible()
    axe_check(page)
