"""In a real browser: the pages work under the Content-Security-Policy, and it refuses nothing on them.

The policy itself is in safeguarding/settings.py. A refusal shows twice, and both are watched: as a
``securitypolicyviolation`` event (listened for from an init script, which the policy does not govern)
and as a console error. Chrome's complaints about the Permissions-Policy header go to the console too.
"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__refused = [];
document.addEventListener("securitypolicyviolation", (event) => window.__refused.push(
  `${event.effectiveDirective} refused ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`
));
"""
CONSOLE = re.compile(r"Content Security Policy|Refused to|Permissions-Policy")


@pytest.fixture
def refusals(page):
    """A function giving everything refused on the page so far (the events reset with each page)."""
    console = []
    page.on("console", lambda message: console.append(message.text) if CONSOLE.search(message.text) else None)
    page.add_init_script(LISTEN)
    return lambda: page.evaluate("window.__refused") + console


def test_the_dashboard_draws_its_charts_with_nothing_refused(live_server, page, sign_in, refusals):
    call_command("load_demo", verbosity=0)
    sign_in("executive")
    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.get_by_label("Financial year").select_option(label="2021/22")
    page.get_by_role("button", name="Show").click()
    # NHS.UK frontend's components started: static/js/init.js does what the template's inline script would.
    expect(page.locator("header[data-nhsuk-header-init]")).to_have_count(1)
    for chart in ("#monthly-consultations", "#mash-by-area"):
        expect(page.locator(f"{chart}[data-drawn=true] svg.main-svg").first).to_be_visible()
    # plotly.js's own stylesheet (the layers of a chart, its hover labels) went in: the policy let
    # plotly make its empty <style> element, and the rules went in through the CSSOM.
    rules = page.evaluate("document.getElementById('plotly.js-style-global').sheet.cssRules.length")
    assert rules > 0
    page.locator("#monthly-consultations").scroll_into_view_if_needed()
    point = page.locator("#monthly-consultations .scatterlayer .point").last.bounding_box()
    page.mouse.move(point["x"] + point["width"] / 2, point["y"] + point["height"] / 2)
    expect(page.locator("#monthly-consultations .hoverlayer .hovertext").first).to_be_visible()
    assert refusals() == []


def test_the_policy_refuses_inline_script_and_the_test_would_see_it(live_server, page, sign_in, refusals):
    """The other tests here pass only if a refusal would be seen: this one makes one."""
    call_command("load_demo", verbosity=0)
    sign_in("executive")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__ran = true;";
            document.body.appendChild(script);
        }"""
    )
    page.wait_for_function("window.__refused.length > 0")  # the event is queued, not fired at once
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in refusal for refusal in refusals())


def test_a_record_its_list_and_its_change_form_show_with_nothing_refused(live_server, page, sign_in, refusals):
    call_command("load_demo", verbosity=0)
    sign_in("lead")
    page.get_by_role("link", name="Records").click()
    page.get_by_role("link", name="MASH enquiries").first.click()
    expect(page.locator("#match-count")).to_contain_text("records match")
    page.locator("table tbody a").first.click()
    expect(page).to_have_url(re.compile(r"/records/mash-enquiries/[^/?]+/$"))
    page.get_by_role("link", name="Change", exact=True).click()
    expect(page).to_have_url(re.compile(r"/edit/$"))
    assert refusals() == []


def test_the_annual_report_preview_shows_with_nothing_refused(live_server, page, sign_in, refusals):
    call_command("load_demo", verbosity=0)
    sign_in("secretary")
    page.get_by_role("link", name="Reports").click()
    page.get_by_role("link", name="Annual safeguarding report 2021/22").click()
    expect(page.locator(".app-report-chart svg").first).to_be_visible()
    assert refusals() == []


def test_the_admin_works_with_nothing_refused(live_server, page, sign_in, refusals):
    """Django's admin needs no exception to the policy: its scripts are files, its data in attributes."""
    call_command("load_demo", verbosity=0)
    sign_in("administrator")
    page.get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Areas", exact=True).click()
    page.get_by_role("link", name="Add area").click()
    # The slug is filled in from the name by the admin's own script (prepopulate.js): it ran.
    page.locator("#id_name").press_sequentially("Vale of White Horse")
    expect(page.locator("#id_slug")).to_have_value("vale-of-white-horse")
    assert refusals() == []
