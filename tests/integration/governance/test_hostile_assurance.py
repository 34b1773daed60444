"""Hostile input (tests/hostile.py) in the assurance self-assessment's forms: whatever is sent, the answer is never
a server error, a form refuses with a message and writes nothing or saves what it was given, and no page shows a
script tag it was sent as markup."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import example, given

from governance.actions import save_record
from governance.models import Assessment, AssessmentAttachment, AssuranceAction, AssuranceFramework, AssuranceStandard
from tests import hostile
from tests.hostile import IMG, SCRIPT, assert_safe, data_for, fuzz, hostile_value, last, refused, saved

pytestmark = pytest.mark.django_db

world = hostile.world
lead_client = hostile.lead_client
PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture
def standard(world):
    framework = save_record(
        AssuranceFramework(name="Section 11", kind=AssuranceFramework.Kind.SECTION_11), by=world["lead"], reason="x"
    )
    return save_record(
        AssuranceStandard(framework=framework, number="1", title="Leadership"), by=world["lead"], reason="x"
    )


def assessment_url(standard):
    return reverse("governance_assurance_assessment", args=[standard.pk, 2021, "oxon"])


def refused_on_page(response) -> bool:
    """The assessment page shown again with the failed form's errors, or no form named (nothing to save)."""
    if response.status_code == 400:
        return True
    failed = response.context and response.context.get("failed")
    return response.status_code == 200 and not response.redirect_chain and (failed is None or bool(failed.errors))


def test_a_framework_given_hostile_values_refuses_or_saves(lead_client):
    good = {
        "name": "ICB toolkit",
        "kind": "icb_toolkit",
        "description": "The board's standards",
        "lowest_score": "1",
        "highest_score": "4",
        "amber_from": "2",
        "green_from": "3",
    }

    @fuzz
    @given(data=data_for(good, {"name", "description"}))
    @example(data={**good, "name": SCRIPT, "description": IMG})
    @example(data={**good, "highest_score": "99999999999999999999", "green_from": "-1"})
    def post(data):
        before = AssuranceFramework.objects.count()
        response = lead_client.post(reverse("governance_assurance_framework_add"), data, follow=True)
        assert_safe(response)
        if saved(response):
            assert AssuranceFramework.objects.count() == before + 1
            assert AssuranceFramework.objects.latest("pk").name == last(data["name"]).strip()
            assert_safe(lead_client.get(reverse("governance_assurance_frameworks")))
        else:
            assert refused(response) and AssuranceFramework.objects.count() == before

    post()


def test_a_standard_given_hostile_values_refuses_or_saves(lead_client, standard):
    good = {"number": "2", "position": "2", "title": "Safe recruitment", "good_looks_like": "Checks made"}
    url = reverse("governance_assurance_standard_add", args=[standard.framework_id])

    @fuzz
    @given(data=data_for(good, {"number", "title", "good_looks_like"}))
    @example(data={**good, "title": SCRIPT, "good_looks_like": IMG})
    @example(data={**good, "number": "1", "position": "70000"})
    def post(data):
        before = AssuranceStandard.objects.count()
        response = lead_client.post(url, data, follow=True)
        assert_safe(response)
        if saved(response):
            assert AssuranceStandard.objects.count() == before + 1
            assert_safe(lead_client.get(reverse("governance_assurance_framework", args=[standard.framework_id])))
        else:
            assert refused(response) and AssuranceStandard.objects.count() == before

    post()


def test_evidence_and_a_self_score_given_hostile_values_refuse_or_save(lead_client, standard):
    good = {"form": "evidence", "evidence-evidence": "Minutes", "evidence-self_score": "3", "evidence-reason": "Why"}

    @fuzz
    @given(data=data_for(good, {"evidence-evidence", "evidence-reason"}))
    @example(data={**good, "evidence-evidence": SCRIPT, "evidence-reason": IMG})
    @example(data={**good, "evidence-self_score": "1e9", "form": "nonsense"})
    def post(data):
        was = list(Assessment.objects.values("evidence", "self_score"))
        response = lead_client.post(assessment_url(standard), data, follow=True)
        assert_safe(response)
        if saved(response):
            assert Assessment.objects.get().evidence == last(data["evidence-evidence"]).strip()
        else:
            assert refused_on_page(response)
            assert list(Assessment.objects.values("evidence", "self_score")) == was

    post()


