"""In a real browser: the secretary edits the 2021/22 report, previews it and downloads it."""

import io

import pytest
from django.core.management import call_command
from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretary_edits_previews_and_downloads_the_annual_report(live_server, page, axe_check, sign_in):
    call_command("load_demo", verbosity=0)
    sign_in("secretary")

    page.get_by_role("link", name="Reports").click()
    axe_check(page)
    page.get_by_role("link", name="Annual safeguarding report 2021/22").click()
    expect(page.get_by_role("heading", name="7.5 Consultations")).to_be_visible()
    calls = page.locator("table", has_text="Children's consultation line calls by service").first
    expect(calls.locator("tr", has_text="Total")).to_contain_text("1,427")
    axe_check(page)

    page.get_by_role("link", name="Edit section 1 Executive summary").click()
    narrative = page.get_by_label("Narrative")
    narrative.fill("The Board can take **assurance** from this year's work.\n\n- Calls rose\n- MASH held steady")
    axe_check(page)
    page.get_by_role("button", name="Save section").click()

    expect(page.locator(".app-report-narrative strong", has_text="assurance")).to_be_visible()
    expect(page.get_by_text("MASH held steady")).to_be_visible()
    expect(page.locator(".app-report-chart svg").first).to_be_visible()

    # The PDF is made by a background job (at once here: the tests run tasks in the request), whose page
    # offers the file; tests/functional/test_jobs.py watches one wait for the worker.
    page.get_by_role("button", name="PDF").first.click()
    expect(page.get_by_role("heading", name="Done")).to_be_visible()
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download safeguarding-annual-report-2021-22-draft.pdf").click()
    pdf = PdfReader(pdf_download.value.path())
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "from this year's work" in text and "1,427" in text
    page.get_by_role("link", name="Back to the report").click()

    page.get_by_role("button", name="Word (DOCX)").first.click()  # a background job too
    expect(page.get_by_role("heading", name="Done")).to_be_visible()
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Download safeguarding-annual-report-2021-22-draft.docx").click()
    with open(docx_download.value.path(), "rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    cover = [cell.text for table in document.tables[:1] for row in table.rows for cell in row.cells]
    assert any("from this year's work" in text for text in cover)  # the executive summary, on the front sheet
    assert any(p.style.name == "Heading 2" and p.text == "7.5 Consultations" for p in document.paragraphs)
