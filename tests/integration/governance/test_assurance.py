"""The assurance self-assessment: frameworks and standards, a standard's assessment for a year and partnership
(evidence, files, scores, rating, actions), the report's block and the dashboard's line."""

import datetime
import io
import re
import zipfile

import docx
import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from audit.models import Action, AuditEvent
from core.periods import FinancialYear
from governance import assurance_actions
from governance.actions import save_record
from governance.models import Assessment, AssessmentAttachment, AssuranceAction, AssuranceFramework, AssuranceStandard
from reports.annual import actions as report_actions
from reports.annual.content import presented
from reports.annual.exporters import export
from reports.annual.registers import read_register
from work import actions as work_actions
from work import sources
from work.models import Kind, State, Task
from work.reminders import send_digests

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20


def word_file() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def framework(lead):
    return save_record(
        AssuranceFramework(name="Oxfordshire Section 11", kind=AssuranceFramework.Kind.SECTION_11),
        by=lead,
        reason="Added",
    )


@pytest.fixture
def standards(framework, lead, areas):
    return [
        save_record(
            AssuranceStandard(framework=framework, number=str(n), position=n, title=title), by=lead, reason="Added"
        )
        for n, title in enumerate(["Leadership and accountability", "Safe recruitment", "Training"], start=1)
    ]


@pytest.fixture
def secretary_client(client_for, secretary):
    return client_for(secretary)


@pytest.fixture
def lead_client(client_for, lead):
    return client_for(lead)


def page_url(standard, year=2021, area="oxon"):
    return reverse("governance_assurance_assessment", args=[standard.pk, year, area])


def post(client, standard, form, data, area="oxon", files=None):
    payload = {"form": form, **{f"{'file' if form == 'attachment' else form}-{k}": v for k, v in data.items()}}
    if files:
        payload.update({f"file-{k}": v for k, v in files.items()})
    return client.post(page_url(standard, area=area), payload)


# Scores, moderation and the rating