def test_a_rating_given_hostile_values_refuses_or_saves(lead_client, standard):
    good = {"form": "rag", "rag-rag": "amber", "rag-rag_reason": "Panel's view", "rag-reason": "Rated"}

    @fuzz
    @given(data=data_for(good, {"rag-rag_reason", "rag-reason"}))
    @example(data={**good, "rag-rag_reason": SCRIPT, "rag-reason": IMG})
    @example(data={**good, "rag-rag": "purple"})
    def post(data):
        was = list(Assessment.objects.values("rag", "rag_reason"))
        response = lead_client.post(assessment_url(standard), data, follow=True)
        assert_safe(response)
        if saved(response):
            assert Assessment.objects.get().rag == last(data["rag-rag"])
        else:
            assert refused_on_page(response)
            assert list(Assessment.objects.values("rag", "rag_reason")) == was

    post()


def test_an_action_given_hostile_values_refuses_or_saves(lead_client, standard, world):
    good = {
        "form": "action",
        "action-description": "Recheck renewals",
        "action-owner": str(world["lead"].pk),
        "action-due_on": "31/03/2022",
        "action-completed_on": "",
    }

    @fuzz
    @given(data=data_for(good, {"action-description"}))
    @example(data={**good, "action-description": SCRIPT})
    @example(data={**good, "action-owner": "99999999999999999999", "action-due_on": "31/02/2022"})
    def post(data):
        before = AssuranceAction.objects.count()
        response = lead_client.post(assessment_url(standard), data, follow=True)
        assert_safe(response)
        if saved(response):
            assert AssuranceAction.objects.count() == before + 1
            assert AssuranceAction.objects.latest("pk").description == last(data["action-description"]).strip()
        else:
            assert refused_on_page(response) and AssuranceAction.objects.count() == before

    post()


def test_a_file_given_hostile_text_refuses_or_saves(lead_client, standard):
    @fuzz
    @given(name=hostile_value, description=hostile_value)
    @example(name="../../etc/passwd\x00.pdf", description=SCRIPT)
    def post(name, description):
        before = AssessmentAttachment.objects.count()
        upload = SimpleUploadedFile(last(name) or "x", PDF, content_type="application/pdf")
        data = {"form": "attachment", "file-file": upload, "file-description": description, "file-reason": "Why"}
        response = lead_client.post(assessment_url(standard), data, follow=True)
        assert_safe(response)
        if saved(response):
            kept = AssessmentAttachment.objects.latest("pk")
            assert kept.file_name.endswith(".pdf") and "/" not in kept.file_name and '"' not in kept.file_name
            download = lead_client.get(reverse("governance_assurance_file", args=[kept.pk]))
            assert download.status_code == 200 and download.content == PDF
        else:
            assert refused_on_page(response) and AssessmentAttachment.objects.count() == before

    post()


def test_removing_a_file_given_a_hostile_reason_refuses_or_removes(lead_client, standard, world):
    assessment = Assessment.objects.create(standard=standard, year=2021, updated_by=world["lead"])

    @fuzz
    @given(reason=hostile_value)
    @example(reason=SCRIPT)
    @example(reason="x" * 201)
    def post(reason):
        kept = AssessmentAttachment.objects.create(
            assessment=assessment, file_name="a.pdf", content_type="application/pdf", size=len(PDF), content=PDF,
            uploaded_by=world["lead"],
        )  # fmt: skip
        url = reverse("governance_assurance_file_remove", args=[kept.pk])
        response = lead_client.post(url, {"reason": reason}, follow=True)
        assert_safe(response)
        removed = not AssessmentAttachment.objects.filter(pk=kept.pk).exists()
        page = response.content.decode()
        if removed:
            assert "Removed the file" in page and last(reason).strip()
        else:
            assert "Reason for removing" in page

    post()
