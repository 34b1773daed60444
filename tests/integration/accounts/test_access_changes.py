"""Separation of duties: roles, areas, superuser status, password resets and authenticator removals take
two people (accounts.actions). One proposes; a safeguarding lead or a superuser who is neither the proposer
nor the person concerned approves, and only then does the change apply. Nobody chooses another person's
password: its owner sets it through a one-time link. Every change is an audit event naming both people."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts.guard import AnsweringRequestMiddleware, ChangeOutsideApproval
from accounts.models import AccessChange, User
from audit.models import Action, AuditEvent
from tests.catalogue import sample_record
from tests.factories import AreaFactory, UserFactory

PASSWORD = "a-long-test-password"  # tests.factories.UserFactory's
NEW_PASSWORD = "a-brand-new-passphrase"
LINK = re.compile(r"https?://[^/\s]+(/password/set/[^\s]+/)")


@pytest.fixture
def oxfordshire(db):
    return AreaFactory(slug="oxfordshire", name="Oxfordshire")


@pytest.fixture
def second_lead(db):
    return UserFactory(username="lou", role=roles.LEAD, is_staff=True, email="lou@trust.invalid")


@pytest.fixture
def newcomer(db):
    return UserFactory(username="nia", email="nia@trust.invalid")


def _as(client, user):
    client.force_login(user)
    return client


def _propose_access(client, person, *, roles_=(), areas=(), reason="Joined the team", **extra):
    groups = [Group.objects.get(name=name).pk for name in roles_]
    data = {"roles": groups, "areas": [area.pk for area in areas], "reason": reason, "email": person.email, **extra}
    return client.post(reverse("access_propose", args=[person.pk]), data)


def _waiting(person, kind=AccessChange.Kind.ACCESS) -> AccessChange:
    return AccessChange.objects.get(user=person, kind=kind, status=AccessChange.Status.WAITING)


def _approve(client, change):
    return client.post(reverse("access_change_approve", args=[change.pk]))


def _events(action, person) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, record_kind="user", record_reference=person.username))


def _admin_form(user, **changes) -> dict:
    """The admin's user form as a browser would post it, with every field the page has ever had."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
        "usual_area": "",
        "usual_service": "",
        "_save": "Save",
        **changes,
    }
    return {name: value for name, value in data.items() if value != ""}


# Problem 1: an administrator gives themselves a records role and every area --------------------------------


def test_an_administrator_reposting_the_user_form_with_a_role_and_an_area_gains_nothing(
    client, administrator, lead, oxfordshire
):
    record = sample_record("consultations", area=oxfordshire, by=lead)
    _as(client, administrator)
    form = _admin_form(
        administrator,
        groups=[Group.objects.get(name=roles.LEAD).pk, Group.objects.get(name=roles.PRACTITIONER).pk],
        areas=[oxfordshire.pk],
        is_superuser="on",
        user_permissions=[Permission.objects.get(codename="view_all_areas").pk],
    )
    client.post(reverse("admin:accounts_user_change", args=[administrator.pk]), form)

    administrator = User.objects.get(pk=administrator.pk)
    assert administrator.role_names == [roles.ADMINISTRATOR]
    assert not administrator.areas.exists()
    assert not administrator.is_superuser
    assert not administrator.user_permissions.exists()
    assert client.get(reverse("record_detail", args=["consultations", record.reference])).status_code == 403
    assert client.get(reverse("record_list", args=["consultations"]), {"export": "csv"}).status_code == 403


def test_the_user_form_says_access_changes_only_by_approval(client, administrator, newcomer):
    page = _as(client, administrator).get(reverse("admin:accounts_user_change", args=[newcomer.pk]))
    form = page.context["adminform"].form
    assert {"groups", "areas", "is_superuser", "user_permissions"}.isdisjoint(form.fields)
    assert "Propose a change of access" in page.content.decode()
    assert reverse("access_propose", args=[newcomer.pk]) in page.content.decode()


def test_nobody_proposes_a_change_of_their_own_access(client, administrator, lead, oxfordshire):
    for person in (administrator, lead):
        response = _propose_access(_as(client, person), person, roles_=[roles.PRACTITIONER], areas=[oxfordshire])
        assert response.status_code == 403
    assert not AccessChange.objects.exists()


# The two-person rule -------------------------------------------------------------------------------------


