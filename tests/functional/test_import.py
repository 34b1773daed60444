"""In a real browser: upload a file, see every problem, upload it corrected, confirm."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from activity.models import Consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "Reference,Date,Area,Client group,Service,Team,Category of concern,Mode,Outcome,Case reference\n"


def test_a_lead_imports_a_file_after_correcting_it(live_server, page, axe_check, tmp_path, sign_in):
    call_command("load_demo", verbosity=0)
    sign_in("lead")

    bad = tmp_path / "consultations.csv"
    bad.write_text(
        HEADER
        + "WEB-1,01/06/2021,Oxfordshire,Child,,,,Telephone,Advice given,W1\n"
        + "WEB-2,01/06/2021,Narnia,Child,,,,Telephone,Advice given,W2\n"
    )
    page.get_by_role("link", name="Import").click()
    axe_check(page)
    page.get_by_label("What the file holds").select_option(label="Consultations")
    page.get_by_label("File", exact=True).set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="1 problem in 2 rows: nothing has been saved")).to_be_visible()
    expect(page.get_by_role("cell", name="Narnia")).to_be_visible()
    axe_check(page)
    assert not Consultation.objects.filter(reference__startswith="WEB-").exists()

    good = tmp_path / "consultations-fixed.csv"
    good.write_text(bad.read_text().replace("Narnia", "Buckinghamshire"))
    page.get_by_role("link", name="Upload a corrected file").click()
    page.get_by_label("What the file holds").select_option(label="Consultations")
    page.get_by_label("File", exact=True).set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    axe_check(page)
    page.get_by_role("button", name="Import 2 new and 0 changed").click()
    expect(page.get_by_text("2 new, 0 changed, 0 unchanged")).to_be_visible()
    assert Consultation.objects.filter(reference__startswith="WEB-").count() == 2
