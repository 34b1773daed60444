"""Hostile input (tests/hostile.py) in the forms of a report's qualitative content and the governance records:
whatever is sent, the answer is never a server error, a form refuses with a message and writes nothing or saves
what it was given, and no page shows a script tag it was sent as markup."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import example, given
from PIL import Image

from core.periods import FinancialYear
from governance.models import Policy, ServiceAudit
from reports.annual import actions as report_actions
from reports.annual.structure import SectionSpec
from reports.models import Report, ReportImage
from tests import hostile
from tests.hostile import IMG, SCRIPT, assert_safe, data_for, fuzz, hostile_value, last, refused, saved

pytestmark = pytest.mark.django_db

world = hostile.world
lead_client = hostile.lead_client


@pytest.fixture
def report(world):
    return report_actions.create_report(
        year=FinancialYear(2021), by=world["lead"], sections=[SectionSpec("Our structure", narrative="The team.")]
    )


def test_the_front_sheet_given_hostile_values_refuses_or_saves_everything(lead_client, report):
    url = reverse("report_front_sheet", args=[report.pk])
    good = {
        "organisation": "Thames Valley Health",
        "meeting": "Trust Board",
        "meeting_date": "14/07/2022",
        "agenda_item": "9.2",
        "purpose": "assurance",
        "authors": "Head of safeguarding",
        "recommendation": "The Board is asked to note the report.",
    }
    text = {"organisation", "meeting", "agenda_item", "authors", "recommendation"}

    @fuzz
    @given(data=data_for(good, text))
    @example(data={**good, "organisation": SCRIPT, "recommendation": IMG})
    @example(data={**good, "meeting_date": "31/02/2022", "purpose": "to frighten"})
    def post(data):
        was = Report.objects.values().get(pk=report.pk)
        response = lead_client.post(url, data, follow=True)
        assert_safe(response)
        now = Report.objects.values().get(pk=report.pk)
        if saved(response):
            assert now["organisation"] == last(data["organisation"]).strip()
            assert_safe(lead_client.get(reverse("report_detail", args=[report.pk])))
        else:
            assert refused(response) and now == was

    post()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), (255, 255, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_picture_given_hostile_text_refuses_or_saves(lead_client, report):
    section = report.sections.get()
    url = reverse("report_section_images", args=[report.pk, section.pk])
    png = _png()

    @fuzz
    @given(alt_text=hostile_value, caption=hostile_value)
    @example(alt_text=SCRIPT, caption=IMG)
    def post(alt_text, caption):
        before = ReportImage.objects.count()
        image = SimpleUploadedFile("chart.png", png, content_type="image/png")
        response = lead_client.post(url, {"image": image, "alt_text": alt_text, "caption": caption}, follow=True)
        assert_safe(response)
        assert ReportImage.objects.count() == before + (1 if saved(response) else 0)
        if not saved(response):
            assert refused(response)

    post()


def test_an_audit_given_hostile_values_refuses_or_saves(lead_client, world):
    good = {
        "year": "2021",
        "name": "Records audit",
        "scope": "40 records",
        "area": str(world["oxon"].pk),
        "status": "completed",
        "started_on": "01/09/2021",
        "completed_on": "30/11/2021",
        "findings": "Mostly good",
        "action_taken": "Training",
    }

    @fuzz
    @given(data=data_for(good, {"name", "scope", "findings", "action_taken"}))
    @example(data={**good, "name": SCRIPT, "action_taken": IMG})
    @example(data={**good, "area": "99999999999999999999999", "completed_on": "01/01/2021"})
    def post(data):
        before = ServiceAudit.objects.count()
        response = lead_client.post(reverse("governance_audit_add"), data, follow=True)
        assert_safe(response)
        if saved(response):
            assert ServiceAudit.objects.count() == before + 1
            assert ServiceAudit.objects.latest("pk").name == last(data["name"]).strip()
            assert_safe(lead_client.get(reverse("governance_audit_list"), {"year": ""}))
        else:
            assert refused(response) and ServiceAudit.objects.count() == before

    post()


def test_a_policy_given_hostile_values_refuses_or_saves(lead_client):
    good = {
        "title": "Prevent policy",
        "reference": "SG-01",
        "owner": "Named nurse",
        "last_reviewed": "01/04/2021",
        "review_due": "01/04/2024",
    }

    @fuzz
    @given(data=data_for(good, {"title", "reference", "owner"}))
    @example(data={**good, "title": SCRIPT, "owner": IMG})
    def post(data):
        before = Policy.objects.count()
        response = lead_client.post(reverse("governance_policy_add"), data, follow=True)
        assert_safe(response)
        if saved(response):
            assert Policy.objects.count() == before + 1
            assert_safe(lead_client.get(reverse("governance_policy_list")))
        else:
            assert refused(response) and Policy.objects.count() == before

    post()
