"""In a real browser: a lead makes a column mapping from another system's sample file (its headings, and its words
for client groups), saves it by name, and imports a file through it; axe finds nothing on each page."""

import pytest
from playwright.sync_api import expect

from accounts import roles
from activity.models import Area, Consultation
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPORT = (
    "Ref No,Contact date,Locality,Group,Svc,Team name,Concern,How,Result,Case no,Worker\n"
    "OS-1,01/06/2021,Oxfordshire,Grown-up,,,,Telephone,Advice given,AB1,Sam Jones\n"
    "OS-2,02/06/2021,Oxfordshire,Young person,,,,Telephone,Advice given,AB2,Ali Khan\n"
)
CHOSEN = {
    "Reference": "Ref No",
    "Date": "Contact date",
    "Area": "Locality",
    "Client group": "Group",
    "Service": "Svc",
    "Team": "Team name",
    "Category of concern": "Concern",
    "Mode": "How",
    "Outcome": "Result",
    "Case reference": "Case no",
}


def test_a_lead_saves_a_mapping_from_a_sample_and_imports_through_it(live_server, page, axe_check, tmp_path):
    trust = Area.objects.create(slug="trust", name="Trust")
    Area.objects.create(slug="oxon", name="Oxfordshire", parent=trust)
    UserFactory(username="lee", role=roles.LEAD)
    export = tmp_path / "other-system.csv"
    export.write_text(EXPORT)

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("lee")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Hello")).to_be_visible()

    page.goto(f"{live_server.url}/imports/mappings/")
    expect(page.get_by_text("No mappings for consultations yet.")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Make a mapping").click()
    page.get_by_label("What the files are imported as").select_option(label="Consultations")
    page.get_by_label("A sample file").set_input_files(str(export))
    axe_check(page)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Choose the columns")).to_be_visible()
    page.get_by_role("button", name="Continue").click()  # nothing chosen: each required column is named
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the file's column for Date")
    axe_check(page)
    page.get_by_label("Name of the mapping").fill("Other system")
    for ours, theirs in CHOSEN.items():
        page.get_by_label(ours, exact=True).select_option(label=theirs)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check and save Other system")).to_be_visible()
    page.get_by_label("Grown-up", exact=True).select_option(label="Adult")
    page.get_by_label("Young person", exact=True).select_option(label="Child")
    axe_check(page)
    page.get_by_role("button", name="Save the mapping").click()
    expect(page.get_by_text("The mapping Other system is saved.")).to_be_visible()
    expect(page.get_by_role("cell", name="Other system")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="import a file").click()
    page.get_by_label("What the file holds").select_option(label="Consultations")
    page.get_by_label("File", exact=True).set_input_files(str(export))
    page.get_by_label("Use a saved mapping").select_option(label="Other system")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Read through the mapping Other system")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Import 2 new and 0 changed").click()
    expect(page.get_by_text("2 new, 0 changed, 0 unchanged")).to_be_visible()
    assert dict(Consultation.objects.values_list("reference", "client_group")) == {"OS-1": "adult", "OS-2": "child"}
