"""In a real browser, the Board report from start to approval: the secretary fills the front sheet, adds an audit
with the action taken and a picture, sees a number in the narrative flagged against its table and fixes it; then
the lead approves. The report shows each of them; axe finds nothing on any page on the way."""

import io
from datetime import date

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from accounts import roles
from activity.models import Area, ClientGroup
from core.periods import FinancialYear
from reports.annual import actions
from reports.annual.specs import BlockSpec
from reports.annual.structure import SectionSpec
from tests.factories import ConsultationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (160, 90), (0, 94, 184)).save(buffer, format="PNG")
    return buffer.getvalue()


def _sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello")).to_be_visible()


def test_the_secretary_prepares_the_board_report_and_the_lead_approves_it(live_server, page, axe_check):
    trust = Area.objects.create(slug="trust", name="Trust")
    oxon = Area.objects.create(slug="oxon", name="Oxfordshire", parent=trust)
    for day in range(1, 13):  # twelve calls in 2021/22
        ConsultationFactory(area=oxon, date=date(2021, 5, day), client_group=ClientGroup.CHILD)
    UserFactory(username="sam", role=roles.SECRETARY)
    lead = UserFactory(username="lee", role=roles.LEAD)
    sections = [
        SectionSpec(
            "Consultations",
            1,
            (BlockSpec("Children's consultation line calls", ("child_consultations",), years=1),),
            "In 2021/22 there were 21 calls to the children's consultation line.",
        ),
        SectionSpec("Audits", 1, (BlockSpec("The year's audits", (), kind="audits"),)),
    ]
    report = actions.create_report(year=FinancialYear(2021), by=lead, sections=sections)
    detail = live_server.url + reverse("report_detail", args=[report.pk])

    _sign_in(page, live_server, "sam")
    page.goto(live_server.url + reverse("report_front_sheet", args=[report.pk]))
    axe_check(page)
    page.get_by_label("Trust (optional)").fill("Thames Valley Health NHS Foundation Trust")
    page.get_by_label("Meeting date").fill("28/09/2022")
    page.get_by_label("Recommendation").fill(
        "The Board is asked to confirm it is assured that the Trust protects people from abuse."
    )
    page.get_by_role("button", name="Save front sheet").click()
    expect(page.get_by_text("Saved the front sheet.")).to_be_visible()

    page.goto(live_server.url + reverse("governance_audit_list"))
    axe_check(page)
    page.get_by_role("button", name="Add an audit").or_(page.get_by_role("link", name="Add an audit")).click()
    page.get_by_label("Financial year").select_option(label="2021/22")
    page.get_by_label("Audit", exact=True).fill("Think Family audit")
    page.get_by_label("Status").select_option(label="Completed")
    page.get_by_label("Completed on").fill("15/01/2022")
    page.get_by_label("Action taken").fill("Think Family prompts added to the adult assessment")
    axe_check(page)
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Added the audit 'Think Family audit'.")).to_be_visible()

    section = report.sections.get(title="Audits")
    page.goto(live_server.url + reverse("report_section_images", args=[report.pk, section.pk]))
    page.get_by_label("Picture").set_input_files({"name": "chart.png", "mimeType": "image/png", "buffer": _png()})
    page.get_by_label("Alternative text").fill("The audit cycle: plan, audit, act, audit again")
    page.get_by_role("button", name="Add picture").click()
    expect(page.get_by_alt_text("The audit cycle: plan, audit, act, audit again")).to_be_visible()
    axe_check(page)

    page.goto(detail)
    expect(page.locator(".app-report-flags")).to_contain_text("says 21 where the table")
    expect(page.get_by_text("Think Family prompts added to the adult assessment")).to_be_visible()
    expect(page.get_by_alt_text("The audit cycle: plan, audit, act, audit again")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Edit section 1 Consultations").click()
    page.get_by_label("Narrative").fill("In 2021/22 there were 12 calls to the children's consultation line.")
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_text("check needs attention")).to_have_count(0)
    expect(page.locator(".app-report-flags")).to_have_count(0)

    _sign_in(page, live_server, "lee")
    page.goto(live_server.url + reverse("report_approve", args=[report.pk]))
    axe_check(page)
    page.get_by_role("button", name="Approve the report").click()
    expect(page.locator("#report-status")).to_contain_text("Approved Figures as at")
    report.refresh_from_db()
    assert report.is_approved
    assert report.snapshot["front_sheet"]["organisation"] == "Thames Valley Health NHS Foundation Trust"
