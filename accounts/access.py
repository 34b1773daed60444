"""Who may propose and approve changes of access, and what a change of access changes, in words.

A person's access is their roles, their areas, "see all areas" given to them alone, superuser status,
and the email address their password links go to. See accounts.actions for the two-person rule.
"""

from dataclasses import dataclass

from accounts import roles

# Roles whose accounts reach every record, the audit log or the users: their passwords are reset
# only with a second person's approval.
POWERFUL_ROLES = (roles.LEAD, roles.ADMINISTRATOR)
SEE_ALL_AREAS = ("accounts", "view_all_areas")
PREFETCH_ACCESS = ["groups", "areas", "user_permissions__content_type"]


def may_propose(user) -> bool:
    return user.is_active and user.has_perm("accounts.add_accesschange")


def may_approve(user) -> bool:
    """Safeguarding leads and superusers (who hold every permission)."""
    return user.is_active and user.has_perm("accounts.approve_access_changes")


def may_manage_users(user) -> bool:
    return user.is_active and user.has_perm("accounts.change_user")


def is_powerful(user) -> bool:
    """A lead, an administrator or a superuser: taking over their account would reach far."""
    return user.is_superuser or user.groups.filter(name__in=POWERFUL_ROLES).exists()


def sees_all_areas_alone(user) -> bool:
    """Whether "see all areas" is given to this person alone, not through a role."""
    given = user.user_permissions.all()  # prefetched, with their content types, on the waiting list
    return any((permission.content_type.app_label, permission.codename) == SEE_ALL_AREAS for permission in given)


@dataclass(frozen=True)
class Access:
    roles: frozenset[str]
    areas: frozenset[str]
    view_all_areas: bool
    is_superuser: bool
    email: str

    @property
    def is_none(self) -> bool:
        return not (self.roles or self.areas or self.view_all_areas or self.is_superuser)


def access_of(user) -> Access:
    """As the database holds it now, or as prefetched (PREFETCH_ACCESS) with the user."""
    return Access(
        roles=frozenset(group.name for group in user.groups.all()),
        areas=frozenset(area.name for area in user.areas.all()),
        view_all_areas=sees_all_areas_alone(user),
        is_superuser=user.is_superuser,
        email=user.email,
    )


def access_proposed(change) -> Access:
    return Access(
        roles=frozenset(group.name for group in change.roles.all()),
        areas=frozenset(area.name for area in change.areas.all()),
        view_all_areas=change.view_all_areas,
        is_superuser=change.is_superuser,
        email=change.new_email or change.user.email,
    )


@dataclass(frozen=True)
class Difference:
    what: str
    before: str
    after: str


def _names(names) -> str:
    return ", ".join(sorted(names)) or "None"


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def differences(before: Access, after: Access) -> list[Difference]:
    """What changes, for people to read: each part that differs, as it is and as it would be."""
    parts = [
        ("Roles", _names(before.roles), _names(after.roles)),
        ("Areas", _names(before.areas), _names(after.areas)),
        ("Sees every area (given to them alone)", _yes_no(before.view_all_areas), _yes_no(after.view_all_areas)),
        ("Superuser", _yes_no(before.is_superuser), _yes_no(after.is_superuser)),
        ("Email address", before.email or "None", after.email or "None"),
    ]
    return [Difference(what, was, will_be) for what, was, will_be in parts if was != will_be]


def summary(before: Access, after: Access) -> str:
    """What changes, by names only, for the audit log and the history: "roles: +Practitioner; areas: +Oxfordshire".

    An email address is personal and typed by hand, so the log says only that it changed.
    """
    parts = []
    for label, was, will_be in (("roles", before.roles, after.roles), ("areas", before.areas, after.areas)):
        changes = [f"+{name}" for name in sorted(will_be - was)] + [f"-{name}" for name in sorted(was - will_be)]
        if changes:
            parts.append(f"{label}: {', '.join(changes)}")
    for label, was, will_be in (
        ("see all areas", before.view_all_areas, after.view_all_areas),
        ("superuser", before.is_superuser, after.is_superuser),
    ):
        if was != will_be:
            parts.append(f"{label}: {_yes_no(was).lower()} -> {_yes_no(will_be).lower()}")
    if before.email != after.email:
        parts.append("email address changed")
    return "; ".join(parts)
