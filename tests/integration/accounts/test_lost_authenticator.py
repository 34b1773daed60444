"""A lead loses their phone: an administrator proposes removing the lost authenticator (never seeing its
key), a second lead approves, and the lead sets up a new one at their next sign-in."""

from base64 import b32encode

import pytest
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts.models import AccessChange
from tests.factories import UserFactory

PASSWORD = "a-long-test-password"  # tests.factories.UserFactory's


@pytest.fixture
def leads_device(lead):
    return TOTPDevice.objects.create(user=lead, name="Phone", confirmed=True)


def test_an_administrator_sees_a_leads_authenticator_but_never_its_key(client, administrator, leads_device):
    client.force_login(administrator)
    listing = client.get(reverse("admin:otp_totp_totpdevice_changelist"))
    assert listing.status_code == 200
    assert "Phone" in listing.content.decode()
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[leads_device.pk])).content.decode()
    readable_key = b32encode(leads_device.bin_key).decode().rstrip("=")
    assert leads_device.key not in page
    assert readable_key not in page
    assert 'name="_save"' not in page


def test_the_pages_that_showed_a_key_or_its_qr_code_are_gone():
    for name in ("admin:otp_totp_totpdevice_config", "admin:otp_totp_totpdevice_qrcode"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[1])


def test_once_a_second_lead_approves_the_removal_the_lead_sets_up_a_new_app(
    client, administrator, leads_device, settings
):
    approver = UserFactory(username="lou", role=roles.LEAD, is_staff=True)
    client.force_login(administrator)  # signed in without a code here: codes are turned on below, for the lead
    response = client.post(reverse("access_authenticator", args=[leads_device.user.pk]), {"reason": "Lost phone"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(pk=leads_device.pk).exists(), "removed before anyone approved"

    client.force_login(approver)
    change = AccessChange.objects.get(user=leads_device.user)
    assert client.post(reverse("access_change_approve", args=[change.pk])).status_code == 302
    assert not TOTPDevice.objects.filter(pk=leads_device.pk).exists()

    client.logout()
    settings.TWO_FACTOR_REQUIRED = True
    client.post(reverse("login"), {"username": "lee", "password": PASSWORD})
    assert client.get("/dashboard/").url == f"{reverse('two_factor_set_up')}?next=%2Fdashboard%2F"


def test_an_administrator_cannot_propose_removing_a_superusers_authenticator(client, administrator):
    superuser = UserFactory(username="root-user", is_superuser=True, is_staff=True)
    TOTPDevice.objects.create(user=superuser, name="Phone", confirmed=True)
    client.force_login(administrator)
    response = client.post(reverse("access_authenticator", args=[superuser.pk]), {"reason": "Lost phone"})
    assert response.status_code == 403
    assert not AccessChange.objects.exists()


@pytest.mark.parametrize(
    "role", [roles.ADMINISTRATOR, roles.LEAD, roles.PRACTITIONER, roles.EXECUTIVE, roles.SECRETARY]
)
def test_nobody_removes_an_authenticator_in_the_admin(client, leads_device, role):
    client.force_login(UserFactory(role=role, is_staff=True))
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[leads_device.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(pk=leads_device.pk).exists()
