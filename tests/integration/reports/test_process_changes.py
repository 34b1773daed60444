"""Recording a process change, and withdrawing one recorded in error: a lead's page, every change kept in its
history with who and why."""

from datetime import date

from django.urls import reverse

from reports.models import ProcessChange

VALID = {
    "metric": "mash_enquiries",
    "area": "",
    "month": "2021-04",
    "note": "New MASH recording system",
    "reason": "Enquiries are counted differently on the new system",
}


def test_practitioners_and_executives_may_not_record_a_process_change(client, practitioner, executive):
    for user in (practitioner, executive):
        client.force_login(user)
        assert client.get(reverse("dashboard_process_changes")).status_code == 403
        assert client.post(reverse("dashboard_process_changes"), VALID).status_code == 403
    assert not ProcessChange.objects.exists()


def test_a_lead_records_a_process_change_with_who_and_why_in_its_history(client, lead, areas):
    client.force_login(lead)
    response = client.post(reverse("dashboard_process_changes"), {**VALID, "area": areas["oxon"].pk}, follow=True)
    change = ProcessChange.objects.get()
    assert (change.metric, change.area, change.starts_on, change.created_by) == (
        "mash_enquiries",
        areas["oxon"],
        date(2021, 4, 1),
        lead,
    )
    history = change.history.get()
    assert (history.history_user, history.history_change_reason) == (lead, VALID["reason"])
    page = response.content.decode()
    assert "Recorded: MASH enquiries processed starts again from April 2021." in page
    assert "New MASH recording system" in page


def test_a_process_change_needs_a_figure_a_month_and_what_changed(client, lead):
    client.force_login(lead)
    response = client.post(reverse("dashboard_process_changes"), {"area": ""})
    assert response.status_code == 200
    page = response.content.decode()
    for message in ("Choose the figure", "Choose the month the new process starts", "Say what changed"):
        assert message in page
    assert not ProcessChange.objects.exists()


def test_the_dashboard_offers_the_page_to_a_lead_only(client, areas, lead, executive):
    client.force_login(lead)
    assert reverse("dashboard_process_changes") in client.get(reverse("dashboard")).content.decode()
    client.force_login(executive)
    assert reverse("dashboard_process_changes") not in client.get(reverse("dashboard")).content.decode()


def _recorded(client, lead, areas):
    client.force_login(lead)
    client.post(reverse("dashboard_process_changes"), VALID)
    return ProcessChange.objects.get()


def test_a_lead_withdraws_a_change_recorded_in_error_and_the_history_says_why(client, lead, areas):
    change = _recorded(client, lead, areas)
    response = client.post(
        reverse("dashboard_process_changes"), {"withdraw": change.pk, "withdraw_reason": "Wrong figure"}, follow=True
    )
    assert not ProcessChange.objects.exists()
    assert "Withdrawn: MASH enquiries processed from April 2021." in response.content.decode()
    removal = ProcessChange.history.get(id=change.pk, history_type="-")
    assert (removal.history_user, removal.history_change_reason) == (lead, "Wrong figure")


def test_withdrawing_needs_a_reason(client, lead, areas):
    change = _recorded(client, lead, areas)
    response = client.post(reverse("dashboard_process_changes"), {"withdraw": change.pk, "withdraw_reason": ""})
    assert response.status_code == 200
    assert "Say why the change is withdrawn" in response.content.decode()
    assert ProcessChange.objects.filter(pk=change.pk).exists()
