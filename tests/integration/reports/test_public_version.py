"""The public version cannot leak: each section has a public narrative (the Board narrative until someone writes
another), every count from 1 to the disclosure threshold in it is flagged and blocks approval and the public
download until changed or acknowledged, and the public version is made only from an approved report."""

import pytest
from django.urls import reverse

from core.periods import FinancialYear
from jobs.actions import start_job
from jobs.models import Job
from reports.annual import actions
from reports.annual.checks import PUBLIC_NUMBER
from reports.annual.structure import SectionSpec
from reports.job_kinds import REPORT_EXPORT
from reports.models import Report, ReportFile

Y2021 = FinancialYear(2021)
BOARD = "There were 3 allegations against staff in Oxfordshire, all investigated."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def report(lead):
    return actions.create_report(
        year=Y2021, by=lead, sections=[SectionSpec("Introduction"), SectionSpec("Allegations", 1, (), BOARD)]
    )


def _section(report):
    return report.sections.get(title="Allegations")


def _public_url(report, fmt="xlsx"):
    return reverse("report_export", args=[report.pk, fmt]) + "?version=public"


def _save(client, report, public_narrative, narrative=BOARD):
    section = _section(report)
    data = {"title": section.title, "level": 1, "narrative": narrative, "public_narrative": public_narrative}
    return client.post(reverse("report_section_edit", args=[report.pk, section.pk]), data)


# The public narrative --------------------------------------------------------------------------------------------


def test_the_section_form_offers_the_public_narrative_starting_as_the_board_narrative(client, report, secretary):
    client.force_login(secretary)
    page = client.get(reverse("report_section_edit", args=[report.pk, _section(report).pk])).content.decode()
    public_field = page.split('name="public_narrative"')[1].split("</textarea>")[0]
    assert BOARD in public_field
    assert "hide counts from 1 to 7" in page


def test_a_public_narrative_saved_as_the_board_narrative_keeps_following_it(client, report, secretary):
    client.force_login(secretary)
    assert _save(client, report, BOARD).status_code == 302
    assert _section(report).public_narrative is None
    assert _save(client, report, "Allegations against staff were all investigated.").status_code == 302
    assert _section(report).public_narrative == "Allegations against staff were all investigated."
    page = client.get(reverse("report_detail", args=[report.pk]) + "?version=public").content.decode()
    assert "Allegations against staff were all investigated." in page
    assert "3 allegations" not in page
    assert _save(client, report, BOARD).status_code == 302
    assert _section(report).public_narrative is None


def test_a_small_number_in_the_public_narrative_is_flagged_beside_its_section(client, report, secretary):
    client.force_login(secretary)
    page = client.get(reverse("report_detail", args=[report.pk]) + "?version=public").content.decode()
    assert "A preview of a draft" in page
    assert "1 check needs attention" in page
    assert "has the number 3; the public version hides counts this small" in page.split('id="section-2"')[1]


def test_a_small_number_blocks_approval_until_the_public_narrative_is_changed(report, lead, secretary):
    [flag] = actions.report_flags(report)
    assert (flag.kind, flag.number, flag.sentence) == (PUBLIC_NUMBER, "3", BOARD)
    with pytest.raises(actions.OpenFlagsError, match="has the number 3"):
        actions.approve_report(report=report, by=lead)
    public = "Every allegation against staff was investigated."
    actions.save_section(
        section=_section(report), by=secretary, title="Allegations", narrative=BOARD, level=1, public_narrative=public
    )
    assert actions.report_flags(report) == []
    assert actions.approve_report(report=report, by=lead).is_approved
    assert Report.objects.get(pk=report.pk).snapshot["sections"][1]["public_narrative"] == public


def test_a_small_number_acknowledged_with_a_reason_lets_the_report_be_approved(report, lead):
    [flag] = actions.report_flags(report)
    actions.acknowledge_flag(report=report, key=flag.key, reason="Published by the council already", by=lead)
    assert actions.approve_report(report=report, by=lead).is_approved


