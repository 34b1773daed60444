"""In a real browser: the demo's administrator proposes giving the practitioner another area; nothing
changes until the demo's lead approves it on the page of changes waiting for approval. Both pages pass axe."""

import pytest
from playwright.sync_api import expect

from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_proposes_and_a_lead_approves_a_change_of_access(live_server, page, axe_check, demo, sign_in):
    practitioner = User.objects.get(username="practitioner")
    sign_in("administrator")
    page.goto(f"{live_server.url}/access/people/{practitioner.pk}/")
    expect(page.get_by_role("heading", name="Propose a change of access")).to_be_visible()
    axe_check(page)
    page.get_by_role("checkbox", name="Buckinghamshire").check()
    page.get_by_label("Why is this needed?").fill("Covers Buckinghamshire from May")
    page.get_by_role("button", name="Propose this change").click()

    expect(page.get_by_role("heading", name="Changes waiting for approval")).to_be_visible()
    expect(page.get_by_text("is waiting for approval. Nothing changes until then.")).to_be_visible()
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    assert not practitioner.areas.filter(name="Buckinghamshire").exists()
    page.get_by_role("button", name="Log out").click()

    sign_in("lead")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Access changes").click()
    change = page.locator(".nhsuk-card").filter(has_text="Change of access for Priya Shah")
    expect(change.get_by_role("row").filter(has_text="Areas")).to_contain_text("Buckinghamshire")
    expect(change).to_contain_text("Covers Buckinghamshire from May")
    axe_check(page)
    change.get_by_role("button", name="Approve").click()

    expect(page.get_by_text("You approved the change for Priya Shah. It applies now.")).to_be_visible()
    expect(page.get_by_text("No changes are waiting for approval.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Approved")).to_contain_text("+Buckinghamshire")
    assert practitioner.areas.filter(name="Buckinghamshire").exists()
    axe_check(page)