def test_a_proposal_changes_nothing_until_a_lead_approves(client, administrator, lead, newcomer, oxfordshire):
    record = sample_record("consultations", area=oxfordshire, by=lead)
    response = _propose_access(_as(client, administrator), newcomer, roles_=[roles.PRACTITIONER], areas=[oxfordshire])
    assert response.url == reverse("access_changes")
    assert newcomer.groups.count() == 0
    assert (
        _as(client, newcomer).get(reverse("record_detail", args=["consultations", record.reference])).status_code == 403
    )

    assert _approve(_as(client, lead), _waiting(newcomer)).status_code == 302

    newcomer.refresh_from_db()
    assert newcomer.role_names == [roles.PRACTITIONER]
    assert list(newcomer.areas.all()) == [oxfordshire]
    assert (
        _as(client, newcomer).get(reverse("record_detail", args=["consultations", record.reference])).status_code == 200
    )


def test_the_audit_log_names_what_changed_who_proposed_and_who_approved(
    client, administrator, lead, newcomer, oxfordshire
):
    _propose_access(_as(client, administrator), newcomer, roles_=[roles.PRACTITIONER], areas=[oxfordshire])
    _approve(_as(client, lead), _waiting(newcomer))

    (proposed,) = _events(Action.ACCESS_PROPOSED, newcomer)
    assert proposed.user == administrator
    (approved,) = _events(Action.ACCESS_APPROVED, newcomer)
    assert approved.user == lead
    assert "roles: +Practitioner; areas: +Oxfordshire; proposed by alex, approved by lee" in approved.detail
    assert "Joined the team" not in proposed.detail + approved.detail  # the reason is typed text: never logged


def test_the_proposer_cannot_approve_their_own_proposal(client, lead, newcomer, oxfordshire):
    _propose_access(_as(client, lead), newcomer, roles_=[roles.PRACTITIONER], areas=[oxfordshire])
    assert _approve(client, _waiting(newcomer)).status_code == 403
    assert newcomer.groups.count() == 0


def test_the_person_concerned_cannot_approve_a_change_about_them(client, administrator, lead, oxfordshire):
    _propose_access(_as(client, administrator), lead, roles_=[roles.LEAD], areas=[oxfordshire])
    assert _approve(_as(client, lead), _waiting(lead)).status_code == 403
    assert not lead.areas.exists()


@pytest.mark.parametrize("role", [roles.PRACTITIONER, roles.EXECUTIVE, roles.SECRETARY, roles.ADMINISTRATOR])
def test_only_a_lead_or_a_superuser_approves(client, administrator, newcomer, oxfordshire, role):
    _propose_access(_as(client, administrator), newcomer, roles_=[roles.PRACTITIONER], areas=[oxfordshire])
    someone = UserFactory(role=role, is_staff=role == roles.ADMINISTRATOR)
    assert _approve(_as(client, someone), _waiting(newcomer)).status_code == 403
    assert newcomer.groups.count() == 0
    assert AuditEvent.objects.filter(action=Action.REFUSED, user=someone).exists()


def test_a_superuser_approves(client, administrator, newcomer, oxfordshire):
    _propose_access(_as(client, administrator), newcomer, roles_=[roles.PRACTITIONER], areas=[oxfordshire])
    superuser = UserFactory(username="root-user", is_superuser=True, is_staff=True)
    assert _approve(_as(client, superuser), _waiting(newcomer)).status_code == 302
    assert newcomer.role_names == [roles.PRACTITIONER]


def test_a_rejected_change_changes_nothing(client, administrator, lead, newcomer, oxfordshire):
    _propose_access(_as(client, administrator), newcomer, roles_=[roles.PRACTITIONER], areas=[oxfordshire])
    change = _waiting(newcomer)
    assert _as(client, lead).post(reverse("access_change_reject", args=[change.pk])).status_code == 302
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (AccessChange.Status.REJECTED, lead)
    assert newcomer.groups.count() == 0 and not newcomer.areas.exists()
    assert _approve(client, change).status_code == 302  # says it was already decided
    assert newcomer.groups.count() == 0
    assert "proposed by alex, rejected by lee" in _events(Action.ACCESS_REJECTED, newcomer)[0].detail


def test_only_the_proposer_withdraws_a_change(client, administrator, lead, newcomer, oxfordshire):
    _propose_access(_as(client, administrator), newcomer, roles_=[roles.PRACTITIONER], areas=[oxfordshire])
    change = _waiting(newcomer)
    assert _as(client, lead).post(reverse("access_change_withdraw", args=[change.pk])).status_code == 403
    assert _as(client, administrator).post(reverse("access_change_withdraw", args=[change.pk])).status_code == 302
    change.refresh_from_db()
    assert change.status == AccessChange.Status.WITHDRAWN
    assert _approve(_as(client, lead), change).status_code == 302
    assert newcomer.groups.count() == 0
    assert _events(Action.ACCESS_WITHDRAWN, newcomer)


