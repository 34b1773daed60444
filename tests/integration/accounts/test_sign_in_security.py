"""Sign-in hardening: password hashing and strength, lockout, session limits and the
one-time code for leads and administrators (docs/security.md)."""

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.contrib.auth import user_logged_in, user_login_failed
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts.middleware import LAST_SEEN, SIGNED_IN_AT
from accounts.models import User
from accounts.two_factor import DEMO_KEY
from safeguarding import settings as project_settings
from tests.factories import UserFactory

PASSWORD = "a-long-test-password"
LOCKED_OUT = "You cannot sign in just now"


def _sign_in(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _signed_in_as(client):
    return client.session.get("_auth_user_id")


def _page_without_tokens(response) -> str:
    """The page with what changes on every response (the CSRF token) taken out."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _code(device: TOTPDevice, steps_from_now: int = 0) -> str:
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + steps_from_now
    )
    return f"{code:06d}"


def _wrong_code(device: TOTPDevice) -> str:
    right = {_code(device, steps) for steps in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in right)


# Passwords ---------------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2(settings):
    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert make_password("a-long-test-password").startswith("argon2$")


def test_an_older_password_hash_becomes_argon2_at_the_next_sign_in(client, db, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = UserFactory(username="priya")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save()
    assert _sign_in(client, "priya").status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


@pytest.mark.parametrize("weak", ["short-pw", "password123456", "123456789012", "priyashah2024"])
def test_a_weak_password_is_refused_where_a_password_is_set(db, weak):
    user = UserFactory(username="priyashah2024", first_name="Priya", last_name="Shah")
    with pytest.raises(ValidationError):
        validate_password(weak, user=user)
    form = SetPasswordForm(user, data={"new_password1": weak, "new_password2": weak})
    assert not form.is_valid()
    assert "new_password2" in form.errors


# Lockout -------------------------------------------------------------------------------


def test_a_wrong_password_and_an_unknown_username_get_the_same_message(client, db):
    UserFactory(username="priya")
    wrong_password = _sign_in(client, "priya", "not-it")
    unknown_user = _sign_in(client, "nobody", "not-it")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert wrong_password.context["form"].errors == unknown_user.context["form"].errors
    assert _page_without_tokens(wrong_password).replace("priya", "nobody") == _page_without_tokens(unknown_user)


def test_an_inactive_account_gets_the_same_message_as_a_wrong_password(client, db):
    UserFactory(username="gone", is_active=False)
    UserFactory(username="here")
    inactive = _sign_in(client, "gone")
    wrong_password = _sign_in(client, "here", "not-it")
    assert inactive.context["form"].errors == wrong_password.context["form"].errors
    assert _signed_in_as(client) is None


def test_five_wrong_passwords_lock_that_username_out_from_that_address(client, db):
    UserFactory(username="priya")
    for _ in range(4):
        assert _sign_in(client, "priya", "not-it").status_code == 200
    locked = _sign_in(client, "priya", "not-it")
    assert locked.status_code == 429
    assert LOCKED_OUT in locked.content.decode()
    assert "Wait 15 minutes" in locked.content.decode()

    right_password = _sign_in(client, "priya")
    assert right_password.status_code == 429
    assert _signed_in_as(client) is None


def test_the_lockout_page_does_not_tell_whether_the_account_exists(client, db):
    UserFactory(username="priya")
    for _ in range(5):
        known = _sign_in(client, "priya", "not-it")
        unknown = _sign_in(client, "nobody", "not-it")
    assert known.status_code == unknown.status_code == 429
    assert _page_without_tokens(known) == _page_without_tokens(unknown)
    assert "priya" not in known.content.decode()


def test_the_lockout_holds_only_for_that_username_from_that_address(client, db):
    UserFactory(username="priya")
    UserFactory(username="sam")
    for _ in range(5):
        _sign_in(client, "priya", "not-it")
    assert _sign_in(client, "priya").status_code == 429
    assert _sign_in(client, "priya", REMOTE_ADDR="10.1.2.3").status_code == 302
    client.logout()
    assert _sign_in(client, "sam").status_code == 302


def test_the_lockout_ends_after_15_minutes(client, db):
    UserFactory(username="priya")
    for _ in range(5):
        _sign_in(client, "priya", "not-it")
    assert _sign_in(client, "priya").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert _sign_in(client, "priya").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _sign_in(client, "priya").status_code == 302


def test_signing_in_clears_the_count_of_wrong_passwords(client, db):
    UserFactory(username="priya")
    for _ in range(4):
        _sign_in(client, "priya", "not-it")
    assert _sign_in(client, "priya").status_code == 302
    client.logout()
    for _ in range(4):
        assert _sign_in(client, "priya", "not-it").status_code == 200
    assert _sign_in(client, "priya").status_code == 302


def test_sign_in_signals_fire_for_the_audit_log(client, db):
    UserFactory(username="priya")
    heard = []

    def listen(name):
        def receiver(sender, **kwargs):
            heard.append(name)

        return receiver

    receivers = {
        user_logged_in: listen("signed in"),
        user_login_failed: listen("failed"),
        user_locked_out: listen("locked out"),
    }
    for signal, receiver in receivers.items():
        signal.connect(receiver)
    try:
        _sign_in(client, "priya")
        client.logout()
        for _ in range(5):
            _sign_in(client, "priya", "not-it")
    finally:
        for signal, receiver in receivers.items():
            signal.disconnect(receiver)
    # axes announces the lockout while it handles the fifth failure, so the order varies
    assert sorted(heard) == sorted(["signed in", *["failed"] * 5, "locked out"])


# Sessions ------------------------------------------------------------------------------


def test_signing_in_gives_the_session_a_new_key(client, db):
    UserFactory(username="priya")
    before = client.session
    before["seen_the_sign_in_page"] = True
    before.save()
    assert _sign_in(client, "priya").status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before.session_key
    assert not Session.objects.filter(session_key=before.session_key).exists()


def test_sessions_end_when_the_browser_closes_and_last_30_minutes_idle():
    assert project_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert project_settings.SESSION_COOKIE_AGE == 30 * 60
    limits = (project_settings.SESSION_IDLE_LIMIT, project_settings.SESSION_MAXIMUM_AGE)
    assert limits == (timedelta(minutes=30), timedelta(hours=10))


def _age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_a_session_idle_for_more_than_30_minutes_is_ended(client, db):
    client.force_login(UserFactory())
    _age_session(client, last_seen=31 * 60)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"
    assert _signed_in_as(client) is None
    page = client.get(response.url).content.decode()
    assert "You were signed out because you had not used the service for 30 minutes" in page


def test_a_session_used_within_30_minutes_carries_on_and_is_renewed(client, db):
    client.force_login(UserFactory())
    _age_session(client, last_seen=29 * 60)
    assert client.get(reverse("home")).status_code == 200
    assert time.time() - client.session[LAST_SEEN] < 5
    assert client.session.get_expiry_age() == 30 * 60


def test_a_session_ends_10_hours_after_sign_in_however_busy(client, db):
    client.force_login(UserFactory())
    _age_session(client, signed_in_at=10 * 60 * 60 + 1, last_seen=10)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert _signed_in_as(client) is None
    assert "you signed in 10 hours ago" in client.get(response.url).content.decode()


def test_a_session_with_no_sign_in_time_is_ended(client, db):
    client.force_login(UserFactory())
    session = client.session
    del session[SIGNED_IN_AT]
    session.save()
    assert client.get(reverse("home")).status_code == 302
    assert _signed_in_as(client) is None


def test_deactivating_a_user_ends_every_session_they_have(client, db, django_user_model):
    from django.test import Client

    priya, sam = UserFactory(username="priya"), UserFactory(username="sam")
    other_browser, sams_browser = Client(), Client()
    client.force_login(priya)
    other_browser.force_login(priya)
    sams_browser.force_login(sam)
    priyas_sessions = [client.session.session_key, other_browser.session.session_key]

    priya.is_active = False
    priya.save()

    assert not Session.objects.filter(session_key__in=priyas_sessions).exists()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert sams_browser.get(reverse("home")).status_code == 200


# Two-factor ----------------------------------------------------------------------------


@pytest.fixture
def leads_device(lead):
    return TOTPDevice.objects.create(user=lead, name="Authenticator app", confirmed=True)


@pytest.mark.two_factor
def test_a_lead_without_a_device_is_sent_to_set_one_up(client, lead):
    response = _sign_in(client, "lee", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('two_factor_set_up')}?next=%2F"
    page = response.content.decode()
    assert "Set up your security code" in page
    assert '<svg role="img" aria-label="QR code of the key"' in page
    device = TOTPDevice.objects.get(user=lead)
    assert not device.confirmed
    assert 'href="otpauth://totp/' in page
    assert response.context["readable_key"].replace(" ", "") in device.config_url
    assert "<script>" not in page and "https://" not in page.split("<main")[1]


@pytest.mark.two_factor
@pytest.mark.usefixtures("areas")  # let in, the lead lands on the dashboard of the trust
def test_a_right_code_confirms_the_new_device_and_lets_the_lead_in(client, lead):
    _sign_in(client, "lee")
    client.get(reverse("two_factor_set_up"))
    device = TOTPDevice.objects.get(user=lead)
    response = client.post(reverse("two_factor_set_up"), {"code": _code(device), "next": "/dashboard/"})
    assert response.status_code == 302
    assert response.url == "/dashboard/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.two_factor
def test_a_wrong_code_does_not_confirm_a_new_device(client, lead):
    _sign_in(client, "lee")
    client.get(reverse("two_factor_set_up"))
    device = TOTPDevice.objects.get(user=lead)
    response = client.post(reverse("two_factor_set_up"), {"code": _wrong_code(device)})
    assert response.status_code == 200
    assert "The security code is not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/dashboard/").status_code == 302


@pytest.mark.two_factor
def test_someone_with_a_device_cannot_set_up_another_from_their_password_alone(client, lead, leads_device):
    _sign_in(client, "lee")
    response = client.get(reverse("two_factor_set_up"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_verify"))
    response = client.post(reverse("two_factor_set_up"), {"code": "123456"})
    assert response.url.startswith(reverse("two_factor_verify"))
    assert list(TOTPDevice.objects.filter(user=lead)) == [leads_device]


@pytest.mark.two_factor
@pytest.mark.parametrize("path", ["/", "/dashboard/", "/admin/", "/admin/activity/area/", "/login/"])
def test_a_lead_with_a_device_reaches_no_page_before_giving_a_code(client, leads_device, path):
    response = _sign_in(client, "lee", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('two_factor_verify')}?next=%2F"
    assert "Enter your security code" in response.content.decode()
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_verify"))


@pytest.mark.two_factor
@pytest.mark.usefixtures("areas")  # let in, the lead lands on the dashboard of the trust
def test_the_right_code_lets_the_lead_in_with_a_new_session_key(client, leads_device):
    _sign_in(client, "lee")
    before = client.session.session_key
    response = client.post(reverse("two_factor_verify"), {"code": _code(leads_device), "next": "/admin/"})
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.session.session_key != before
    assert client.get("/admin/").status_code == 200
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.two_factor
def test_the_code_page_goes_back_only_to_this_site(client, leads_device):
    _sign_in(client, "lee")
    response = client.post(reverse("two_factor_verify"), {"code": _code(leads_device), "next": "https://evil.example/"})
    assert response.url == reverse("home")


@pytest.mark.two_factor
def test_a_wrong_code_is_refused_with_a_message(client, leads_device):
    _sign_in(client, "lee")
    response = client.post(reverse("two_factor_verify"), {"code": _wrong_code(leads_device)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The security code is not right" in page
    assert client.get("/dashboard/").status_code == 302


@pytest.mark.two_factor
def test_something_other_than_6_digits_is_refused(client, leads_device):
    _sign_in(client, "lee")
    response = client.post(reverse("two_factor_verify"), {"code": "12345a"})
    assert "Enter the 6-digit code from your authenticator app" in response.content.decode()


@pytest.mark.two_factor
@pytest.mark.usefixtures("areas")  # let in, the lead lands on the dashboard of the trust
def test_after_a_wrong_code_even_the_right_one_waits(client, leads_device):
    _sign_in(client, "lee")
    client.post(reverse("two_factor_verify"), {"code": _wrong_code(leads_device)})
    response = client.post(reverse("two_factor_verify"), {"code": _code(leads_device)})
    assert response.status_code == 200
    assert "You have entered too many wrong codes. Wait 1 second" in response.content.decode()
    assert client.get("/dashboard/").status_code == 302

    TOTPDevice.objects.filter(pk=leads_device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=2)
    )
    response = client.post(reverse("two_factor_verify"), {"code": _code(leads_device)})
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.two_factor
def test_a_code_works_only_once(client, leads_device):
    code = _code(leads_device)
    _sign_in(client, "lee")
    assert client.post(reverse("two_factor_verify"), {"code": code}).status_code == 302
    client.logout()
    _sign_in(client, "lee")
    assert client.post(reverse("two_factor_verify"), {"code": code}).status_code == 200


@pytest.mark.two_factor
def test_an_administrator_is_asked_for_a_code_in_the_admin(client, db):
    admin_user = UserFactory(username="alex", role=roles.ADMINISTRATOR, is_staff=True)
    TOTPDevice.objects.create(user=admin_user, name="Authenticator app", confirmed=True)
    _sign_in(client, "alex")
    response = client.get("/admin/")
    assert response.url == f"{reverse('two_factor_verify')}?next=%2Fadmin%2F"


@pytest.mark.two_factor
def test_a_superuser_is_asked_for_a_code(client, db):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    response = _sign_in(client, "root", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_set_up"))


@pytest.mark.two_factor
@pytest.mark.parametrize("role", [roles.PRACTITIONER, roles.EXECUTIVE, roles.SECRETARY])
def test_other_roles_are_not_asked_for_a_code(client, db, role):
    UserFactory(username="priya", role=role)
    response = _sign_in(client, "priya", follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.status_code == 200
    assert not TOTPDevice.objects.exists()


def test_with_two_factor_off_nobody_is_asked_for_a_code(client, leads_device, settings):
    assert settings.TWO_FACTOR_REQUIRED is False
    response = _sign_in(client, "lee", follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("two_factor_verify")).status_code == 302


# The admin site signs in through the app -------------------------------------------------


def test_the_admin_login_page_sends_people_to_the_apps_sign_in(client, db):
    response = client.get("/admin/")
    assert response.url == "/admin/login/?next=/admin/"
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/admin/"
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 302


def test_the_admin_login_page_refuses_a_signed_in_person_who_is_not_staff(client, db):
    client.force_login(UserFactory(role=roles.PRACTITIONER))
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_the_admin_login_page_lets_staff_through(client, db):
    client.force_login(UserFactory(role=roles.ADMINISTRATOR, is_staff=True))
    response = client.get("/admin/login/?next=/admin/activity/area/")
    assert response.url == "/admin/activity/area/"


# The demo ------------------------------------------------------------------------------


@pytest.fixture
def demo_users(db):
    from demo.users import load_users

    return load_users()


def test_the_demo_lead_and_administrator_have_the_public_demo_key(demo_users):
    devices = TOTPDevice.objects.filter(confirmed=True)
    assert {device.user.username for device in devices} == {"lead", "administrator"}
    assert all(device.key == DEMO_KEY and device.name == "demo" for device in devices)


def test_demo_code_prints_a_demo_users_current_code(demo_users, capsys):
    call_command("demo_code", "lead")
    device = TOTPDevice.objects.get(user__username="lead")
    assert capsys.readouterr().out.strip() in {_code(device, steps) for steps in (-1, 0)}


@pytest.mark.parametrize("name", ["demo", "Authenticator app"])
def test_demo_code_refuses_a_real_device_even_one_named_demo(db, name):
    real = UserFactory(username="real-lead", role=roles.LEAD)
    TOTPDevice.objects.create(user=real, name=name, confirmed=True)
    with pytest.raises(CommandError, match="only gives demo users' codes"):
        call_command("demo_code", "real-lead")


def test_demo_code_refuses_a_demo_user_who_also_has_a_real_device(demo_users):
    TOTPDevice.objects.create(user=demo_users["lead"], name="Authenticator app", confirmed=True)
    with pytest.raises(CommandError, match="also has a real authenticator"):
        call_command("demo_code", "lead")


@pytest.mark.two_factor
def test_the_demo_lead_signs_in_with_the_demo_code(client, demo_users, capsys):
    from demo.users import demo_password

    response = _sign_in(client, "lead", demo_password("lead"), follow=True)
    assert "Enter your security code" in response.content.decode()
    call_command("demo_code", "lead")
    code = capsys.readouterr().out.strip()
    response = client.post(reverse("two_factor_verify"), {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert isinstance(response.context["user"], User)
