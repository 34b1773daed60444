"""Allegations against staff: read only by the people named on each, whatever anyone's role, areas or superuser
status; opened only with a reason the audit log keeps; counted by area in the report's figure, linked from no
figure."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from activity import allegations as actions
from activity import rollups
from activity.metrics import METRICS
from activity.models import Allegation, AllegationManager, DailyCount, Return
from activity.record_types import RECORD_TYPES
from audit.models import Action, AuditEvent
from core.periods import FinancialYear
from reports.dashboard import drill_down_url
from reports.figures import year_table
from tests.factories import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

NOTES = "Raised by a parent after a home visit; strategy discussion held."
Y2021, Y2022 = FinancialYear(2021), FinancialYear(2022)


def _record(by, area, *, day=date(2021, 6, 1), kind="lado", notes=NOTES, **fields):
    allegation = Allegation(kind=kind, date=day, area=area, category="physical", notes=notes, **fields)
    return actions.record_allegation(allegation=allegation, by=by)


@pytest.fixture
def other_lead(db):
    return UserFactory(username="robin", first_name="Robin", last_name="Hale", role=roles.LEAD, is_staff=True)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", first_name="Sol", last_name="Root", is_superuser=True, is_staff=True)


@pytest.fixture
def allegation(lead, areas):
    return _record(lead, areas["oxon"])


@pytest.fixture
def not_named(practitioner, executive, secretary, administrator, superuser, other_lead):
    return {
        "practitioner": practitioner,
        "executive": executive,
        "secretary": secretary,
        "administrator": administrator,
        "superuser": superuser,
        "lead not named": other_lead,
    }


def _open(client, allegation, reason="Preparing for the strategy meeting"):
    return client.post(reverse("allegation_detail", args=[allegation.reference]), {"reason": reason})


# Who reads an allegation ------------------------------------------------------------------------------------------


def test_nobody_but_the_named_lead_reads_it_anywhere(client_for, allegation, not_named, lead):
    _open(client_for(lead), allegation)  # so that the audit log names it
    reference = allegation.reference
    pages = [reverse(name, args=[reference]) for name in ("allegation_detail", "allegation_edit", "allegation_close")]
    pages.append(reverse("allegation_names", args=[reference]))
    named = allegation.managers.get()
    pages.append(reverse("allegation_name_remove", args=[reference, named.pk]))
    for who, user in not_named.items():
        client = client_for(user)
        for url in pages:
            assert client.get(url).status_code == 404, (who, url)
            assert client.post(url, {"reason": "Curious"}).status_code == 404, (who, url)
        # The list and its export: refused without the permission, and without this allegation with it.
        for query in ("", "?export=csv", f"?export=csv&kind=lado&year=2021&area={allegation.area_id}"):
            response = client.get(reverse("allegation_list") + query)
            assert response.status_code in (200, 403), who
            assert reference not in response.content.decode(), who
            assert NOTES not in response.content.decode(), who
        # The record lists' search by reference, of every kind, and a list of allegations as a kind of record.
        for kind in RECORD_TYPES:
            response = client.get(reverse("record_list", args=[kind]), {"q": reference})
            if response.status_code == 200:  # the search box says what was asked; no row answers it
                assert 'role="status">0 records match' in response.content.decode(), (who, kind)
                assert f"/allegations/{reference}/" not in response.content.decode(), (who, kind)
        assert client.get(reverse("record_list", args=["allegations"])).status_code == 404
        # The audit log names it (the lead opened it) but links to it for nobody, and the home page never shows it.
        audit_log = client.get(reverse("audit_log"), {"record_reference": reference})
        if audit_log.status_code == 200:
            page = audit_log.content.decode()
            assert reference in page, who
            assert f"/allegations/{reference}/" not in page, who
        assert reference not in client.get(reverse("home")).content.decode(), who
    assert AllegationManager.objects.filter(allegation=allegation).count() == 1


def test_the_named_lead_lists_it_and_opens_it_only_by_saying_why(client_for, allegation, lead):
    client = client_for(lead)
    listed = client.get(reverse("allegation_list")).content.decode()
    assert allegation.reference in listed
    assert NOTES not in listed

    asked = client.get(reverse("allegation_detail", args=[allegation.reference]))
    assert asked.status_code == 200
    assert "Why are you opening this allegation?" in asked.content.decode()
    assert NOTES not in asked.content.decode()
    assert not AuditEvent.objects.filter(action=Action.RECORD_VIEWED, record_reference=allegation.reference).exists()

    refused = _open(client, allegation, reason="   ")
    assert "Say why you are opening this allegation" in refused.content.decode()
    assert NOTES not in refused.content.decode()
    assert not AuditEvent.objects.filter(action=Action.RECORD_VIEWED, record_reference=allegation.reference).exists()

    opened = _open(client, allegation, reason="Preparing for the strategy meeting")
    assert NOTES in opened.content.decode()
    event = AuditEvent.objects.get(action=Action.RECORD_VIEWED, record_reference=allegation.reference)
    assert event.user == lead
    assert event.record_kind == "allegations"
    assert "Preparing for the strategy meeting" in event.detail


def test_its_change_page_shows_it_only_to_someone_who_said_why_they_opened_it_in_the_last_half_hour(
    client_for, allegation, lead
):
    client = client_for(lead)
    url = reverse("allegation_edit", args=[allegation.reference])
    detail = reverse("allegation_detail", args=[allegation.reference])
    AuditEvent.objects.create(
        action=Action.RECORD_VIEWED,
        user=lead,
        record_kind="allegations",
        record_reference=allegation.reference,
        detail="Opened: Yesterday's meeting",
        at=timezone.now() - timedelta(minutes=31),
    )

    unopened = client.get(url)
    assert (unopened.status_code, unopened["Location"]) == (302, detail)
    assert client.post(url, _edit_data(allegation, category="neglect")).status_code == 302
    allegation.refresh_from_db()
    assert allegation.category == "physical"

    _open(client, allegation)
    opened = client.get(url)
    assert opened.status_code == 200
    assert NOTES in opened.content.decode()
    assert AuditEvent.objects.filter(record_reference=allegation.reference, detail="Change page").count() == 1


def test_the_audit_log_shows_who_opened_it_and_why(client_for, allegation, lead):
    client = client_for(lead)
    _open(client, allegation, reason="Checking the LADO's advice")
    page = client.get(reverse("audit_log"), {"record_reference": allegation.reference}).content.decode()
    assert "Checking the LADO&#x27;s advice" in page or "Checking the LADO's advice" in page
    assert "Lee Morgan" in page or "lee" in page


def test_the_drill_down_from_the_figure_links_to_nothing_for_anyone(client_for, allegation, lead, executive, areas):
    metric = METRICS["allegations_against_staff"]
    assert metric.restricted
    assert drill_down_url(metric, Y2021, areas["trust"]) is None
    for user in (lead, executive):
        page = client_for(user).get(reverse("dashboard")).content.decode()
        assert "/allegations/" not in page
        assert allegation.reference not in page


def test_allegations_are_not_in_the_admin_even_for_a_superuser(client_for, superuser, allegation):
    assert not {Allegation, AllegationManager} & set(admin.site._registry)
    page = client_for(superuser).get(reverse("admin:index")).content.decode()
    assert "allegation" not in page.lower()


def test_the_records_index_links_to_allegations_only_for_those_who_record_them(client_for, lead, practitioner):
    assert reverse("allegation_list") in client_for(lead).get(reverse("records_index")).content.decode()
    assert reverse("allegation_list") not in client_for(practitioner).get(reverse("records_index")).content.decode()


def test_only_those_who_may_record_allegations_record_one(client_for, practitioner, lead, areas):
    data = {"kind": "pipot", "date": "02/06/2021", "area": areas["swindon"].pk, "category": "neglect", "notes": ""}
    assert client_for(practitioner).post(reverse("allegation_new"), data).status_code == 403
    with pytest.raises(PermissionDenied):
        _record(practitioner, areas["oxon"])
    assert not Allegation.objects.exists()

    response = client_for(lead).post(reverse("allegation_new"), data)
    allegation = Allegation.objects.get()
    assert response.status_code == 302
    assert (allegation.kind, allegation.area, allegation.status) == ("pipot", areas["swindon"], "open")
    assert list(allegation.managers.values_list("user", flat=True)) == [lead.pk]
    assert allegation.history.get().history_user == lead


def test_the_list_filters_by_kind_area_status_and_year(client_for, lead, areas):
    lado = _record(lead, areas["oxon"], day=date(2021, 6, 1))
    pipot = _record(lead, areas["swindon"], kind="pipot", day=date(2022, 5, 1))
    client = client_for(lead)

    def listed(**query):
        page = client.get(reverse("allegation_list"), query).content.decode()
        return {each.reference for each in (lado, pipot) if each.reference in page}

    assert listed() == {lado.reference, pipot.reference}
    assert listed(kind="pipot") == {pipot.reference}
    assert listed(area=areas["bsw"].pk) == {pipot.reference}  # Swindon is in BSW
    assert listed(year="2021") == {lado.reference}
    assert listed(status="closed") == set()


def test_the_list_reads_the_same_number_of_queries_however_many_allegations(
    client_for, lead, areas, django_assert_max_num_queries
):
    client = client_for(lead)
    _record(lead, areas["oxon"])
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("allegation_list"))
    for _ in range(5):
        _record(lead, areas["swindon"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("allegation_list"))


def test_the_export_is_the_named_leads_alone_audited_and_safe_in_a_spreadsheet(client_for, lead, other_lead, areas):
    service = ServiceFactory(name='=HYPERLINK("http://example.invalid","Click")')
    mine = _record(lead, areas["oxon"], service=service)
    theirs = _record(other_lead, areas["oxon"])

    response = client_for(lead).get(reverse("allegation_list"), {"export": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[0] for row in rows[1:]] == [mine.reference]
    assert theirs.reference not in response.content.decode()
    assert NOTES not in response.content.decode()
    assert rows[1][rows[0].index("Service")] == "'" + service.name
    event = AuditEvent.objects.get(action=Action.RECORDS_EXPORTED, record_kind="allegations")
    assert (event.user, event.detail.startswith("CSV, 1 rows")) == (lead, True)


# Who is named -----------------------------------------------------------------------------------------------------


def test_naming_rules(allegation, lead, other_lead, practitioner, areas):
    with pytest.raises(ValidationError, match="reason"):
        actions.name_person(allegation=allegation, user=other_lead, by=lead, reason=" ")
    with pytest.raises(ValidationError, match="already named"):
        actions.name_person(allegation=allegation, user=lead, by=lead, reason="Cover")
    with pytest.raises(ValidationError, match="permission to record allegations"):
        actions.name_person(allegation=allegation, user=practitioner, by=lead, reason="Cover")
    with pytest.raises(PermissionDenied):  # only someone named names anyone
        actions.name_person(allegation=allegation, user=other_lead, by=other_lead, reason="Cover")

    named = actions.name_person(allegation=allegation, user=other_lead, by=lead, reason="Covering the leave")
    assert (named.named_by, named.reason) == (lead, "Covering the leave")
    assert set(Allegation.objects.visible_to(other_lead)) == {allegation}
    assert named.history.get().history_change_reason == "Covering the leave"
    with pytest.raises(ValidationError, match="already named"):
        actions.name_person(allegation=allegation, user=other_lead, by=lead, reason="Again")


def test_taking_a_name_off_needs_a_reason_and_never_leaves_nobody(allegation, lead, other_lead):
    mine = allegation.managers.get(user=lead)
    with pytest.raises(ValidationError, match="only person named"):
        actions.remove_name(named=mine, by=lead, reason="Leaving the trust")
    theirs = actions.name_person(allegation=allegation, user=other_lead, by=lead, reason="Taking it over")
    with pytest.raises(ValidationError, match="reason"):
        actions.remove_name(named=mine, by=other_lead, reason="")

    actions.remove_name(named=mine, by=other_lead, reason="Lee has left the team")

    assert not Allegation.objects.visible_to(lead).exists()
    assert list(allegation.managers.all()) == [theirs]
    removed = AllegationManager.history.filter(user=lead, history_type="-").get()
    assert (removed.history_user, removed.history_change_reason) == (other_lead, "Lee has left the team")


def test_naming_and_taking_off_through_the_pages(client_for, allegation, lead, other_lead):
    client = client_for(lead)
    names = reverse("allegation_names", args=[allegation.reference])
    assert other_lead.get_full_name() in client.get(names).content.decode()
    refused = client.post(names, {"user": other_lead.pk, "reason": ""})
    assert "Say why they are being named" in refused.content.decode()
    assert client.post(names, {"user": other_lead.pk, "reason": "Second lead"}).status_code == 302
    assert client_for(other_lead).get(reverse("allegation_detail", args=[allegation.reference])).status_code == 200

    theirs = allegation.managers.get(user=other_lead)
    remove = reverse("allegation_name_remove", args=[allegation.reference, theirs.pk])
    assert client.post(remove, {"reason": "No longer needed"}).status_code == 302
    assert client_for(other_lead).get(reverse("allegation_detail", args=[allegation.reference])).status_code == 404


# Changing and closing -------------------------------------------------------------------------------------------


def _edit_data(allegation, **changes):
    data = {
        "kind": allegation.kind,
        "date": allegation.date.strftime("%d/%m/%Y"),
        "area": allegation.area_id,
        "service": "",
        "category": allegation.category,
        "status": allegation.status,
        "outcome": "",
        "closed_on": "",
        "notes": allegation.notes,
        "reason": "Wrong area",
        "version": allegation.version,
    }
    return {**data, **changes}


def test_a_change_needs_a_reason_and_a_stale_one_is_refused(client_for, allegation, lead, other_lead, areas):
    actions.name_person(allegation=allegation, user=other_lead, by=lead, reason="Second lead")
    url = reverse("allegation_edit", args=[allegation.reference])
    mine = _edit_data(allegation, area=areas["swindon"].pk)

    mine_client, theirs_client = client_for(lead), client_for(other_lead)
    _open(mine_client, allegation)
    _open(theirs_client, allegation)
    no_reason = mine_client.post(url, {**mine, "reason": ""})
    assert "Give a reason for the change" in no_reason.content.decode()
    assert theirs_client.post(url, _edit_data(allegation, category="neglect")).status_code == 302
    stale = mine_client.post(url, mine)

    assert "after you started changing it" in stale.content.decode()
    allegation.refresh_from_db()
    assert (allegation.area, allegation.category, allegation.version) == (areas["oxon"], "neglect", 2)
    assert allegation.history.first().history_change_reason == "Wrong area"


def test_closing_takes_a_date_and_an_outcome(client_for, allegation, lead):
    url = reverse("allegation_close", args=[allegation.reference])
    client = client_for(lead)
    early = client.post(url, {"closed_on": "31/05/2021", "outcome": "unfounded", "reason": "Done", "version": 1})
    assert "cannot be closed before it was received" in early.content.decode()
    no_outcome = client.post(url, {"closed_on": "30/06/2021", "outcome": "", "reason": "Done", "version": 1})
    assert "Choose the outcome" in no_outcome.content.decode()

    closed = client.post(url, {"closed_on": "30/06/2021", "outcome": "unfounded", "reason": "LADO: no further action",
                               "version": 1})  # fmt: skip

    assert closed.status_code == 302
    allegation.refresh_from_db()
    assert (allegation.status, allegation.closed_on, allegation.outcome) == ("closed", date(2021, 6, 30), "unfounded")


def test_an_open_allegation_given_an_outcome_is_refused(client_for, allegation, lead):
    url = reverse("allegation_edit", args=[allegation.reference])
    client = client_for(lead)
    _open(client, allegation)
    response = client.post(url, _edit_data(allegation, outcome="unfounded"))
    assert "Only a closed allegation has an outcome" in response.content.decode()
    allegation.refresh_from_db()
    assert allegation.outcome == ""


# Counts ------------------------------------------------------------------------------------------------------------


def test_the_reports_figure_counts_them_by_area_and_records_win_over_returns(lead, areas):
    for day in (date(2021, 5, 3), date(2021, 9, 14), date(2022, 2, 1)):
        _record(lead, areas["oxon"], day=day)
    _record(lead, areas["swindon"], kind="pipot", day=date(2021, 11, 30))
    _record(lead, areas["swindon"], kind="pipot", day=date(2022, 4, 1))  # the next year
    # A return said 7 for Oxfordshire in 2021/22: the records (3) win.
    Return.objects.create(
        metric="allegations_against_staff",
        area=areas["oxon"],
        period_start=Y2021.start,
        period_end=Y2021.end,
        value=7,
        source="Allegations log",
        entered_by=lead,
        updated_by=lead,
    )

    table = year_table("allegations_against_staff", [Y2021, Y2022], by="area", area_rows="leaves")

    rows = {row.label: row.values for row in table.rows}
    assert rows["Oxfordshire"] == [3, 0]
    assert rows["Swindon"] == [1, 1]
    assert table.total.values == [4, 1]


def test_the_daily_counts_follow_every_write_as_a_rebuild_would(lead, areas):
    first = _record(lead, areas["oxon"], day=date(2021, 5, 3))
    second = _record(lead, areas["swindon"], day=date(2021, 7, 1))
    actions.change_allegation(allegation=first, by=lead, reason="Wrong area", area=areas["swindon"])
    actions.change_allegation(allegation=second, by=lead, reason="Wrong date", date=date(2021, 6, 30))
    actions.close_allegation(
        allegation=second, by=lead, closed_on=date(2021, 8, 1), outcome="unsubstantiated", reason="Closed"
    )

    def counts():
        return sorted(
            DailyCount.objects.filter(series__in=["allegations_against_staff", rollups.in_use_series(Allegation)])
            .values_list("series", "area__slug", "day", "count")
            .order_by()
        )

    kept = counts()
    rollups.rebuild()
    assert counts() == kept
    assert ("allegations_against_staff", "swindon", date(2021, 5, 3), 1) in kept
    assert ("allegations_against_staff", "swindon", date(2021, 6, 30), 1) in kept
    assert not any(row[1] == "oxon" for row in kept)


def test_every_write_is_in_the_audit_log_without_the_reason_typed(allegation, lead, other_lead):
    reason = "Parent rang with new information"
    actions.change_allegation(allegation=allegation, by=lead, reason=reason, status="investigating")
    named = actions.name_person(allegation=allegation, user=other_lead, by=lead, reason="Covering my leave")
    actions.close_allegation(
        allegation=allegation, by=other_lead, closed_on=date(2021, 7, 1), outcome="unfounded", reason="Concluded"
    )
    actions.remove_name(named=named, by=lead, reason="Back from leave")

    written = list(
        AuditEvent.objects.filter(action=Action.ALLEGATION_CHANGED, record_reference=allegation.reference)
        .order_by("id")
        .values_list("user__username", "detail")
    )
    assert written == [
        (lead.username, "Recorded"),
        (lead.username, "Changed"),
        (lead.username, "Named robin"),
        ("robin", "Closed"),
        (lead.username, "Took robin's name off"),
    ]
    assert not AuditEvent.objects.filter(detail__contains=reason).exists()
