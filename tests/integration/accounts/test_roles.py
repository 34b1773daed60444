"""What each role may do, checked against the groups the data migration made."""

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from tests.factories import UserFactory

CAPABILITIES = {
    "log a consultation": "activity.add_consultation",
    "correct a MASH enquiry": "activity.change_mashenquiry",
    "read CDOP cases": "activity.view_cdopcase",
    "log a review": "activity.add_review",
    "add a review action": "activity.add_reviewaction",
    "enter a return": "activity.add_return",
    "correct a return": "activity.change_return",
    "see every area": "accounts.view_all_areas",
    "restore an archived record": "accounts.restore_records",
    "see the dashboard": "reports.view_dashboard",
    "read reports": "reports.view_reports",
    "write narrative": "reports.edit_narrative",
    "approve a report": "reports.approve_reports",
    "export a report": "reports.export_reports",
    "keep audits, priorities and policies": "governance.manage_governance",
    "change areas": "activity.change_area",
    "add a user": "accounts.add_user",
}

EXPECTED = {
    roles.PRACTITIONER: {"log a consultation", "correct a MASH enquiry", "read CDOP cases"},
    roles.LEAD: {
        "log a consultation",
        "correct a MASH enquiry",
        "read CDOP cases",
        "log a review",
        "add a review action",
        "enter a return",
        "correct a return",
        "see every area",
        "restore an archived record",
        "see the dashboard",
        "read reports",
        "write narrative",
        "approve a report",
        "export a report",
        "keep audits, priorities and policies",
    },
    roles.EXECUTIVE: {"see the dashboard", "read reports"},
    roles.SECRETARY: {
        "see the dashboard",
        "read reports",
        "write narrative",
        "export a report",
        "keep audits, priorities and policies",
    },
    roles.ADMINISTRATOR: {"change areas", "add a user"},
}


def test_the_migration_made_one_group_per_role(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLE_PERMISSIONS)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_may_do_exactly_what_it_should(db, role):
    user = UserFactory(role=role)
    allowed = {capability for capability, permission in CAPABILITIES.items() if user.has_perm(permission)}
    assert allowed == EXPECTED[role]


@pytest.mark.parametrize("role", [roles.EXECUTIVE, roles.SECRETARY])
def test_readers_of_figures_cannot_change_any_record(db, role):
    user = UserFactory(role=role)
    changing = [p for p in user.get_all_permissions() if p.split(".")[1].startswith(("add_", "change_", "delete_"))]
    assert changing == []


def test_a_user_without_a_role_may_do_nothing(db):
    assert UserFactory().get_all_permissions() == set()


def test_syncing_roles_again_removes_a_permission_added_by_hand(db):
    from django.contrib.auth.models import Permission

    executive = Group.objects.get(name=roles.EXECUTIVE)
    executive.permissions.add(Permission.objects.get(codename="add_consultation"))
    roles.sync_roles()
    assert not executive.permissions.filter(codename="add_consultation").exists()