def test_only_a_superuser_proposes_superuser_status(client, administrator, lead, newcomer):
    _propose_access(_as(client, administrator), newcomer, is_superuser="on")
    assert not AccessChange.objects.exists()  # the box is not theirs to tick: nothing to propose

    superuser = UserFactory(username="root-user", is_superuser=True, is_staff=True)
    _propose_access(_as(client, superuser), newcomer, is_superuser="on")
    _approve(_as(client, lead), _waiting(newcomer))
    newcomer.refresh_from_db()
    assert newcomer.is_superuser
    assert "superuser: no -> yes" in _events(Action.ACCESS_APPROVED, newcomer)[0].detail


def test_see_all_areas_alone_takes_two_people(client, administrator, lead, newcomer):
    _propose_access(_as(client, administrator), newcomer, roles_=[roles.PRACTITIONER], view_all_areas="on")
    assert not newcomer.has_perm("accounts.view_all_areas")
    _approve(_as(client, lead), _waiting(newcomer))
    assert User.objects.get(pk=newcomer.pk).has_perm("accounts.view_all_areas")


def test_taking_access_away_takes_two_people_too(client, administrator, lead, oxfordshire):
    practitioner = UserFactory(username="priya", role=roles.PRACTITIONER, areas=[oxfordshire], email="p@trust.invalid")
    _propose_access(_as(client, administrator), practitioner, reason="Left the trust")
    assert practitioner.role_names == [roles.PRACTITIONER]
    _approve(_as(client, lead), _waiting(practitioner))
    assert User.objects.get(pk=practitioner.pk).role_names == []
    assert "roles: -Practitioner; areas: -Oxfordshire" in _events(Action.ACCESS_APPROVED, practitioner)[0].detail


def test_a_proposal_needs_a_reason_and_a_change(client, administrator, newcomer, oxfordshire):
    page = _propose_access(_as(client, administrator), newcomer, roles_=[roles.PRACTITIONER], reason="")
    assert "reason" in page.context["form"].errors
    page = _propose_access(client, newcomer)
    assert "This is the access they have now" in page.content.decode()
    assert not AccessChange.objects.exists()


def test_one_change_of_each_kind_waits_for_a_person_at_a_time(client, administrator, newcomer, oxfordshire):
    _propose_access(_as(client, administrator), newcomer, roles_=[roles.PRACTITIONER])
    page = _propose_access(client, newcomer, roles_=[roles.EXECUTIVE])
    assert "already waiting for approval" in page.content.decode()
    assert AccessChange.objects.count() == 1


def test_the_waiting_page_shows_what_changes_from_what_to_what(client, administrator, lead, newcomer, oxfordshire):
    _propose_access(_as(client, administrator), newcomer, roles_=[roles.PRACTITIONER], areas=[oxfordshire])
    page = _as(client, lead).get(reverse("access_changes"))
    row = page.context["waiting"][0]
    assert [(d.what, d.before, d.after) for d in row["differences"]] == [
        ("Roles", "None", roles.PRACTITIONER),
        ("Areas", "None", "Oxfordshire"),
    ]
    content = page.content.decode()
    assert "Joined the team" in content and "Approve" in content
    # The proposer sees it too, without Approve
    page = _as(client, administrator).get(reverse("access_changes"))
    assert not page.context["waiting"][0]["may_decide"]
    assert page.context["waiting"][0]["may_withdraw"]


# Email addresses, where password links go -----------------------------------------------------------------


def test_the_email_of_someone_with_access_changes_only_by_proposal(client, administrator, lead, oxfordshire):
    practitioner = UserFactory(username="priya", role=roles.PRACTITIONER, areas=[oxfordshire], email="p@trust.invalid")
    _as(client, administrator).post(
        reverse("admin:accounts_user_change", args=[practitioner.pk]),
        _admin_form(practitioner, email="alex.personal@example.com"),
    )
    assert User.objects.get(pk=practitioner.pk).email == "p@trust.invalid"

    _propose_access(
        client, practitioner, roles_=[roles.PRACTITIONER], areas=[oxfordshire], email="priya.new@trust.invalid"
    )
    assert User.objects.get(pk=practitioner.pk).email == "p@trust.invalid"
    _approve(_as(client, lead), _waiting(practitioner))
    assert User.objects.get(pk=practitioner.pk).email == "priya.new@trust.invalid"
    assert "email address changed" in _events(Action.ACCESS_APPROVED, practitioner)[0].detail


