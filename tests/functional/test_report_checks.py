"""In a real browser: the lead sees a narrative number that disagrees with its table flagged beside its section,
fixes it, acknowledges a small number in the public narrative with a reason, and approves; axe finds nothing on
the report page with its flags, the public preview or the approval page, a refused approval included."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts import roles
from activity.models import Area, ClientGroup
from core.periods import FinancialYear
from reports.annual import actions
from reports.annual.specs import BlockSpec
from reports.annual.structure import SectionSpec
from tests.factories import ConsultationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_lead_fixes_a_flagged_number_acknowledges_another_and_approves(live_server, page, axe_check):
    trust = Area.objects.create(slug="trust", name="Trust")
    oxon = Area.objects.create(slug="oxon", name="Oxfordshire", parent=trust)
    for day in range(1, 11):  # ten calls in 2021/22
        ConsultationFactory(area=oxon, date=date(2021, 6, day), client_group=ClientGroup.CHILD)
    lead = UserFactory(username="lee", role=roles.LEAD)
    calls = BlockSpec("Children's consultation line calls", ("child_consultations",), years=1)
    wrong = "In 2021/22 there were 11 calls to the children's consultation line."
    sections = [
        SectionSpec("Consultations", 1, (calls,), wrong),
        SectionSpec("Allegations", 1, (), "There were 3 allegations against staff."),
    ]
    report = actions.create_report(year=FinancialYear(2021), by=lead, sections=sections)

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("lee")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello")).to_be_visible()

    page.goto(live_server.url + reverse("report_detail", args=[report.pk]))
    expect(page.locator("#report-status")).to_have_text("Draft Figures live, not approved.")
    expect(page.get_by_text("1 check needs attention")).to_be_visible()
    expect(page.locator(".app-report-flags")).to_contain_text("says 11 where the table")
    axe_check(page)
    page.get_by_role("link", name="Show the public version").click()
    expect(page.get_by_text("A preview of a draft")).to_be_visible()
    expect(page.locator(".app-report-flags")).to_contain_text("has the number 3")
    axe_check(page)

    page.goto(live_server.url + reverse("report_approve", args=[report.pk]))
    page.get_by_role("button", name="Approve the report").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("2 checks are neither fixed nor acknowledged")
    axe_check(page)

    page.goto(live_server.url + reverse("report_detail", args=[report.pk]))
    page.get_by_role("link", name="Edit section 1 Consultations").click()
    page.get_by_label("Narrative").fill("In 2021/22 there were 10 calls to the children's consultation line.")
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_text("check needs attention")).to_have_count(0)

    page.goto(live_server.url + reverse("report_approve", args=[report.pk]))
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Give the reason the flag can stand")
    axe_check(page)
    page.get_by_label("Why it can stand").fill("The council has published this count already.")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Acknowledged. The reason is kept in the report's history.")).to_be_visible()
    expect(page.get_by_text("Every flag is acknowledged.")).to_be_visible()
    page.get_by_role("button", name="Approve the report").click()
    expect(page.locator("#report-status")).to_contain_text("Approved Figures as at")
