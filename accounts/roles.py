"""The roles, as code: each is a Django group holding exactly these permissions.

Groups are brought in line with this module by a data migration and again after
every ``migrate`` (post_migrate), so a change here reaches every database.
"""

from django.apps import apps as global_apps

PRACTITIONER = "Practitioner"
LEAD = "Safeguarding lead"
EXECUTIVE = "Executive"
SECRETARY = "Report secretary"
ADMINISTRATOR = "Administrator"

_LOGGED_RECORDS = [
    "consultation",
    "referral",
    "s42enquiry",
    "mashenquiry",
    "cdopcase",
    "trainingsession",
    "supervisionsession",
]
_REFERENCE = ["area", "service", "team", "category", "uncollectedfigure"]


def _perms(app_label: str, actions: list[str], models: list[str]) -> list[str]:
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]


_PRACTITIONER = [
    *_perms("activity", ["view", "add", "change"], _LOGGED_RECORDS),
    *_perms("activity", ["view"], ["review", "reviewaction", *_REFERENCE]),
    # their own tasks: completing them, and the daily email of what is due
    "work.view_task",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    PRACTITIONER: _PRACTITIONER,
    LEAD: [
        *_PRACTITIONER,
        *_perms("activity", ["add", "change"], ["review", "reviewaction"]),
        *_perms("activity", ["view", "add", "change"], ["return"]),
        "accounts.view_all_areas",
        "accounts.restore_records",
        # may record an allegation against staff, and be named on one; reading any needs a name on it
        "activity.record_allegations",
        # the team's tasks: giving them to people, completing any; told of overdue ones and of consultations
        # that need a lead
        "work.manage_tasks",
        "reports.view_dashboard",
        "reports.view_reports",
        "reports.edit_narrative",
        "reports.edit_structure",
        "reports.start_reports",
        "reports.approve_reports",
        "reports.export_reports",
        # a known change in a process, which the dashboard's charts start a new mean and limits at
        "reports.add_processchange",
        # the service's own records for the report: audits, priorities, policies, learning from reviews
        "governance.manage_governance",
        # training compliance: importing the learning system's export, and who is due supervision by staff number
        "training.view_compliance",
        "training.import_compliance",
        "training.view_staff_due",
        "audit.view_auditevent",
        # the second person of every change of access (accounts.actions), never of their own
        "accounts.view_accesschange",
        "accounts.add_accesschange",
        "accounts.approve_access_changes",
    ],
    EXECUTIVE: ["reports.view_dashboard", "reports.view_reports", "training.view_compliance"],
    SECRETARY: [
        "activity.view_return",
        "work.view_task",
        "reports.view_dashboard",
        "reports.view_reports",
        "reports.edit_narrative",
        "reports.start_reports",
        "reports.export_reports",
        "governance.manage_governance",
        "training.view_compliance",
    ],
    ADMINISTRATOR: [
        *_perms("activity", ["view", "add", "change"], _REFERENCE),
        *_perms("accounts", ["view", "add", "change"], ["user"]),
        *_perms("reports", ["view", "add", "change"], ["target"]),
        # the levels of safeguarding training, their targets and how long a completion stays in date
        *_perms("training", ["view", "add", "change"], ["level"]),
        "auth.view_group",
        "audit.view_auditevent",
        # to remove a lost authenticator app (accounts.admin.AuthenticatorAdmin), never to read its key
        "otp_totp.view_totpdevice",
        # proposes changes of access, password resets and authenticator removals; a lead approves them
        "accounts.view_accesschange",
        "accounts.add_accesschange",
    ],
}

ROLE_DESCRIPTIONS = {
    PRACTITIONER: (
        "Logs and corrects consultations, referrals, MASH enquiries, CDOP cases, training and supervision "
        "in their areas."
    ),
    LEAD: (
        "Everything a practitioner does, in every area, plus reviews and their actions, returns, report narrative, "
        "the service's audits, priorities, policies and learning from reviews, the audit log, allegations against "
        "staff (recording them, and reading those they are named on), and approving changes to other people's access."
    ),
    EXECUTIVE: "Reads the dashboard and the reports. Changes nothing.",
    SECRETARY: (
        "Reads and exports the reports and writes their narrative; keeps the service's audits, priorities, "
        "policies and learning from reviews."
    ),
    ADMINISTRATOR: (
        "Keeps users, areas, services and categories right, proposes changes to people's roles and areas, "
        "password resets and removals of lost authenticator apps (a safeguarding lead approves them), "
        "and reads the audit log."
    ),
}


def sync_roles(apps=global_apps, *, strict: bool = True) -> None:
    """Make each role's group hold exactly its permissions.

    In a migration some permissions may not exist yet (their models come later):
    with ``strict=False`` those are skipped, and post_migrate completes the job.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        had_models = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had_models

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for name in names:
            app_label, codename = name.split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is None:
                if strict:
                    raise LookupError(f"Role {role!r} names the permission {name!r}, which does not exist")
                continue
            wanted.append(permission)
        group.permissions.set(wanted)