def test_the_secretary_writes_evidence_and_a_self_score_and_the_lead_moderates_it(
    secretary, lead, secretary_client, lead_client, standards, areas
):
    standard = standards[0]
    response = post(
        secretary_client,
        standard,
        "evidence",
        {"evidence": "Board minutes, March 2022", "self_score": "3", "reason": "Evidence gathered"},
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.year, assessment.area, assessment.self_score, assessment.self_scored_by) == (
        2021,
        areas["oxon"],
        3,
        secretary,
    )

    response = post(lead_client, standard, "moderation", {"moderated_score": "2", "reason": "Peer review"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    # 2 on a scale where amber starts at 2 and green at 3: amber, following the moderated score.
    assert (assessment.moderated_score, assessment.moderated_by, assessment.rag) == (2, lead, "amber")
    reasons = list(assessment.history.order_by("history_id").values_list("history_change_reason", "history_user"))
    assert reasons == [("Evidence gathered", secretary.pk), ("Peer review", lead.pk)]
    page = lead_client.get(page_url(standard)).content.decode()
    assert "Board minutes, March 2022" in page and "Amber" in page


def test_the_person_who_self_scored_cannot_moderate_and_is_told_why(secretary, secretary_client, standards):
    standard = standards[0]
    post(secretary_client, standard, "evidence", {"evidence": "", "self_score": "4", "reason": "Scored"})

    response = post(secretary_client, standard, "moderation", {"moderated_score": "4", "reason": "Agreed"})

    assert response.status_code == 200
    assert "someone else moderates it" in response.content.decode()
    assert Assessment.objects.get().moderated_score is None


def test_a_score_off_the_framework_scale_is_refused_naming_the_field(secretary_client, standards):
    response = post(secretary_client, standards[0], "evidence", {"evidence": "x", "self_score": "7", "reason": "r"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Self score: choose a score from the framework" in page
    assert not Assessment.objects.exists()
    # the refused form is the one left open; the other four stay folded
    folds = re.findall(r"<details class=\"nhsuk-details\"( open)?>.*?summary-text\">([^<]+)<", page, flags=re.S)
    assert [summary for opened, summary in folds if opened] == ["Evidence and self score"]
    assert len(folds) == 5


def test_a_rating_other_than_the_moderated_score_gives_needs_a_reason(secretary, lead, lead_client, standards):
    standard = standards[0]
    assessment = assurance_actions.assessment_for(standard, 2021, None)
    assurance_actions.save_evidence(assessment, by=secretary, evidence="", self_score=4, reason="Scored")
    assurance_actions.moderate(assessment, by=lead, score=4, reason="Moderated")
    assert assessment.rag == "green"

    refused = post(lead_client, standard, "rag", {"rag": "amber", "rag_reason": "", "reason": "Panel"}, area="trust")
    assert refused.status_code == 200
    assert "reads as green: say why the rating is amber" in refused.content.decode()
    assert "The rating follows the moderated score (here, green). To rate it otherwise, say why." in (
        refused.content.decode()
    )
    assessment.refresh_from_db()
    assert assessment.rag == "green"

    accepted = post(
        lead_client,
        standard,
        "rag",
        {"rag": "amber", "rag_reason": "Recruitment checks late in two teams", "reason": "Panel"},
        area="trust",
    )
    assert accepted.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.rag, assessment.rag_reason) == ("amber", "Recruitment checks late in two teams")
    # A new moderated score leaves a rating given with a reason alone.
    assurance_actions.moderate(assessment, by=lead, score=3, reason="Moderated again")
    assert assessment.rag == "amber"


# Files of evidence


def test_a_file_is_kept_by_its_content_and_its_download_is_audited(lead, lead_client, executive, client_for, standards):
    response = post(
        lead_client,
        standards[0],
        "attachment",
        {"description": "Peer review minutes", "reason": "Minutes"},
        files={"file": SimpleUploadedFile("minutes.txt", word_file(), content_type="text/plain")},
    )
    assert response.status_code == 302
    kept = AssessmentAttachment.objects.get()
    # Named by what it is, not by what it was called.
    assert (kept.file_name, kept.content_type) == (
        "minutes.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )

    download = client_for(executive).get(reverse("governance_assurance_file", args=[kept.pk]))
    assert download.status_code == 200
    assert download.content == word_file()
    assert 'filename="minutes.docx"' in download["Content-Disposition"]
    event = AuditEvent.objects.filter(action=Action.RECORD_VIEWED, record_kind="assurance-file").get()
    assert (event.user, event.record_reference) == (executive, str(kept.pk))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evidence.pdf", b"MZ\x90\x00 a program", "not one the evidence takes"),
        ("evidence.pdf", b"<html><script>alert(1)</script></html>", "not one the evidence takes"),
        ("evidence.docx", b"PK\x03\x04 not a zip at all", "not one the evidence takes"),
        ("evidence.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old-style Office file"),
    ],
)
def test_a_file_whose_content_is_not_accepted_is_refused_whatever_its_name(
    lead_client, standards, name, content, message
):
    response = post(
        lead_client,
        standards[0],
        "attachment",
        {"reason": "Evidence"},
        files={"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AssessmentAttachment.objects.exists()
    assert AuditEvent.objects.filter(action=Action.UPLOAD_REFUSED, record_kind="assurance-file").exists()


def test_a_file_over_the_size_limit_is_refused_saying_the_limit(lead_client, standards, settings):
    settings.ASSURANCE_ATTACHMENT_MAX_BYTES = 1024
    response = post(
        lead_client,
        standards[0],
        "attachment",
        {"reason": "Evidence"},
        files={"file": SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)},
    )

    assert response.status_code == 200
    assert "must be at most 1 KB" in response.content.decode()
    assert not AssessmentAttachment.objects.exists()


def test_a_png_and_a_pdf_are_accepted():
    assert assurance_actions.kind_of(PNG).content_type == "image/png"
    assert assurance_actions.kind_of(PDF).extension == ".pdf"


# Actions become tasks


def test_an_action_becomes_a_task_for_its_owner_in_their_work(lead, lead_client, practitioner, client_for, standards):
    response = post(
        lead_client,
        standards[1],
        "action",
        {"description": "Recheck DBS renewals", "owner": str(practitioner.pk), "due_on": "31/03/2022"},
    )
    assert response.status_code == 302
    action = AssuranceAction.objects.get()
    task = Task.objects.get(kind=Kind.ASSURANCE_ACTION)
    assert (action.task, task.owner, task.due_on, task.state) == (
        task,
        practitioner,
        datetime.date(2022, 3, 31),
        State.OPEN,
    )
    assert task.link == page_url(standards[1])
    # The task's title never holds the action's own words.
    assert "DBS" not in task.title
    my_work = client_for(practitioner).get(reverse("my_work")).content.decode()
    assert task.title in my_work

    change = lead_client.post(
        reverse("governance_assurance_action_edit", args=[action.pk]),
        {
            "action-description": "x",
            "description": "Recheck DBS renewals",
            "owner": str(practitioner.pk),
            "due_on": "31/03/2022",
            "completed_on": "15/03/2022",
            "reason": "Done",
        },
    )
    assert change.status_code == 302
    task.refresh_from_db()
    assert (task.state, task.done_on) == (State.DONE, datetime.date(2022, 3, 15))


def test_the_secretary_cannot_give_an_action_to_someone_else(secretary, lead, practitioner, client_for, standards):
    assessment = assurance_actions.assessment_for(standards[0], 2021, None)
    action = assurance_actions.save_action(
        AssuranceAction(
            assessment=assessment, description="Update policy", owner=lead, due_on=datetime.date(2022, 1, 31)
        ),
        by=lead,
        reason="Added",
    )
    response = client_for(secretary).post(
        reverse("governance_assurance_action_edit", args=[action.pk]),
        {"description": "Update policy", "owner": str(practitioner.pk), "due_on": "31/01/2022", "reason": "Moved"},
    )
    assert response.status_code == 200
    assert "Only a safeguarding lead gives an action to someone else" in response.content.decode()
    assert Task.objects.get(kind=Kind.ASSURANCE_ACTION).owner == lead


def test_actions_made_in_bulk_get_their_tasks_from_the_refresh_and_reminders_name_them(lead, standards):
    assessment = save_record(Assessment(standard=standards[2], year=2022, area=None), by=lead, reason="Added")
    AssuranceAction.objects.create(
        assessment=assessment,
        description="Level 3 training for ward managers",
        owner=lead,
        due_on=datetime.date(2023, 1, 31),
        updated_by=lead,
    )
    sources.refresh(datetime.date(2023, 2, 10))
    task = Task.objects.get(kind=Kind.ASSURANCE_ACTION)
    assert (task.owner, task.state) == (lead, State.OPEN)
    assert AssuranceAction.objects.get().task == task
    assert task.is_overdue(datetime.date(2023, 2, 10))

    # The owner's daily reminder lists it, by its title (never the action's own words).
    send_digests(datetime.date(2023, 2, 10))
    [email] = [message for message in mail.outbox if lead.email in message.to]
    assert "Assurance action: Oxfordshire Section 11, standard 3, 2022/23" in email.body
    assert "Level 3 training" not in email.body


# Pages


def test_frameworks_and_standards_are_added_and_changed_with_reasons(secretary, secretary_client):
    added = secretary_client.post(
        reverse("governance_assurance_framework_add"),
        {
            "name": "ICB assurance toolkit",
            "kind": "icb_toolkit",
            "lowest_score": "1",
            "highest_score": "5",
            "amber_from": "3",
            "green_from": "4",
        },
    )
    assert added.status_code == 302
    framework = AssuranceFramework.objects.get()
    standard = secretary_client.post(
        reverse("governance_assurance_standard_add", args=[framework.pk]),
        {"number": "1.1", "position": "1", "title": "Named professionals", "good_looks_like": "In post"},
    )
    assert standard.status_code == 302
    saved = AssuranceStandard.objects.get()
    changed = secretary_client.post(
        reverse("governance_assurance_standard_edit", args=[saved.pk]),
        {"number": "1.1", "position": "1", "title": "Named professionals in post", "reason": "Toolkit 2023 wording"},
    )
    assert changed.status_code == 302
    history = saved.history.order_by("-history_id").first()
    assert (history.title, history.history_change_reason, history.history_user) == (
        "Named professionals in post",
        "Toolkit 2023 wording",
        secretary,
    )
    duplicate = secretary_client.post(
        reverse("governance_assurance_standard_add", args=[framework.pk]),
        {"number": "1.1", "position": "2", "title": "Another"},
    )
    assert duplicate.status_code == 200
    assert "already has a standard with this number" in duplicate.content.decode()


def test_a_scale_whose_green_is_below_amber_is_refused(secretary_client):
    response = secretary_client.post(
        reverse("governance_assurance_framework_add"),
        {"name": "Toolkit", "kind": "icb_toolkit", "lowest_score": "1", "highest_score": "4", "amber_from": "3",
         "green_from": "2"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "green above amber" in response.content.decode()


def test_the_grid_shows_each_year_and_partnership_rated_overall(
    secretary, lead, lead_client, framework, standards, areas
):
    for standard, rag in zip(standards, ["green", "green", "amber"], strict=True):
        assessment = assurance_actions.assessment_for(standard, 2021, areas["oxon"])
        assurance_actions.save_evidence(assessment, by=secretary, evidence="", self_score=3, reason="Scored")
        assurance_actions.set_rag(assessment, by=lead, rag=rag, rag_reason="Panel's view", reason="Rated")
    for standard in standards:
        assessment = assurance_actions.assessment_for(standard, 2021, areas["swindon"])
        assurance_actions.set_rag(assessment, by=lead, rag="green", rag_reason="Panel's view", reason="Rated")

    with CaptureQueriesContext(connection) as queries:
        page = lead_client.get(reverse("governance_assurance_framework", args=[framework.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "1 amber, 2 green" in text and "3 green" in text
    summary = lead_client.get(reverse("governance_assurance_summary", args=[framework.pk, 2021, "swindon"]))
    assert "Rated green overall (3 green)" in summary.content.decode()
    assert len(queries) < 15


# The report's block


def rate(standard, year, area, rag, *, by):
    assessment = assurance_actions.assessment_for(standard, year, area)
    return assurance_actions.set_rag(assessment, by=by, rag=rag, rag_reason="Panel's view", reason="Rated")


def test_the_report_block_lists_the_years_standards_by_partnership_with_a_line_each(
    lead, practitioner, framework, standards, areas
):
    for standard in standards:
        rate(standard, 2021, areas["oxon"], "green", by=lead)
    swindon = rate(standards[0], 2021, areas["swindon"], "amber", by=lead)
    assurance_actions.moderate(swindon, by=lead, score=2, reason="Peer review")
    assurance_actions.save_action(
        AssuranceAction(
            assessment=swindon, description="Audit supervision records", owner=practitioner,
            due_on=datetime.date(2022, 6, 30),
        ),
        by=lead,
        reason="Added",
    )  # fmt: skip
    rate(standards[0], 2022, areas["oxon"], "red", by=lead)  # another year: not in 2021/22's block

    with CaptureQueriesContext(connection) as queries:
        whole = read_register("assurance", "Assurance", FinancialYear(2021), None)
    assert len(queries) == 2
    # Partnerships in the order of the areas' tree (BSW's Swindon before Oxfordshire), standards by number.
    assert [row[1:3] + row[4:] for row in whole.rows] == [
        ["Swindon", "1. Leadership and accountability", "Amber", "Audit supervision records (due 30/06/2022)"],
        ["Oxfordshire", "1. Leadership and accountability", "Green", "None"],
        ["Oxfordshire", "2. Safe recruitment", "Green", "None"],
        ["Oxfordshire", "3. Training", "Green", "None"],
    ]
    assert whole.rows[0][3] == "2 of 4"
    assert whole.notes == [
        "Swindon, Oxfordshire Section 11: rated amber overall (1 amber).",
        "Oxfordshire, Oxfordshire Section 11: rated green overall (3 green).",
    ]

    rate(standards[1], 2021, None, "green", by=lead)  # across the trust: in every partnership's block
    bsw = read_register("assurance", "Assurance", FinancialYear(2021), areas["bsw"])
    assert [row[1] for row in bsw.rows] == ["Whole trust", "Swindon"]
    empty = read_register("assurance", "Assurance", FinancialYear(2019), None)
    assert (empty.rows, empty.empty) == ([], "No assurance self-assessment is recorded for 2019/20.")


# The dashboard


def test_the_dashboard_flags_red_and_amber_standards_with_overdue_actions_in_fixed_queries(
    lead, practitioner, executive, client_for, standards, areas
):
    today = timezone.localdate()
    year = FinancialYear.containing(today).start_year
    client = client_for(executive)
    url = reverse("dashboard") + f"?year={year}"
    late, not_yet = today - datetime.timedelta(days=10), today + datetime.timedelta(days=30)

    def flag(standard, rag, due):
        assessment = rate(standard, year, areas["oxon"], rag, by=lead)
        assurance_actions.save_action(
            AssuranceAction(assessment=assessment, description="Do it", owner=practitioner, due_on=due),
            by=lead,
            reason="Added",
        )

    flag(standards[0], "amber", late)
    flag(standards[1], "green", late)  # overdue, but green
    flag(standards[2], "red", not_yet)  # red, but not yet due
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    board = page.context["board"]
    assert [(each.number, each.rag, each.overdue) for each in board.assurance_overdue] == [("1", "amber", 1)]
    text = page.content.decode()
    assert "Assurance standard rated amber with 1 action overdue" in text
    assert page_url(standards[0], year=year) in text

    flag(standards[2], "red", late)  # a second action on the red one, overdue
    with CaptureQueriesContext(connection) as two:
        page = client.get(url)
    assert [(each.number, each.rag) for each in page.context["board"].assurance_overdue] == [
        ("3", "red"),
        ("1", "amber"),
    ]
    assert len(one) == len(two)


def test_the_block_reaches_the_report_in_every_format_for_its_area(lead, client_for, standards, areas):
    rate(standards[0], 2021, areas["oxon"], "green", by=lead)
    rate(standards[0], 2021, areas["swindon"], "red", by=lead)
    whole = report_actions.create_report(year=FinancialYear(2021), by=lead)
    oxon = report_actions.create_report(year=FinancialYear(2021), area=areas["oxon"], by=lead)

    page = client_for(lead).get(reverse("report_detail", args=[whole.pk])).content.decode()
    assert "Section 11 and assurance self-assessment: ratings and open actions" in page
    assert "Oxfordshire, Oxfordshire Section 11: rated green overall (1 green)." in page
    assert "Swindon, Oxfordshire Section 11: rated red overall (1 red)." in page

    presented_whole = presented(whole)
    html = export(presented_whole, "html").decode()
    assert "Swindon, Oxfordshire Section 11: rated red overall (1 red)." in html
    workbook = openpyxl.load_workbook(io.BytesIO(export(presented_whole, "xlsx")))
    cells = {str(cell.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row}
    assert "1. Leadership and accountability" in cells
    document = docx.Document(io.BytesIO(export(presented_whole, "docx")))
    texts = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "1. Leadership and accountability" in texts

    pdf = PdfReader(io.BytesIO(export(presented_whole, "pdf")))
    pdf_text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    assert "rated red overall (1 red)" in pdf_text

    oxon_html = export(presented(oxon), "html").decode()
    assert "Oxfordshire, Oxfordshire Section 11: rated green overall (1 green)." in oxon_html
    assert "Swindon" not in oxon_html


def test_a_file_is_removed_with_a_reason_and_its_content_is_gone(secretary, secretary_client, lead, standards):
    assessment = assurance_actions.assessment_for(standards[0], 2021, None)
    kept = assurance_actions.add_attachment(
        assessment, by=lead, name="minutes.pdf", content=PDF, description="", reason="Minutes"
    )
    url = reverse("governance_assurance_file_remove", args=[kept.pk])

    refused = secretary_client.post(url, {"reason": ""}, follow=True)
    assert escape("Reason for removing 'minutes.pdf': give a reason") in refused.content.decode()
    assert AssessmentAttachment.objects.filter(pk=kept.pk).exists()

    removed = secretary_client.post(url, {"reason": "Holds a patient's name"}, follow=True)
    assert escape("Removed the file 'minutes.pdf'.") in removed.content.decode()
    assert not AssessmentAttachment.objects.filter(pk=kept.pk).exists()
    last = AssessmentAttachment.history.filter(id=kept.pk).order_by("-history_id").first()
    assert (last.history_type, last.history_user, last.history_change_reason) == (
        "-",
        secretary,
        "Removed: Holds a patient's name",
    )
    assert not hasattr(last, "content")  # the history never held the file itself


def test_an_action_given_to_someone_else_on_its_task_shows_them_as_its_owner(
    lead, lead_client, practitioner, standards
):
    assessment = assurance_actions.assessment_for(standards[0], 2021, None)
    action = assurance_actions.save_action(
        AssuranceAction(
            assessment=assessment, description="Update policy", owner=lead, due_on=datetime.date(2022, 1, 31)
        ),
        by=lead,
        reason="Added",
    )
    work_actions.assign(task=action.task, to=practitioner, by=lead, reason="Pat leads on policies")

    page = lead_client.get(page_url(standards[0], area="trust")).content.decode()
    owner_cell = page.split('id="actions"')[1].split("</table>")[0]
    assert "Pat Shah" in owner_cell and "Lee Morgan" not in owner_cell
