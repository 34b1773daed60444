"""The annual report's pages: who may read, write, approve and export, and what each sees."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from activity.models import Area, ClientGroup
from core.periods import FinancialYear
from reports.annual import actions
from reports.models import Report
from tests.factories import AreaFactory, ConsultationFactory, UserFactory

pytestmark = pytest.mark.django_db

Y2021 = FinancialYear(2021)


@pytest.fixture
def trust():
    trust = AreaFactory(slug="trust", name="Trust")
    oxon = AreaFactory(slug="oxon", name="Oxfordshire", short_name="Oxon", parent=trust)
    for day in (date(2020, 6, 1), date(2021, 6, 1), date(2021, 7, 1)):
        ConsultationFactory(area=oxon, date=day, client_group=ClientGroup.CHILD)
    return trust


@pytest.fixture
def report(trust, lead):
    return actions.create_report(year=Y2021, by=lead)


def _login(client, role):
    user = UserFactory(role=role)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("role", "list_status", "edit_status", "export_status", "approve_status"),
    [
        (roles.PRACTITIONER, 403, 403, 403, 403),
        (roles.EXECUTIVE, 200, 403, 403, 403),
        (roles.SECRETARY, 200, 200, 200, 403),
        (roles.LEAD, 200, 200, 200, 200),
        (roles.ADMINISTRATOR, 403, 403, 403, 403),
    ],
)
def test_each_role_may_do_what_its_job_needs(
    client, report, role, list_status, edit_status, export_status, approve_status
):
    _login(client, role)
    section = report.sections.first()
    assert client.get(reverse("report_list")).status_code == list_status
    assert client.get(reverse("report_detail", args=[report.pk])).status_code == list_status
    assert client.get(reverse("report_section_edit", args=[report.pk, section.pk])).status_code == edit_status
    assert client.get(reverse("report_export", args=[report.pk, "xlsx"])).status_code == export_status
    assert client.get(reverse("report_approve", args=[report.pk])).status_code == approve_status


def test_the_secretary_writes_narrative_and_sees_it_in_the_preview(client, report):
    _login(client, roles.SECRETARY)
    section = report.sections.get(title="Introduction")
    response = client.post(
        reverse("report_section_edit", args=[report.pk, section.pk]),
        {"title": "Introduction", "level": 1, "narrative": "The service **grew**.", "opened_at": section.updated_at},
    )
    assert response.status_code == 302
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "The service <strong>grew</strong>." in page


def test_script_in_narrative_never_reaches_the_page(client, report):
    user = _login(client, roles.SECRETARY)
    section = report.sections.get(title="Introduction")
    narrative = '<script>alert("x")</script> <img src=x onerror=alert(1)> [link](javascript:alert(1))'
    actions.save_section(section=section, by=user, title="Introduction", narrative=narrative, level=1)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert '<script>alert("x")' not in page
    assert "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert 'href="javascript:' not in page


def test_a_section_without_a_title_is_refused_and_the_narrative_typed_is_kept(client, report):
    _login(client, roles.SECRETARY)
    section = report.sections.get(title="Introduction")
    response = client.post(
        reverse("report_section_edit", args=[report.pk, section.pk]),
        {"title": "", "level": 1, "narrative": "Words I typed.", "opened_at": section.updated_at},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the section&#x27;s title" in page
    assert "Words I typed." in page


def test_the_lead_approves_and_the_report_can_no_longer_be_edited(client, report):
    _login(client, roles.LEAD)
    response = client.post(reverse("report_approve", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_approved
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "figures as at" in page
    assert "Approve this report" not in page
    section = report.sections.first()
    response = client.get(reverse("report_section_edit", args=[report.pk, section.pk]), follow=True)
    assert "cannot be changed" in response.content.decode()


def test_the_lead_starts_a_new_draft_from_an_approved_report(client, report, lead):
    actions.approve_report(report=report, by=lead)
    _login(client, roles.LEAD)
    response = client.post(reverse("report_new_draft", args=[report.pk]))
    draft = Report.objects.get(status=Report.Status.DRAFT)
    assert response.url == reverse("report_detail", args=[draft.pk])
    assert draft.based_on == report


def test_starting_a_second_draft_for_a_year_is_refused_with_a_message(client, report):
    _login(client, roles.SECRETARY)
    template = report.template.pk
    response = client.post(reverse("report_list"), {"template": template, "period": "2021/22", "area": ""})
    assert "There is already a draft of the annual report to the board for 2021/22." in response.content.decode()
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("fmt", "content_type", "extension"),
    [  # the PDF and the Word file are made by a background job: tests/integration/jobs/test_jobs.py
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        ("html", "text/html; charset=utf-8", "html"),
    ],
)
def test_exports_download_as_named_files(client, report, lead, fmt, content_type, extension):
    _login(client, roles.SECRETARY)
    response = client.get(reverse("report_export", args=[report.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    draft_name = f"safeguarding-annual-report-2021-22-draft.{extension}"
    assert response["Content-Disposition"] == f'attachment; filename="{draft_name}"'
    actions.approve_report(report=report, by=lead)  # the public version comes only from an approved report
    response = client.get(reverse("report_export", args=[report.pk, fmt]) + "?version=public")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="safeguarding-annual-report-2021-22-approved-public.{extension}"'
    )


def test_an_unknown_export_format_is_not_found(client, report):
    _login(client, roles.SECRETARY)
    assert client.get(reverse("report_export", args=[report.pk, "ods"])).status_code == 404


def test_the_lead_reorders_sections_and_adds_a_table(client, report):
    _login(client, roles.LEAD)
    first, second = report.sections.all()[:2]
    client.post(reverse("report_section_change", args=[report.pk, second.pk, "up"]))
    assert list(report.sections.all()[:2]) == [second, first]
    response = client.post(
        reverse("report_block_add", args=[report.pk, first.pk]),
        {"title": "Calls", "kind": "table", "metrics": ["child_consultations"], "by": "area", "layout": "years",
         "years": 2, "area_rows": "children"},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "<caption>Calls</caption>" in page


def test_a_table_that_cannot_be_laid_out_says_why(client, report):
    _login(client, roles.LEAD)
    section = report.sections.first()
    response = client.post(
        reverse("report_block_add", args=[report.pk, section.pk]),
        {"title": "Mixed", "kind": "table", "metrics": ["child_consultations", "adult_consultations"], "by": "area",
         "layout": "years", "years": 2, "area_rows": "children"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "With several figures, each figure is a row" in response.content.decode()
    assert not section.blocks.exists()


def test_the_preview_makes_the_same_number_of_queries_with_more_records(client, report, django_assert_max_num_queries):
    _login(client, roles.EXECUTIVE)
    url = reverse("report_detail", args=[report.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    area = AreaFactory(slug="bucks", name="Buckinghamshire", parent=Area.objects.get(slug="trust"))
    for day in range(1, 29):
        ConsultationFactory(area=area, date=date(2021, 8, day), client_group=ClientGroup.ADULT)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)


def test_the_drafts_page_links_to_the_front_sheet_and_each_sections_pictures(client, report):
    _login(client, roles.SECRETARY)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert f'<a href="{reverse("report_front_sheet", args=[report.pk])}">Edit the front sheet</a>' in page
    for section in report.sections.all():
        assert reverse("report_section_images", args=[report.pk, section.pk]) in page
