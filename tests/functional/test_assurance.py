"""In a real browser: a lead opens a framework's grid of ratings, a partnership's year and a standard, moderates the
secretary's self score and sees the rating follow it, adds an action for a colleague, and every page on the way,
the forms too, passes axe."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from accounts import roles
from demo.users import demo_password
from governance import assurance_actions
from governance.actions import save_record
from governance.models import AssuranceAction, AssuranceFramework, AssuranceStandard
from tests.factories import AreaFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def assurance():
    trust = AreaFactory(slug="trust", name="Trust")
    oxon = AreaFactory(slug="oxon", name="Oxfordshire", parent=trust)
    lead = UserFactory(username="lead", first_name="Lee", last_name="Morgan", role=roles.LEAD,
                       password=demo_password("lead"))  # fmt: skip
    secretary = UserFactory(username="secretary", first_name="Sam", last_name="Taylor", role=roles.SECRETARY)
    framework = save_record(
        AssuranceFramework(name="Oxfordshire Section 11", kind=AssuranceFramework.Kind.SECTION_11), by=lead, reason="x"
    )
    standards = [
        save_record(
            AssuranceStandard(framework=framework, number=str(n), position=n, title=title, good_looks_like="Clear"),
            by=lead,
            reason="x",
        )
        for n, title in enumerate(["Leadership and accountability", "Safe recruitment"], start=1)
    ]
    for standard in standards:
        assessment = assurance_actions.assessment_for(standard, 2021, oxon)
        assurance_actions.save_evidence(
            assessment, by=secretary, evidence="Board minutes", self_score=3, reason="Self-assessment"
        )
        assurance_actions.add_attachment(  # its link, and the form to remove it, are on the page
            assessment, by=lead, name="minutes.pdf", content=b"%PDF-1.7\n%%EOF\n", description="", reason="x"
        )
    action = assurance_actions.save_action(
        AssuranceAction(assessment=assessment, description="Recheck renewals", owner=lead,
                        due_on=datetime.date(2022, 3, 31)),
        by=lead,
        reason="Added",
    )  # fmt: skip
    return {"framework": framework, "standards": standards, "action": action}


def test_a_lead_moderates_a_standard_and_every_assurance_page_passes_axe(
    live_server, page, sign_in, axe_check, assurance
):
    sign_in("lead")
    page.goto(f"{live_server.url}/governance/assurance/")
    expect(page.get_by_role("heading", name="Assurance self-assessment")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Oxfordshire Section 11").click()
    grid = page.locator("#assurance-grid")
    expect(grid).to_contain_text("None rated yet")
    axe_check(page)

    grid.get_by_role("link", name=re.compile("None rated yet")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("2021/22: Oxfordshire")
    axe_check(page)

    page.get_by_role("link", name="1. Leadership and accountability").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("1. Leadership and accountability")
    axe_check(page)
    page.get_by_text("Moderated score", exact=True).last.click()
    page.locator("#id_moderation-moderated_score").select_option("4")
    page.locator("#id_moderation-reason").fill("Agreed at the peer review")
    page.get_by_role("button", name="Save the moderated score").click()
    expect(page.get_by_text("Saved the moderated score.")).to_be_visible()
    expect(page.locator("#scores")).to_contain_text("4 of 4, by Lee Morgan")
    expect(page.locator("#scores")).to_contain_text("Green")
    expect(page.locator("#history")).to_contain_text("Agreed at the peer review")
    axe_check(page)

    page.locator("#attachments summary").first.click()  # the form to remove a file, open
    expect(page.get_by_label("Reason for removing it")).to_be_visible()
    axe_check(page)

    # A refused form: its errors on the page pass axe too.
    page.get_by_text("Add an action", exact=True).click()
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    axe_check(page)

    for path in (
        "/governance/assurance/new/",
        f"/governance/assurance/{assurance['framework'].pk}/change/",
        f"/governance/assurance/{assurance['framework'].pk}/standards/new/",
        f"/governance/assurance/standards/{assurance['standards'][0].pk}/",
        f"/governance/assurance/actions/{assurance['action'].pk}/",
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        axe_check(page)
