"""In a real browser, on a few rows: a lead imports the learning system's export through a saved mapping, reads the
data-quality report that refuses it, imports it corrected, then reads compliance by level against each level's
target and who is due supervision. axe finds nothing on any of the pages."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts import roles
from activity.importing.mapping import save_mapping
from tests.factories import AreaFactory, ServiceFactory, TeamFactory, UserFactory
from tests.integration.training.conftest import COLUMNS, COURSES, export
from training.importing import KIND_SLUG
from training.models import ComplianceImport, Level

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


@pytest.fixture
def lead(db):
    # A browser test's database is emptied between tests: the levels the migration adds are put back here.
    for position, (slug, name, target) in enumerate(
        [("adults-3", "Safeguarding adults level 3", "85.0"), ("prevent-basic", "Prevent basic awareness", "80.0")]
    ):
        Level.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "group": slug.split("-")[0], "position": position,
                      "target_percent": Decimal(target), "months_in_date": 36},
        )  # fmt: skip
    AreaFactory(slug="oxon", name="Oxfordshire")
    service = ServiceFactory(name="Community mental health", slug="cmh")
    TeamFactory(service=service, name="North")
    lead = UserFactory(username="lead", role=roles.LEAD, is_staff=True)
    save_mapping(kind=KIND_SLUG, name="Learning system", columns=COLUMNS, values={"Level": COURSES}, by=lead)
    return lead


def _sign_in(page, live_server):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello")).to_be_visible()


def _upload(page, path):
    page.get_by_label("The learning system's export").set_input_files(str(path))
    page.get_by_label("Figures as at").fill("31/03/2022")
    page.get_by_label("Saved mapping").select_option(label="Learning system")
    page.get_by_role("button", name="Check and import").click()


def test_a_lead_imports_the_export_through_a_mapping_then_reads_the_figures(
    live_server, page, axe_check, tmp_path, lead
):
    _sign_in(page, live_server)
    rows = [
        {"Team Name": "North", "Supervision Required": "Yes", "Last Supervision": "01/11/2021"},
        {"Course Title": "Prevent Awareness", "Completion Date": ""},
        {"Course Title": "Fire safety"},
    ]
    bad = tmp_path / "export.csv"
    bad.write_bytes(export(*rows))
    page.goto(f"{live_server.url}/training/import/")
    axe_check(page)
    _upload(page, bad)
    expect(page.get_by_role("heading", name="Nothing was imported")).to_be_visible()
    expect(page.get_by_role("cell", name="'Fire safety' is not a course the mapping knows")).to_be_visible()
    axe_check(page)
    assert not ComplianceImport.objects.exists()

    good = tmp_path / "export-fixed.csv"
    good.write_bytes(export(*rows[:2]))
    _upload(page, good)
    expect(page.get_by_text("Imported 2 rows for 2 staff")).to_be_visible()
    expect(page.get_by_role("heading", name="Data quality")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="See every figure from this export").click()
    level = page.locator("#by-level-caption").locator("xpath=..")
    expect(level.get_by_role("row", name="Safeguarding adults level 3")).to_contain_text("Meets target")
    expect(level.get_by_role("row", name="Prevent basic awareness")).to_contain_text("Below target by 80.0 points")
    axe_check(page)

    page.get_by_role("link", name="See who is due or overdue").click()
    expect(page.get_by_role("cell", name="E000001")).to_be_visible()
    expect(page.get_by_role("cell", name="Overdue")).to_be_visible()
    axe_check(page)
