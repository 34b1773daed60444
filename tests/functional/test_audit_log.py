"""In a real browser: a lead opens a record, then follows its link to see who has looked at it."""

import pytest
from playwright.sync_api import expect

from activity.models import Consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lead_sees_who_has_looked_at_a_record(live_server, page, axe_check, demo, sign_in):
    reference = Consultation.objects.order_by("-date", "-pk").values_list("reference", flat=True).first()
    sign_in("lead")
    page.goto(f"{live_server.url}/records/consultations/{reference}/")
    page.get_by_role("link", name="Who has looked at this record").click()

    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    expect(page.locator("#match-count")).to_have_text("1 entry matches")
    row = page.get_by_role("row").filter(has_text="Viewed a record")
    expect(row).to_contain_text(reference)
    expect(row).to_contain_text("Lee")
    axe_check(page)
