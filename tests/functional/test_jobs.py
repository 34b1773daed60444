"""In a real browser, with tasks queued for a worker as in production: the secretary asks for the annual
report's PDF and watches its job page turn into a download (with JavaScript, and without); a lead watches a big
import being written."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from activity.models import Consultation
from audit.models import Action, AuditEvent
from demo.users import demo_password
from jobs.models import Job
from tests.workers import run_every_queued_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "Reference,Date,Area,Client group,Service,Team,Category of concern,Mode,Outcome,Case reference\n"


@pytest.fixture
def worker(settings, page):
    """Tasks wait for a worker; ``worker()`` runs `manage.py db_worker --batch` here, until none is left.

    The job page asks the server for its status every 1.5 seconds. While the worker runs in this thread
    those questions are held (Playwright answers a route only when the test next calls it), so the live
    server, which shares this thread's SQLite connection, is never asked anything at the same time.
    """
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}}
    page.route(re.compile(r"/jobs/[0-9a-f-]+/status/$"), lambda route: route.continue_())

    return run_every_queued_task


def test_the_secretary_watches_the_pdf_being_made_and_downloads_it(page, axe_check, sign_in, demo, worker):
    refused = []  # the page's script and its questions to the server, under the Content-Security-Policy
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    sign_in("secretary")
    page.get_by_role("link", name="Reports").click()
    page.get_by_role("link", name="Annual safeguarding report 2021/22").click()
    page.get_by_role("button", name="PDF").first.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("PDF")
    expect(page.locator("#job-progress-text")).to_have_text("Waiting to start")
    expect(page.get_by_role("status")).to_be_attached()
    expect(page.get_by_role("link", name="refresh the page")).to_be_visible()
    axe_check(page)
    assert Job.objects.get().status == Job.Status.QUEUED

    worker()

    download_link = page.get_by_role("link", name="Download safeguarding-annual-report-2021-22-draft.pdf")
    expect(download_link).to_be_visible(timeout=15_000)  # the page's script saw the job finish and reloaded
    expect(page.get_by_role("heading", name="Done")).to_be_visible()
    axe_check(page)
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == "safeguarding-annual-report-2021-22-draft.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action=Action.REPORT_EXPORTED).count() == 1
    assert refused == []


def test_a_lead_watches_a_big_import_being_written(page, axe_check, sign_in, demo, worker, settings, tmp_path):
    settings.IMPORT_BACKGROUND_ROWS = 2
    sign_in("lead")
    upload = tmp_path / "consultations.csv"
    upload.write_text(
        HEADER + "".join(f"BIG-{n},01/06/2021,Oxfordshire,Child,,,,Telephone,Advice given,B{n}\n" for n in range(1, 4))
    )
    page.get_by_role("link", name="Import").click()
    page.get_by_label("What the file holds").select_option(label="Consultations")
    page.get_by_label("File", exact=True).set_input_files(str(upload))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Import 3 new and 0 changed").click()

    expect(page.get_by_role("heading", name="Import consultations.csv")).to_be_visible()
    expect(page.locator("#job-progress-text")).to_have_text("Waiting to start")
    axe_check(page)
    assert not Consultation.objects.filter(reference__startswith="BIG-").exists()

    worker()

    expect(page.get_by_text("consultations.csv imported: 3 new, 0 changed, 0 unchanged.")).to_be_visible(timeout=15_000)
    axe_check(page)
    page.get_by_role("link", name="See the consultations").click()
    expect(page.get_by_role("heading", name="Consultations", exact=True)).to_be_visible()
    assert Consultation.objects.filter(reference__startswith="BIG-").count() == 3


def test_without_javascript_the_job_page_refreshes_itself(live_server, browser, demo, worker):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.route(re.compile(r"/jobs/[0-9a-f-]+/$"), lambda route: route.continue_())  # held while the worker runs
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("secretary")
    page.get_by_label("Password").fill(demo_password("secretary"))
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Reports").click()
    page.get_by_role("link", name="Annual safeguarding report 2021/22").click()
    page.get_by_role("button", name="PDF").first.click()
    expect(page.locator("#job-progress-text")).to_have_text("Waiting to start")

    worker()

    # <noscript><meta http-equiv="refresh" content="5"></noscript>: the page reloads itself until the job ends.
    expect(page.get_by_role("heading", name="Done")).to_be_visible(timeout=15_000)
    expect(page.get_by_role("link", name="Download safeguarding-annual-report-2021-22-draft.pdf")).to_be_visible()
    context.close()
