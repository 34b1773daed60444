"""The audit log: what writes an event, what an event holds, who can read it, and that nobody can rewrite it."""

import logging

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from audit.models import Action, AppendOnlyError, AuditEvent
from core.periods import FinancialYear
from reports.annual import actions as report_actions
from tests.factories import ConsultationFactory, UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def consultation(areas):
    return ConsultationFactory(area=areas["oxon"], notes="Child disclosed something at school")


def _events(**where):
    return list(AuditEvent.objects.filter(**where))


def test_opening_a_record_writes_who_what_when_where_and_the_request_id(client, practitioner, consultation):
    client.force_login(practitioner)
    response = client.get(
        reverse("record_detail", args=["consultations", consultation.reference]), REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 200
    [event] = _events(action=Action.RECORD_VIEWED)
    assert event.user == practitioner
    assert (event.record_kind, event.record_reference) == ("consultations", consultation.reference)
    assert event.ip_address == "10.1.2.3"
    assert event.request_id == response["X-Request-ID"]
    assert event.at is not None


def test_a_request_id_given_by_the_proxy_in_front_is_kept(client, practitioner, consultation, settings):
    settings.REQUEST_ID_FROM_PROXY = True
    client.force_login(practitioner)
    client.get(
        reverse("record_detail", args=["consultations", consultation.reference]),
        HTTP_X_REQUEST_ID="proxy-id-0123456789",
    )
    assert _events(action=Action.RECORD_VIEWED)[0].request_id == "proxy-id-0123456789"


def test_a_request_id_sent_by_the_client_is_not_trusted_unless_a_proxy_sets_it(client, practitioner, consultation):
    client.force_login(practitioner)
    response = client.get(
        reverse("record_detail", args=["consultations", consultation.reference]),
        HTTP_X_REQUEST_ID="made-up-by-the-client",
    )
    [event] = _events(action=Action.RECORD_VIEWED)
    assert event.request_id != "made-up-by-the-client"
    assert event.request_id == response["X-Request-ID"]
    assert len(event.request_id) == 32


def test_a_record_outside_the_users_areas_is_not_logged_as_viewed(client, practitioner, areas):
    elsewhere = ConsultationFactory(area=areas["bsw"])
    client.force_login(practitioner)
    response = client.get(reverse("record_detail", args=["consultations", elsewhere.reference]))
    assert response.status_code == 404
    assert _events(action=Action.RECORD_VIEWED) == []


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_list_export_writes_its_format_row_count_and_filters(client, practitioner, consultation, file_format):
    ConsultationFactory(area=consultation.area)
    client.force_login(practitioner)
    response = client.get(
        reverse("record_list", args=["consultations"]), {"area": consultation.area_id, "export": file_format}
    )
    assert response.status_code == 200
    [event] = _events(action=Action.RECORDS_EXPORTED)
    assert event.user == practitioner
    assert event.record_kind == "consultations"
    assert event.detail == f"{file_format.upper()}, 2 rows; filters: area={consultation.area_id}"


def test_a_list_showing_case_references_writes_which_rows_and_filters_were_shown(client, practitioner, areas):
    for _ in range(30):
        ConsultationFactory(area=areas["oxon"])
    client.force_login(practitioner)
    client.get(reverse("record_list", args=["consultations"]), {"area": areas["oxon"].pk, "page": "2"})
    [event] = _events(action=Action.RECORDS_LISTED)
    assert (event.user, event.record_kind) == (practitioner, "consultations")
    assert event.detail == f"Rows 26 to 30 of 30; filters: area={areas['oxon'].pk}"
    assert event.get_action_display() == "Listed records with their case references"


def test_a_list_without_identifiers_writes_nothing(client, areas, consultation):
    executive = UserFactory(username="exe", role=roles.EXECUTIVE)
    client.force_login(executive)
    assert client.get(reverse("record_list", args=["consultations"])).status_code == 200
    assert not AuditEvent.objects.exclude(action=Action.SIGNED_IN).exists()


def test_a_report_export_writes_the_year_version_and_format(client, lead, areas):
    report = report_actions.create_report(year=FinancialYear(2021), by=lead)
    report_actions.approve_report(report=report, by=lead)  # the public version comes only from an approved one
    client.force_login(lead)
    response = client.get(reverse("report_export", args=[report.pk, "xlsx"]) + "?version=public")
    assert response.status_code == 200
    [event] = _events(action=Action.REPORT_EXPORTED)
    assert event.user == lead
    assert event.detail == "2021/22 (approved), XLSX, public version"


def test_signing_in_and_out_are_logged(client, practitioner):
    practitioner.set_password(PASSWORD)
    practitioner.save()
    response = client.post(reverse("login"), {"username": "pat", "password": PASSWORD}, REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 302
    [signed_in] = _events(action=Action.SIGNED_IN)
    assert (signed_in.user, signed_in.ip_address) == (practitioner, "10.9.8.7")
    client.post(reverse("logout"))
    assert [event.user for event in _events(action=Action.SIGNED_OUT)] == [practitioner]


def test_a_failed_sign_in_keeps_the_name_typed_and_never_the_password(client, practitioner, caplog):
    caplog.set_level(logging.DEBUG)
    for username in ("pat", "nobody-of-that-name"):
        client.post(reverse("login"), {"username": username, "password": "Sup3r-secret-guess!"})
    events = _events(action=Action.SIGN_IN_FAILED)
    assert sorted(event.username for event in events) == ["nobody-of-that-name", "pat"]
    stored = [str(value) for event in AuditEvent.objects.values() for value in event.values()]
    assert not any("Sup3r-secret-guess!" in value for value in stored)
    assert "Sup3r-secret-guess!" not in caplog.text


def test_a_lockout_is_logged(client, practitioner):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "pat", "password": "not the password"})
    assert [event.username for event in _events(action=Action.LOCKED_OUT)] == ["pat"]
    assert len(_events(action=Action.SIGN_IN_FAILED)) == settings.AXES_FAILURE_LIMIT


