"""One demo user for each role. Their passwords exist only in the demo and are listed in the README."""

from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts.models import User
from accounts.two_factor import DEMO_DEVICE_NAME, DEMO_KEY, ROLES_NEEDING_A_CODE
from activity.models import Area, Service

# username, first name, last name, role, is_staff, areas, usual area, usual service
DEMO_USERS = [
    ("practitioner", "Priya", "Shah", roles.PRACTITIONER, False, ["oxfordshire"], "oxfordshire", "community-health"),
    ("lead", "Lee", "Morgan", roles.LEAD, True, ["trust"], "oxfordshire", None),
    ("executive", "Chris", "Okafor", roles.EXECUTIVE, False, [], None, None),
    ("secretary", "Sam", "Taylor", roles.SECRETARY, False, [], None, None),
    ("administrator", "Alex", "Reid", roles.ADMINISTRATOR, True, [], None, None),
]


def demo_password(username: str) -> str:
    return f"{username}-demo"


def load_users() -> dict[str, User]:
    users = {}
    for username, first, last, role, is_staff, area_slugs, usual_area, usual_service in DEMO_USERS:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.first_name, user.last_name, user.is_staff, user.is_active = first, last, is_staff, True
        user.email = f"{username}@demo.invalid"
        user.usual_area = Area.objects.filter(slug=usual_area).first()
        user.usual_service = Service.objects.filter(slug=usual_service).first()
        user.set_password(demo_password(username))
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        user.areas.set(Area.objects.filter(slug__in=area_slugs))
        if role in ROLES_NEEDING_A_CODE:
            _give_demo_device(user)
        users[username] = user
    return users


def _give_demo_device(user: User) -> None:
    """Leads and administrators give a one-time code at sign-in: the demo's come from a
    public key (it spells DEMO), so `manage.py demo_code <username>` can print the code."""
    TOTPDevice.objects.filter(user=user).exclude(name=DEMO_DEVICE_NAME).delete()
    TOTPDevice.objects.update_or_create(user=user, name=DEMO_DEVICE_NAME, defaults={"key": DEMO_KEY, "confirmed": True})
