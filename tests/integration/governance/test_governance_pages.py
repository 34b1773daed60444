"""The pages where the service keeps its audits, priorities, policies and learning from reviews: every change
names who made it and why in the row's history, a refused form keeps what was typed, and readers of the reports
may read the lists without being offered changes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.actions import save_record
from governance.models import Policy, Priority, PriorityUpdate, ReviewLearning, ServiceAudit


@pytest.fixture
def secretary_client(client_for, secretary):
    return client_for(secretary)


def audit(by, **fields) -> ServiceAudit:
    return save_record(ServiceAudit(**{"year": 2021, "name": "Records audit", **fields}), by=by, reason="Added")


def latest_history(model, pk):
    return model.history.filter(id=pk).order_by("-history_id").first()


# Audits


def test_the_secretary_adds_an_audit_with_its_action_and_it_is_listed_for_its_year(secretary, secretary_client, areas):
    response = secretary_client.post(
        reverse("governance_audit_add"),
        {
            "year": "2021",
            "name": "Mental Capacity Act audit",
            "scope": "40 records",
            "area": areas["oxon"].pk,
            "status": "completed",
            "started_on": "01/09/2021",
            "completed_on": "30/11/2021",
            "findings": "Capacity assessed in 36 of 40",
            "action_taken": "Training refreshed for ward staff",
        },
    )

    assert response.status_code == 302
    saved = ServiceAudit.objects.get()
    assert (saved.name, saved.completed_on, saved.action_taken) == (
        "Mental Capacity Act audit",
        datetime.date(2021, 11, 30),
        "Training refreshed for ward staff",
    )
    row = latest_history(ServiceAudit, saved.pk)
    assert (row.history_user, row.history_change_reason) == (secretary, "Audit added")
    page = secretary_client.get(reverse("governance_audit_list"), {"year": "2021"}).content.decode()
    assert "Mental Capacity Act audit" in page
    assert "Training refreshed for ward staff" in page


def test_the_audit_list_shows_only_the_year_chosen(lead, client_for):
    audit(lead, year=2020, name="Audit of 2020/21")
    audit(lead, year=2021, name="Audit of 2021/22")

    page = client_for(lead).get(reverse("governance_audit_list"), {"year": "2020"}).content.decode()

    assert "Audit of 2020/21" in page
    assert "Audit of 2021/22" not in page


def test_a_refused_audit_keeps_what_was_typed_and_says_why(secretary_client):
    response = secretary_client.post(
        reverse("governance_audit_add"),
        {"year": "2021", "name": "Audit of referrals", "status": "completed", "findings": "Most were timely"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "A completed audit needs the date it was completed." in page
    assert 'value="Audit of referrals"' in page
    assert "Most were timely" in page
    assert not ServiceAudit.objects.exists()


def test_changing_an_audit_asks_why_and_keeps_the_reason_in_its_history(lead, secretary, secretary_client):
    saved = audit(lead)
    url = reverse("governance_audit_edit", args=[saved.pk])
    data = {"year": "2021", "name": "Records audit", "status": "in_progress", "started_on": "01/10/2021"}

    refused = secretary_client.post(url, data)
    assert "Give a reason for the change" in refused.content.decode()
    assert 'value="01/10/2021"' in refused.content.decode()

    secretary_client.post(url, {**data, "reason": "Audit started"})

    saved.refresh_from_db()
    assert saved.status == ServiceAudit.Status.IN_PROGRESS
    row = latest_history(ServiceAudit, saved.pk)
    assert (row.history_user, row.history_change_reason) == (secretary, "Audit started")


def test_deleting_an_audit_needs_a_reason_kept_in_its_history(lead, secretary, secretary_client):
    saved = audit(lead)
    url = reverse("governance_audit_delete", args=[saved.pk])

    assert "Give a reason for deleting it" in secretary_client.post(url, {"reason": ""}).content.decode()
    assert ServiceAudit.objects.exists()

    secretary_client.post(url, {"reason": "Entered twice"})

    assert not ServiceAudit.objects.exists()
    row = latest_history(ServiceAudit, saved.pk)
    assert (row.history_type, row.history_user, row.history_change_reason) == ("-", secretary, "Deleted: Entered twice")


def test_an_executive_reads_the_audits_but_is_offered_no_change(lead, executive, client_for):
    saved = audit(lead)

    page = client_for(executive).get(reverse("governance_audit_list"), {"year": "2021"}).content.decode()

    assert "Records audit" in page
    assert reverse("governance_audit_add") not in page
    assert reverse("governance_audit_edit", args=[saved.pk]) not in page


# Priorities: we said, we did


def test_a_we_did_update_is_added_to_a_priority_and_shown_under_it(lead, secretary, secretary_client):
    priority = save_record(
        Priority(year=2021, title="Training", we_said="Level 3 training for every nurse"), by=lead, reason="Added"
    )

    response = secretary_client.post(
        reverse("governance_priority_update_add", args=[priority.pk]),
        {"on": "31/03/2022", "we_did": "92% of nurses trained at level 3"},
    )

    assert response.status_code == 302
    update = PriorityUpdate.objects.get()
    assert (update.priority, update.on) == (priority, datetime.date(2022, 3, 31))
    row = latest_history(PriorityUpdate, update.pk)
    assert (row.history_user, row.history_change_reason) == (secretary, "'We did' update added")
    page = secretary_client.get(reverse("governance_priority_list"), {"year": "2021"}).content.decode()
    assert "Level 3 training for every nurse" in page
    assert "92% of nurses trained at level 3" in page


def test_a_we_did_update_without_its_text_keeps_the_date_typed(lead, secretary_client):
    priority = save_record(Priority(year=2021, title="Training", we_said="Train"), by=lead, reason="Added")

    response = secretary_client.post(
        reverse("governance_priority_update_add", args=[priority.pk]), {"on": "31/03/2022", "we_did": ""}
    )

    page = response.content.decode()
    assert "Enter what the service did" in page
    assert 'value="31/03/2022"' in page
    assert not PriorityUpdate.objects.exists()


def test_a_priority_is_added_for_a_year_and_listed_under_it(secretary_client):
    secretary_client.post(
        reverse("governance_priority_add"),
        {"year": "2022", "position": "1", "title": "Think family", "we_said": "Embed the think family approach"},
    )

    assert Priority.objects.get().year == 2022
    page = secretary_client.get(reverse("governance_priority_list"), {"year": "2022"}).content.decode()
    assert "Think family" in page


# Policies


def test_policies_past_their_review_date_are_marked_overdue_and_counted(lead, client_for):
    today = timezone.localdate()
    save_record(
        Policy(
            title="Chaperone policy",
            owner="Head of safeguarding",
            last_reviewed=today - datetime.timedelta(days=800),
            review_due=today - datetime.timedelta(days=1),
        ),
        by=lead,
        reason="Added",
    )
    save_record(
        Policy(
            title="Prevent policy",
            owner="Head of safeguarding",
            last_reviewed=today - datetime.timedelta(days=10),
            review_due=today + datetime.timedelta(days=700),
        ),
        by=lead,
        reason="Added",
    )

    page = client_for(lead).get(reverse("governance_policy_list")).content.decode()

    assert "1 policy is past its review date." in page
    chaperone, prevent = page.split("Chaperone policy")[1].split("</tr>")[0], page.split("Prevent policy")[1]
    assert "Review overdue" in chaperone
    assert "Review overdue" not in prevent.split("</tr>")[0]


def test_a_policy_due_before_its_last_review_is_refused_in_the_models_words(secretary_client):
    response = secretary_client.post(
        reverse("governance_policy_add"),
        {
            "title": "Domestic abuse policy",
            "owner": "Named nurse",
            "last_reviewed": "01/06/2022",
            "review_due": "01/06/2021",
        },
    )

    page = response.content.decode()
    assert "A policy&#x27;s next review is due after its last review." in page
    assert 'value="Domestic abuse policy"' in page
    assert not Policy.objects.exists()


def test_a_policy_is_changed_with_a_reason(lead, secretary, secretary_client):
    policy = save_record(
        Policy(
            title="Prevent policy",
            owner="Named nurse",
            last_reviewed=datetime.date(2021, 4, 1),
            review_due=datetime.date(2023, 4, 1),
        ),
        by=lead,
        reason="Added",
    )

    secretary_client.post(
        reverse("governance_policy_edit", args=[policy.pk]),
        {
            "title": "Prevent policy",
            "owner": "Named nurse",
            "last_reviewed": "01/04/2023",
            "review_due": "01/04/2026",
            "reason": "Reviewed",
        },
    )

    policy.refresh_from_db()
    assert policy.review_due == datetime.date(2026, 4, 1)
    row = latest_history(Policy, policy.pk)
    assert (row.history_user, row.history_change_reason) == (secretary, "Reviewed")


# Learning from reviews


def test_learning_from_a_review_is_added_and_changed_with_who_and_why(secretary, secretary_client, areas):
    secretary_client.post(
        reverse("governance_learning_add"),
        {"year": "2021", "kind": "sar", "area": areas["bsw"].pk, "themes": "Self-neglect", "shared_how": "Briefing"},
    )
    learning = ReviewLearning.objects.get()
    assert (learning.kind, learning.area, learning.themes) == ("sar", areas["bsw"], "Self-neglect")

    secretary_client.post(
        reverse("governance_learning_edit", args=[learning.pk]),
        {"year": "2021", "kind": "sar", "themes": "Self-neglect; hoarding", "reason": "Second theme agreed"},
    )

    learning.refresh_from_db()
    assert learning.themes == "Self-neglect; hoarding"
    row = latest_history(ReviewLearning, learning.pk)
    assert (row.history_user, row.history_change_reason) == (secretary, "Second theme agreed")
    page = secretary_client.get(reverse("governance_learning_list"), {"year": "2021"}).content.decode()
    assert "Self-neglect; hoarding" in page


# Where it is found: from the Reports page, whose reports read it


@pytest.mark.parametrize(("who", "shown"), [("lead", True), ("secretary", True), ("executive", False)])
def test_the_reports_page_leads_those_who_keep_governance_to_it(request, client_for, who, shown):
    page = client_for(request.getfixturevalue(who)).get(reverse("report_list")).content.decode()

    assert (f'href="{reverse("governance_audit_list")}"' in page) is shown