@pytest.mark.two_factor
def test_a_wrong_one_time_code_is_logged(client, lead):
    lead.set_password(PASSWORD)
    lead.save()
    TOTPDevice.objects.create(user=lead, name="Authenticator app", confirmed=True)
    client.post(reverse("login"), {"username": "lee", "password": PASSWORD})
    response = client.post(reverse("two_factor_verify"), {"code": "12345a"})
    assert response.status_code == 200
    assert [event.user for event in _events(action=Action.CODE_REFUSED)] == [lead]


@pytest.mark.two_factor
def test_a_password_alone_is_logged_as_code_pending_and_signed_in_only_after_the_code(client, lead):
    lead.set_password(PASSWORD)
    lead.save()
    device = TOTPDevice.objects.create(user=lead, name="Authenticator app", confirmed=True)
    client.post(reverse("login"), {"username": "lee", "password": PASSWORD})
    assert [event.action for event in _events(user=lead)] == [Action.PASSWORD_ACCEPTED]
    assert AuditEvent.objects.filter(action=Action.PASSWORD_ACCEPTED).get().get_action_display() == (
        "Password accepted, code pending"
    )
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    response = client.post(reverse("two_factor_verify"), {"code": f"{code:06d}"})
    assert response.status_code == 302
    assert [event.action for event in _events(user=lead)] == [Action.SIGNED_IN, Action.PASSWORD_ACCEPTED]


@pytest.mark.two_factor
def test_someone_who_never_gives_the_code_is_never_logged_as_signed_in(client, lead):
    lead.set_password(PASSWORD)
    lead.save()
    TOTPDevice.objects.create(user=lead, name="Authenticator app", confirmed=True)
    client.post(reverse("login"), {"username": "lee", "password": PASSWORD})
    client.post(reverse("two_factor_verify"), {"code": "12345a"})
    assert not _events(action=Action.SIGNED_IN)


def test_the_log_page_shows_the_name_typed_at_a_failed_sign_in(client, lead, practitioner):
    for username in ("pat", "nobody-of-that-name"):
        client.post(reverse("login"), {"username": username, "password": "not the password"})
    failed_as_pat = AuditEvent.objects.get(action=Action.SIGN_IN_FAILED, username="pat")
    assert failed_as_pat.user == practitioner  # found when a lead asks what happened to pat's account
    client.force_login(lead)
    page = client.get(reverse("audit_log"), {"action": Action.SIGN_IN_FAILED}).content.decode()
    assert "pat (name typed)" in page
    assert "nobody-of-that-name (name typed)" in page


def test_a_refused_request_is_logged_with_its_path(client, practitioner):
    client.force_login(practitioner)
    assert client.get(reverse("dashboard")).status_code == 403
    [event] = _events(action=Action.REFUSED)
    assert (event.user, event.path) == (practitioner, "/dashboard/")


