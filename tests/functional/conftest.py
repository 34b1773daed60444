import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.users import demo_password


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


@pytest.fixture
def sign_in(live_server, page):
    """Sign in as a demo user through the login page, as a person would."""

    def sign_in_as(username):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(demo_password(username))
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Hello")).to_be_visible()
        # The NHS.UK header measures its menu when the page's scripts run, moving links in and out of
        # "More" as it does: a click before then can land on a link in mid-move.
        page.wait_for_load_state("load")

    return sign_in_as
