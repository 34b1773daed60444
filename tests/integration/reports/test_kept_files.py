"""An approved report's downloads are made once and kept (reports.models.ReportFile): later downloads serve the
stored bytes without laying the report out again, in a few queries however large the report; every download
still writes its audit event. A draft's are made afresh each time."""

from datetime import date
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activity.models import Area, ClientGroup
from audit.models import Action, AuditEvent
from core.periods import FinancialYear
from jobs.models import Job
from reports.annual import actions
from reports.annual.exporters import export
from reports.models import ReportFile
from tests.factories import AreaFactory, ConsultationFactory

Y2021 = FinancialYear(2021)


@pytest.fixture
def report(lead):
    trust = AreaFactory(slug="trust", name="Trust")
    oxon = AreaFactory(slug="oxon", name="Oxfordshire", parent=trust)
    for day in (date(2020, 6, 1), date(2021, 6, 1), date(2021, 7, 1)):
        ConsultationFactory(area=oxon, date=day, client_group=ClientGroup.CHILD)
    return actions.create_report(year=Y2021, by=lead)


@pytest.fixture
def approved(report, lead):
    return actions.approve_report(report=report, by=lead)


@pytest.fixture
def renders():
    """Counts the report being laid out as a file (the exporter called), while still making the file."""
    with mock.patch("reports.annual.actions.export", wraps=export) as spy:
        yield spy


def _downloads() -> int:
    return AuditEvent.objects.filter(action=Action.REPORT_EXPORTED).count()


def test_an_approved_reports_file_is_made_once_then_served_as_kept(client, approved, secretary, renders):
    client.force_login(secretary)
    url = reverse("report_export", args=[approved.pk, "xlsx"])
    first = client.get(url)
    assert first.status_code == 200 and renders.call_count == 1
    assert ReportFile.objects.filter(report=approved, format="xlsx", public=False).count() == 1
    second = client.get(url)
    assert second.status_code == 200
    assert renders.call_count == 1  # not laid out again
    assert second.content == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert _downloads() == 2  # each download still audited


def test_a_kept_download_takes_a_few_queries_however_large_the_report(client, approved, secretary):
    client.force_login(secretary)
    url = reverse("report_export", args=[approved.pk, "docx"])
    client.get(url)  # made and kept
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    oxon = Area.objects.get(slug="oxon")
    for day in range(1, 29):
        ConsultationFactory(area=oxon, date=date(2021, 8, day), client_group=ClientGroup.CHILD)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries) <= 8


def test_the_full_and_public_versions_are_kept_apart(client, approved, secretary, renders):
    client.force_login(secretary)
    full = client.get(reverse("report_export", args=[approved.pk, "html"]))
    public = client.get(reverse("report_export", args=[approved.pk, "html"]) + "?version=public")
    assert full.content != public.content
    assert renders.call_count == 2
    assert set(ReportFile.objects.values_list("format", "public")) == {("html", False), ("html", True)}
    assert client.get(reverse("report_export", args=[approved.pk, "html"]) + "?version=public").content == (
        public.content
    )
    assert renders.call_count == 2


def test_a_drafts_file_is_made_afresh_each_time_and_never_kept(client, report, secretary, renders):
    client.force_login(secretary)
    url = reverse("report_export", args=[report.pk, "xlsx"])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert renders.call_count == 2
    assert not ReportFile.objects.exists()


def test_an_approved_pdf_is_made_by_its_job_once_then_downloaded_at_once(client, approved, secretary, renders):
    client.force_login(secretary)
    url = reverse("report_export", args=[approved.pk, "pdf"])
    response = client.post(url)  # the tests' task backend runs the job at once
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk]) and job.status == Job.Status.DONE
    assert renders.call_count == 1
    kept = ReportFile.objects.get(report=approved, format="pdf")
    for method in (client.post, client.get):
        download = method(url)
        assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
        assert download.content == bytes(kept.content)
    assert renders.call_count == 1 and Job.objects.count() == 1
    assert _downloads() == 2  # the job's file was not downloaded through its page here
    page = client.get(reverse("report_detail", args=[approved.pk])).content.decode()
    assert f'<a href="{url}" download>PDF' in page  # a plain link now, not a button that starts a job