def test_a_request_refused_for_a_missing_csrf_token_is_logged(practitioner):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(practitioner)
    response = strict.post(reverse("record_new", args=["consultations"]), {})
    assert response.status_code == 403
    assert [event.path for event in _events(action=Action.REFUSED)] == ["/records/consultations/new/"]


def test_notes_never_reach_the_log(client, practitioner, consultation):
    client.force_login(practitioner)
    client.get(reverse("record_detail", args=["consultations", consultation.reference]))
    client.get(reverse("record_list", args=["consultations"]), {"export": "csv"})
    stored = [str(value) for event in AuditEvent.objects.values() for value in event.values()]
    assert not any("disclosed" in value for value in stored)


# --- append-only ---


def _one_event(user):
    return AuditEvent.objects.create(action=Action.RECORD_VIEWED, user=user, record_reference="CON-1")


def test_an_event_cannot_be_changed_or_deleted_through_the_application(practitioner):
    event = _one_event(practitioner)
    event.record_reference = "CON-2"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(record_reference="CON-3")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).record_reference == "CON-1"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET record_reference = 'CON-2' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_postgresql_refuses_to_update_or_delete_an_event_even_by_raw_sql(practitioner, statement):
    event = _one_event(practitioner)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).record_reference == "CON-1"


def test_the_admin_shows_events_read_only(client, areas):
    administrator = UserFactory(role=roles.ADMINISTRATOR, is_staff=True)
    event = _one_event(administrator)
    client.force_login(administrator)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    page = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# --- the audit log page ---


def test_a_lead_finds_who_viewed_a_record(client, lead, practitioner, consultation, areas):
    other = UserFactory(username="sam", role=roles.PRACTITIONER, areas=[areas["oxon"]])
    for user in (practitioner, other):
        client.force_login(user)
        client.get(reverse("record_detail", args=["consultations", consultation.reference]))
    client.force_login(lead)
    response = client.get(
        reverse("audit_log"), {"record_kind": "consultations", "record_reference": consultation.reference}
    )
    assert response.status_code == 200
    viewers = {row.record.user for row in response.context["table"].paginated_rows}
    assert viewers == {practitioner, other}
    assert "2 entries match" in response.content.decode()


def test_the_log_is_filtered_by_each_kind_of_record_the_team_logs(client, lead, practitioner, consultation):
    client.force_login(practitioner)
    client.get(reverse("record_detail", args=["consultations", consultation.reference]))
    client.force_login(lead)
    form = client.get(reverse("audit_log")).context["filter"].form
    offered = dict(form.fields["record_kind"].choices)
    assert offered["consultations"] == "Consultation" and offered["supervision-sessions"] == "Supervision session"
    assert len(offered) == 9  # "Any kind" and the eight kinds of record

    views = {"action": Action.RECORD_VIEWED}
    assert client.get(reverse("audit_log"), {**views, "record_kind": "consultations"}).context["count"] == 1
    assert client.get(reverse("audit_log"), {**views, "record_kind": "referrals"}).context["count"] == 0


def test_a_lead_finds_what_a_user_viewed(client, lead, practitioner, areas):
    seen = [ConsultationFactory(area=areas["oxon"]) for _ in range(2)]
    ConsultationFactory(area=areas["oxon"])
    client.force_login(practitioner)
    for record in seen:
        client.get(reverse("record_detail", args=["consultations", record.reference]))
    client.force_login(lead)
    response = client.get(reverse("audit_log"), {"user": practitioner.pk, "action": Action.RECORD_VIEWED})
    references = {row.record.record_reference for row in response.context["table"].paginated_rows}
    assert references == {record.reference for record in seen}


def test_the_record_page_links_a_lead_to_its_audit_trail(client, lead, consultation):
    client.force_login(lead)
    page = client.get(reverse("record_detail", args=["consultations", consultation.reference])).content.decode()
    assert f"record_kind=consultations&amp;record_reference={consultation.reference}" in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (roles.LEAD, 200),
        (roles.ADMINISTRATOR, 200),
        (roles.PRACTITIONER, 403),
        (roles.EXECUTIVE, 403),
        (roles.SECRETARY, 403),
    ],
)
def test_only_leads_and_administrators_read_the_log(client, areas, role, status):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("audit_log")).status_code == status


def test_the_log_page_makes_the_same_number_of_queries_however_long_the_log(
    client, lead, practitioner, django_assert_max_num_queries
):
    for _ in range(3):
        _one_event(practitioner)
    client.force_login(lead)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("audit_log"))
    for _ in range(60):
        _one_event(practitioner)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("audit_log"))
