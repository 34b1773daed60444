"""In a real browser: the secretary keeps the report's front sheet, a picture and row themes, and the service's
audits; axe finds nothing on any of these pages, a refused form included."""

import io

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from accounts import roles
from activity.models import Area
from core.periods import FinancialYear
from reports.annual import actions
from reports.annual.specs import BlockSpec
from reports.annual.structure import SectionSpec
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (0, 94, 184)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_secretary_keeps_the_front_sheet_a_picture_themes_and_an_audit(live_server, page, axe_check):
    trust = Area.objects.create(slug="trust", name="Trust")
    Area.objects.create(slug="oxon", name="Oxfordshire", parent=trust)
    secretary = UserFactory(username="sam", role=roles.SECRETARY)
    table = BlockSpec("Incidents by area", ("child_safeguarding_incidents",), by="area", hide_empty_rows=False)
    report = actions.create_report(
        year=FinancialYear(2021), by=secretary, sections=[SectionSpec("Our structure", blocks=(table,))]
    )
    section = report.sections.get()
    block = section.blocks.get()

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello")).to_be_visible()

    page.goto(live_server.url + reverse("report_front_sheet", args=[report.pk]))
    page.get_by_label("Trust (optional)").fill("Thames Valley Health NHS Foundation Trust")
    page.get_by_label("Meeting date").fill("31/02/2022")
    page.get_by_role("button", name="Save front sheet").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a real date")
    expect(page.get_by_label("Trust (optional)")).to_have_value("Thames Valley Health NHS Foundation Trust")
    axe_check(page)
    page.get_by_label("Meeting date").fill("14/07/2022")
    page.get_by_role("button", name="Save front sheet").click()
    expect(page.get_by_text("Saved the front sheet.")).to_be_visible()

    page.goto(live_server.url + reverse("report_section_images", args=[report.pk, section.pk]))
    axe_check(page)
    page.get_by_label("Picture").set_input_files({"name": "structure.png", "mimeType": "image/png", "buffer": png()})
    page.get_by_label("Alternative text").fill("The safeguarding team: a head of service over two named nurses")
    page.get_by_role("button", name="Add picture").click()
    expect(page.get_by_alt_text("The safeguarding team: a head of service over two named nurses")).to_be_visible()
    axe_check(page)

    page.goto(live_server.url + reverse("report_block_themes", args=[report.pk, block.pk]))
    page.get_by_label("Oxfordshire").fill("Falls; medication errors")
    axe_check(page)
    page.get_by_role("button", name="Save themes").click()
    expect(page.get_by_text("Saved the themes of 'Incidents by area'.")).to_be_visible()

    page.get_by_role("link", name="Reports").first.click()
    page.get_by_role("link", name="audits").click()
    axe_check(page)
    page.get_by_role("button", name="Add an audit").or_(page.get_by_role("link", name="Add an audit")).click()
    page.get_by_label("Financial year").select_option(label="2021/22")
    page.get_by_label("Audit", exact=True).fill("Mental Capacity Act audit")
    page.get_by_label("Status").select_option(label="Completed")
    page.get_by_role("button", name="Add").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("A completed audit needs the date it was completed.")
    axe_check(page)
    page.get_by_label("Completed on").fill("30/11/2021")
    page.get_by_label("Action taken").fill("Training refreshed for ward staff")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Added the audit 'Mental Capacity Act audit'.")).to_be_visible()
    for name in ("governance_priority_list", "governance_policy_list", "governance_learning_list"):
        page.goto(live_server.url + reverse(name))
        axe_check(page)
