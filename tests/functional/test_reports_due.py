"""In a real browser: the schedule has started the quarterly committee report once 2021/22 Q4 ended; the
secretary finds it on her home page with its deadline, opens it, previews it and downloads its PDF.

The day is fixed at 20 April 2022 (``reports.schedule.today``, which the home page reads too), so the last
complete quarter is 2021/22 Q4, which the demo's seed covers; the report is due 42 days after 31 March.
"""

from datetime import date

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from reports import schedule
from reports.schedule import scheduler_account, start_due_reports

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2022, 4, 20)
TITLE = "Quarterly safeguarding report, Q4 2021/22"


def test_the_secretary_opens_the_due_quarterly_report_from_her_home_page_and_downloads_its_pdf(
    demo, live_server, page, axe_check, sign_in, monkeypatch
):
    monkeypatch.setattr(schedule, "today", lambda: DAY)
    start_due_reports(DAY, by=scheduler_account())

    sign_in("secretary")

    expect(page.get_by_role("heading", name="Reports due")).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=TITLE, exact=True))
    expect(row).to_contain_text("Q4 2021/22, the whole trust")
    expect(row).to_contain_text("Due by 12 May 2022")
    expect(row).to_contain_text("Draft")
    axe_check(page)

    row.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.locator("#report-covers")).to_contain_text("Quarterly report to the committee")
    expect(page.get_by_role("heading", name="Safeguarding activity")).to_be_visible()
    axe_check(page)

    # The PDF is made by a background job (at once here: the tests run tasks in the request), whose page
    # offers the file.
    page.get_by_role("button", name="PDF").first.click()
    expect(page.get_by_role("heading", name="Done")).to_be_visible()
    axe_check(page)
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download safeguarding-quarterly-committee-2021-22-q4-draft.pdf").click()
    text = "".join(p.extract_text() for p in PdfReader(pdf_download.value.path()).pages)
    assert TITLE in text
    assert "Safeguarding activity" in text