def test_years_dates_and_section_numbers_in_the_public_narrative_are_not_flagged(report, lead):
    narrative = "In 2021/22 (see section 6.2), from 1 April 2021, Level 3 training began; s.42 enquiries rose by 5%."
    actions.save_section(section=_section(report), by=lead, title="Allegations", narrative=narrative, level=1)
    assert actions.report_flags(report) == []


# The public download ------------------------------------------------------------------------------------------


def test_the_public_version_of_a_draft_cannot_be_downloaded(client, report, secretary):
    client.force_login(secretary)
    response = client.get(_public_url(report))
    assert response.status_code == 409
    assert "only once the report is approved" in response.content.decode()
    assert client.post(_public_url(report, "pdf")).status_code == 409
    assert not Job.objects.exists()
    page = client.get(reverse("report_detail", args=[report.pk]) + "?version=public").content.decode()
    assert "The public version can be downloaded once the report is approved." in page
    assert _public_url(report) not in page
    assert client.get(reverse("report_export", args=[report.pk, "xlsx"])).status_code == 200  # the full one can


def test_the_background_job_refuses_the_public_version_of_a_draft_too(report, secretary):
    job = start_job(
        kind=REPORT_EXPORT,
        by=secretary,
        title="The public PDF",
        params={"report": report.pk, "format": "pdf", "public": True, "audit_detail": "2021/22, PDF, public"},
        result_name="report.pdf",
        result_type="application/pdf",
    )
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "only once the report is approved" in job.message


@pytest.fixture
def approved(report, lead):
    """Approved with 9 in its narrative: above the threshold of 7 the report was approved under."""
    section = _section(report)
    actions.save_section(section=section, by=lead, title="Allegations", narrative="There were 9 allegations.", level=1)
    return actions.approve_report(report=report, by=lead)


def test_an_approved_reports_public_version_downloads(client, approved, secretary):
    client.force_login(secretary)
    response = client.get(_public_url(approved))
    assert response.status_code == 200 and response["Content-Type"] == XLSX


def test_a_public_narrative_flagged_after_approval_blocks_the_download_until_acknowledged(
    client, approved, lead, settings
):
    settings.REPORT_DISCLOSURE_THRESHOLD = 10  # raised after approval: 9 is now a count the tables hide
    client.force_login(lead)
    refused = client.get(_public_url(approved))
    assert refused.status_code == 409
    assert "has the number 9" in refused.content.decode()
    assert not ReportFile.objects.exists()
    page = client.get(reverse("report_detail", args=[approved.pk]) + "?version=public").content.decode()
    assert "The public version cannot be downloaded while 1 check is neither fixed nor acknowledged" in page

    [flag] = actions.report_flags(approved)
    response = client.post(
        reverse("report_flag_acknowledge", args=[approved.pk]),
        {"key": flag.key, "reason": "Nine of several thousand staff: no one can be picked out."},
    )
    assert response.status_code == 302
    assert client.get(_public_url(approved)).status_code == 200


def test_a_section_saved_without_the_public_field_keeps_its_public_narrative(client, report, secretary):
    client.force_login(secretary)
    _save(client, report, "Written for the public.")
    section = _section(report)
    data = {"title": section.title, "level": 1, "narrative": "New Board words."}
    assert client.post(reverse("report_section_edit", args=[report.pk, section.pk]), data).status_code == 302
    section.refresh_from_db()
    assert (section.narrative, section.public_narrative) == ("New Board words.", "Written for the public.")


def test_changing_only_the_board_narrative_keeps_the_public_one_following_it(client, report, secretary):
    client.force_login(secretary)
    section = _section(report)
    # the form as opened: the public box shows the Board narrative; only the Board narrative is changed
    response = _save(client, report, public_narrative=BOARD, narrative="Every allegation was investigated.")
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.narrative, section.public_narrative) == ("Every allegation was investigated.", None)
    page = client.get(reverse("report_detail", args=[report.pk]) + "?version=public").content.decode()
    assert "Every allegation was investigated." in page and "3 allegations" not in page
