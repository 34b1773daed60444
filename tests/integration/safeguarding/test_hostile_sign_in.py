"""Hostile input (tests/hostile.py) in signing in: the sign-in form and the two security code forms."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import example, given

from accounts import roles
from tests import hostile
from tests.factories import UserFactory
from tests.hostile import HUGE, SCRIPT, assert_safe, data_for, fuzz

pytestmark = pytest.mark.django_db

world = hostile.world  # a fixture: the areas, service, team, category and lead each test posts as


def test_the_sign_in_form_given_hostile_values_never_fails_or_sends_people_elsewhere(client, world):
    UserFactory(username="pat", role=roles.PRACTITIONER)
    good = {"username": "pat", "password": "a-long-test-password", "next": "/records/"}

    @fuzz
    @given(data=data_for(good, {"next"}))
    @example(data={**good, "username": "pat\x00", "password": "\x00"})
    @example(data={**good, "next": "//example.invalid/"})
    @example(data={**good, "next": "https://example.invalid/"})
    @example(data={**good, "username": HUGE[0]})
    def post(data):
        client.logout()
        response = client.post(reverse("login"), data)
        assert_safe(response)
        assert response.status_code in (200, 302, 400, 429)
        if response.status_code == 302:
            target = urlsplit(response.url)
            assert (target.scheme, target.netloc) == ("", ""), response.url  # never to another site

    post()


@pytest.mark.two_factor
@pytest.mark.parametrize("step", ["two_factor_verify", "two_factor_set_up"])
def test_the_security_code_forms_given_hostile_values_never_fail_or_send_people_elsewhere(client, world, step):
    lead = UserFactory(username="lee", role=roles.LEAD)
    if step == "two_factor_verify":
        TOTPDevice.objects.create(user=lead, name="Authenticator app", confirmed=True)
    client.post(reverse("login"), {"username": "lee", "password": "a-long-test-password"})
    good = {"code": "000000", "next": "/records/"}

    @fuzz
    @given(data=data_for(good, {"code"}))
    @example(data={"code": "12\x003456", "next": "//example.invalid/"})
    @example(data={"code": HUGE[1], "next": ["https://example.invalid/", SCRIPT]})
    def post(data):
        response = client.post(reverse(step), data)
        assert_safe(response)
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            target = urlsplit(response.url)
            assert (target.scheme, target.netloc) == ("", ""), response.url

    post()


def test_a_username_longer_than_any_account_is_refused_before_the_lockout_records_it(client, world):
    response = client.post(reverse("login"), {"username": "x" * 300, "password": "a-long-test-password"})

    assert response.status_code == 200
    assert response.context["form"].errors["username"] == ["Ensure this value has at most 150 characters (it has 300)."]