# Passwords ---------------------------------------------------------------------------------------------


def _link_in(message) -> str:
    return LINK.search(message.body).group(1)


def test_the_admin_cannot_set_a_leads_password(client, administrator, lead):
    response = _as(client, administrator).post(
        reverse("admin:auth_user_password_change", args=[lead.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert response.url == reverse("access_password", args=[lead.pk])
    assert User.objects.get(pk=lead.pk).check_password(PASSWORD)


def test_an_administrator_sends_a_practitioner_a_link_alone_and_it_works_once(client, administrator, oxfordshire):
    practitioner = UserFactory(username="priya", role=roles.PRACTITIONER, areas=[oxfordshire], email="p@trust.invalid")
    response = _as(client, administrator).post(reverse("access_password", args=[practitioner.pk]))
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["p@trust.invalid"]
    link = _link_in(message)
    assert link.split("/")[-2] not in response.content.decode()
    (issued,) = _events(Action.PASSWORD_LINK_ISSUED, practitioner)
    assert issued.user == administrator

    client.logout()
    form_page = client.get(link, follow=True)
    assert "Choose your password" in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.url == reverse("login")
    assert User.objects.get(pk=practitioner.pk).check_password(NEW_PASSWORD)
    (password_set,) = _events(Action.PASSWORD_SET, practitioner)
    assert password_set.user == practitioner

    again = client.get(link, follow=True)
    assert "This link does not work" in again.content.decode()


def test_a_password_link_expires_after_24_hours(client, administrator, newcomer, monkeypatch):
    _as(client, administrator).post(reverse("access_password", args=[newcomer.pk]))
    link = _link_in(mail.outbox[0])
    issued_at = default_token_generator._now()
    monkeypatch.setattr(default_token_generator, "_now", lambda: issued_at + timedelta(hours=24, minutes=1))
    client.logout()
    assert "This link does not work" in client.get(link, follow=True).content.decode()


def test_the_link_page_refuses_a_weak_password(client, administrator, newcomer):
    _as(client, administrator).post(reverse("access_password", args=[newcomer.pk]))
    client.logout()
    form_page = client.get(_link_in(mail.outbox[0]), follow=True)
    weak = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "password123", "new_password2": "password123"}
    )
    assert weak.status_code == 200
    assert weak.context["form"].errors
    assert User.objects.get(pk=newcomer.pk).check_password(PASSWORD)


def test_changing_your_own_password_in_the_admin_is_an_event(client, administrator):
    response = _as(client, administrator).post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.url == reverse("admin:password_change_done")
    assert User.objects.get(pk=administrator.pk).check_password(NEW_PASSWORD)
    (event,) = _events(Action.PASSWORD_SET, administrator)
    assert event.user == administrator
    assert client.get(reverse("admin:index")).status_code == 200  # still signed in


def test_a_leads_password_reset_waits_for_a_second_lead_and_goes_only_to_the_lead(
    client, administrator, lead, second_lead
):
    response = _as(client, administrator).post(reverse("access_password", args=[lead.pk]), {"reason": "Forgotten"})
    assert response.url == reverse("access_changes")
    assert mail.outbox == []

    _approve(_as(client, second_lead), _waiting(lead, AccessChange.Kind.PASSWORD_RESET))
    (message,) = mail.outbox
    assert message.to == ["lee@trust.invalid"]
    (issued,) = _events(Action.PASSWORD_LINK_ISSUED, lead)
    assert "proposed by alex, approved by lou" in issued.detail
    assert User.objects.get(pk=lead.pk).check_password(PASSWORD)  # nothing chosen for them


def test_after_setting_a_password_from_the_link_a_lead_still_gives_a_code(
    client, administrator, lead, second_lead, settings
):
    TOTPDevice.objects.create(user=lead, name="Phone", confirmed=True)
    _as(client, administrator).post(reverse("access_password", args=[lead.pk]), {"reason": "Forgotten"})
    _approve(_as(client, second_lead), _waiting(lead, AccessChange.Kind.PASSWORD_RESET))
    client.logout()
    form_page = client.get(_link_in(mail.outbox[0]), follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    settings.TWO_FACTOR_REQUIRED = True
    client.post(reverse("login"), {"username": "lee", "password": NEW_PASSWORD})
    assert client.get("/dashboard/").url == f"{reverse('two_factor_verify')}?next=%2Fdashboard%2F"


def test_an_administrators_own_reset_needs_someone_else(client, administrator):
    other_administrator = UserFactory(username="ash", role=roles.ADMINISTRATOR, is_staff=True, email="a@trust.invalid")
    _as(client, other_administrator).post(reverse("access_password", args=[administrator.pk]), {"reason": "Locked"})
    assert mail.outbox == []
    assert _waiting(administrator, AccessChange.Kind.PASSWORD_RESET).proposed_by == other_administrator
    assert _as(client, administrator).post(reverse("access_password", args=[administrator.pk])).status_code == 403


def test_a_new_user_gets_a_link_and_no_password_chosen_by_the_administrator(client, administrator):
    response = _as(client, administrator).post(
        reverse("admin:accounts_user_add"),
        {"username": "new-starter", "first_name": "Nell", "last_name": "Stone", "email": "nell@trust.invalid"},
    )
    assert response.status_code == 302
    user = User.objects.get(username="new-starter")
    assert not user.has_usable_password()
    assert user.groups.count() == 0
    (message,) = mail.outbox
    assert message.to == ["nell@trust.invalid"]
    assert _events(Action.USER_CHANGED, user)
    assert _events(Action.PASSWORD_LINK_ISSUED, user)


# Problem 2: an administrator takes over a safeguarding lead's account -------------------------------------


def test_an_administrator_cannot_take_over_a_leads_account(client, administrator, lead, settings):
    device = TOTPDevice.objects.create(user=lead, name="Phone", confirmed=True)
    _as(client, administrator)
    client.post(
        reverse("admin:auth_user_password_change", args=[lead.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    client.post(reverse("access_authenticator", args=[lead.pk]), {"reason": "Lost phone"})
    client.post(reverse("access_password", args=[lead.pk]), {"reason": "Forgotten"})

    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert User.objects.get(pk=lead.pk).check_password(PASSWORD)
    assert mail.outbox == []
    client.logout()
    settings.TWO_FACTOR_REQUIRED = True
    client.post(reverse("login"), {"username": "lee", "password": NEW_PASSWORD})
    assert "_auth_user_id" not in client.session


# Active status -----------------------------------------------------------------------------------------


def test_deactivating_someone_is_an_event_and_nobody_deactivates_themselves(client, administrator, newcomer):
    _as(client, administrator).post(
        reverse("admin:accounts_user_change", args=[newcomer.pk]), _admin_form(newcomer, is_active="")
    )
    assert not User.objects.get(pk=newcomer.pk).is_active
    (event,) = _events(Action.USER_CHANGED, newcomer)
    assert event.user == administrator and "active: yes -> no" in event.detail

    client.post(
        reverse("admin:accounts_user_change", args=[administrator.pk]), _admin_form(administrator, is_active="")
    )
    assert User.objects.get(pk=administrator.pk).is_active


# The safety net ----------------------------------------------------------------------------------------


def _answer(view):
    """A request answered through the guard's middleware, as every request is (it is first in MIDDLEWARE)."""
    return AnsweringRequestMiddleware(view)(RequestFactory().get("/"))


def test_a_request_that_fails_leaves_no_guard_behind_it(newcomer, oxfordshire):
    def failing_view(request):
        raise RuntimeError("the view failed")

    with pytest.raises(RuntimeError):
        _answer(failing_view)
    newcomer.areas.add(oxfordshire)  # outside any request again: allowed
    assert list(newcomer.areas.all()) == [oxfordshire]


def test_inside_a_request_roles_and_areas_change_only_through_an_approved_change(newcomer, oxfordshire):
    lead_role = Group.objects.get(name=roles.LEAD)

    def view(request):
        with pytest.raises(ChangeOutsideApproval), transaction.atomic():
            newcomer.groups.add(lead_role)
        with pytest.raises(ChangeOutsideApproval), transaction.atomic():
            newcomer.areas.add(oxfordshire)
        newcomer.is_superuser = True
        with pytest.raises(ChangeOutsideApproval), transaction.atomic():
            newcomer.save()
        return HttpResponse()

    assert settings.MIDDLEWARE[0] == "accounts.guard.AnsweringRequestMiddleware"
    _answer(view)
    fresh = User.objects.get(pk=newcomer.pk)
    assert (fresh.groups.count(), fresh.areas.count(), fresh.is_superuser) == (0, 0, False)
    fresh.groups.add(lead_role)  # outside a request (the demo loader, a test's set-up): allowed
