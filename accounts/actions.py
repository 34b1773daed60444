"""Every change to a user's access, password, authenticator app and account goes through here.

The two-person rule: roles, areas, "see all areas", superuser status, the email address of someone
with access, a password reset for a lead, an administrator or a superuser, and the removal of anyone's
authenticator app are first proposed, then approved by a second person: a safeguarding lead or a
superuser who is neither the proposer nor the person concerned. Only then do they take effect.
Nobody proposes a change about themselves. Nobody chooses another person's password: its owner sets
it through a one-time link sent to their email address.

Each function writes its audit event in the same transaction as the change it records.
"""

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.access import (
    SEE_ALL_AREAS,
    access_of,
    access_proposed,
    is_powerful,
    may_approve,
    may_manage_users,
    may_propose,
    summary,
)
from accounts.guard import applying_approved_change
from accounts.models import AccessChange, User
from accounts.password_links import send_password_link
from accounts.signals import end_sessions_of
from audit.log import record as audit
from audit.models import Action

USER = "user"  # the audit log's record kind for events about an account
# What an administrator may change in the admin alone; the rest of a user is access (above).
DETAILS = ["username", "first_name", "last_name", "email", "is_active", "is_staff", "usual_area", "usual_service"]


class NotAllowed(PermissionDenied):
    """The two-person rule, or a role, forbids this."""


class NoLongerWaiting(Exception):
    """The change was approved, rejected or withdrawn before this decision."""


def _require_actor(by):
    if by is None or not getattr(by, "pk", None):
        raise ValueError("Every change of access needs the user who made it")


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why this change is needed"})
    return reason


def _may_propose_about(by, user):
    _require_actor(by)
    if not may_propose(by):
        raise NotAllowed("You cannot propose changes of access.")
    if by.pk == user.pk:
        raise NotAllowed("Nobody can change their own access, password reset or authenticator app this way.")
    if user.is_superuser and not by.is_superuser:
        raise NotAllowed("Only a superuser can propose a change for a superuser.")


def _locked_user(user) -> User:
    """The user's row, locked until the transaction ends, so two proposals or decisions about one person queue."""
    return User.objects.select_for_update().get(pk=user.pk)


def _refuse_if_one_is_waiting(user, kind):
    if AccessChange.objects.filter(user=user, kind=kind, status=AccessChange.Status.WAITING).exists():
        raise ValidationError(
            f"A {AccessChange.Kind(kind).label.lower()} for {user} is already waiting for approval. "
            "Withdraw it or wait for a decision first."
        )


def _proposed(request, change: AccessChange) -> AccessChange:
    detail = f"{change.get_kind_display()}: {change.summary}; proposed by {change.proposed_by.username}"
    audit(request, Action.ACCESS_PROPOSED, kind=USER, reference=change.user.username, detail=detail)
    return change


@transaction.atomic
def propose_access_change(
    *, user, by, request, reason: str, roles, areas, view_all_areas: bool, is_superuser: bool, email: str
) -> AccessChange:
    """Propose the access ``user`` should have: these roles and areas, "see all areas" given to them alone
    or not, superuser status, and the email address their password links go to."""
    _may_propose_about(by, user)
    reason = _clean_reason(reason)
    user = _locked_user(user)
    _refuse_if_one_is_waiting(user, AccessChange.Kind.ACCESS)
    if bool(is_superuser) != user.is_superuser and not by.is_superuser:
        raise NotAllowed("Only a superuser can propose giving or taking away superuser status.")
    change = AccessChange(
        user=user,
        kind=AccessChange.Kind.ACCESS,
        view_all_areas=bool(view_all_areas),
        is_superuser=bool(is_superuser),
        new_email=email if email and email != user.email else "",
        reason=reason,
        proposed_by=by,
    )
    change.save()
    change.roles.set(roles)
    change.areas.set(areas)
    change.summary = summary(access_of(user), access_proposed(change))
    if not change.summary:
        raise ValidationError("This is the access they have now. Change something, or go back.")
    change.save(update_fields=["summary"])
    return _proposed(request, change)


@transaction.atomic
def propose_password_reset(*, user, by, request, reason: str) -> AccessChange:
    _may_propose_about(by, user)
    reason = _clean_reason(reason)
    user = _locked_user(user)
    if not user.email:
        raise ValidationError(f"{user} has no email address for the link to go to. Propose one first.")
    _refuse_if_one_is_waiting(user, AccessChange.Kind.PASSWORD_RESET)
    change = AccessChange.objects.create(
        user=user,
        kind=AccessChange.Kind.PASSWORD_RESET,
        reason=reason,
        proposed_by=by,
        summary="a link to set a new password, sent to the owner",
    )
    return _proposed(request, change)


@transaction.atomic
def propose_authenticator_removal(*, user, by, request, reason: str) -> AccessChange:
    _may_propose_about(by, user)
    reason = _clean_reason(reason)
    user = _locked_user(user)
    if not TOTPDevice.objects.filter(user=user).exists():
        raise ValidationError(f"{user} has no authenticator app to remove.")
    _refuse_if_one_is_waiting(user, AccessChange.Kind.AUTHENTICATOR_REMOVAL)
    change = AccessChange.objects.create(
        user=user,
        kind=AccessChange.Kind.AUTHENTICATOR_REMOVAL,
        reason=reason,
        proposed_by=by,
        summary="authenticator app removed; they set up a new one at their next sign-in",
    )
    return _proposed(request, change)


def _locked_waiting(change: AccessChange) -> AccessChange:
    locked = AccessChange.objects.select_for_update().select_related("user", "proposed_by").get(pk=change.pk)
    if not locked.is_waiting:
        raise NoLongerWaiting(f"This change has already been {locked.get_status_display().lower()}.")
    return locked


def _may_decide(by, change: AccessChange, verb: str):
    _require_actor(by)
    if not may_approve(by):
        raise NotAllowed(f"Only a safeguarding lead or a superuser can {verb} a change of access.")
    if by.pk == change.proposed_by_id:
        raise NotAllowed(f"You proposed this change, so someone else must {verb} it.")
    if by.pk == change.user_id:
        raise NotAllowed(f"This change is about you, so someone else must {verb} it.")


def _decided(change: AccessChange, *, status, by) -> AccessChange:
    change.status, change.decided_by, change.decided_at = status, by, timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at", "summary"])
    return change


def _names_both(change: AccessChange, by) -> str:
    return f"proposed by {change.proposed_by.username}, approved by {by.username}"


@transaction.atomic
def approve_access_change(*, change: AccessChange, by, request) -> AccessChange:
    """Approve a waiting change, and make it take effect now."""
    change = _locked_waiting(change)
    _may_decide(by, change, "approve")
    if not may_propose(change.proposed_by):
        raise NotAllowed(f"{change.proposed_by} can no longer propose changes of access. Reject this one.")
    user = _locked_user(change.user)
    both = _names_both(change, by)
    if change.kind == AccessChange.Kind.ACCESS:
        _apply_access(change, user)
    elif change.kind == AccessChange.Kind.PASSWORD_RESET:
        if not user.email:
            raise ValidationError(f"{user} has no email address for the link to go to. Reject this and propose one.")
        send_password_link(user, request)
        audit(
            request,
            Action.PASSWORD_LINK_ISSUED,
            kind=USER,
            reference=user.username,
            detail=f"sent to the owner; {both}",
        )
    else:
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        end_sessions_of(user.pk)
        detail = f"{removed} removed, their sessions ended; {both}"
        audit(request, Action.AUTHENTICATOR_REMOVED, kind=USER, reference=user.username, detail=detail)
    audit(
        request,
        Action.ACCESS_APPROVED,
        kind=USER,
        reference=user.username,
        detail=f"{change.get_kind_display()}: {change.summary}; {both}",
    )
    return _decided(change, status=AccessChange.Status.APPROVED, by=by)


def _apply_access(change: AccessChange, user: User) -> None:
    """Give ``user`` the access ``change`` holds; its summary becomes what changed at this moment."""
    before = access_of(user)
    app_label, codename = SEE_ALL_AREAS
    see_all_areas = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    with applying_approved_change():
        user.groups.set(change.roles.all())
        user.areas.set(change.areas.all())
        if change.view_all_areas:
            user.user_permissions.add(see_all_areas)
        else:
            user.user_permissions.remove(see_all_areas)
        user.is_superuser = change.is_superuser
        user.email = change.new_email or user.email
        user.save(update_fields=["is_superuser", "email"])
    change.summary = summary(before, access_of(user)) or "nothing: they already had this access"


@transaction.atomic
def reject_access_change(*, change: AccessChange, by, request) -> AccessChange:
    change = _locked_waiting(change)
    _may_decide(by, change, "reject")
    who = f"proposed by {change.proposed_by.username}, rejected by {by.username}"
    detail = f"{change.get_kind_display()}: {change.summary}; {who}"
    audit(request, Action.ACCESS_REJECTED, kind=USER, reference=change.user.username, detail=detail)
    return _decided(change, status=AccessChange.Status.REJECTED, by=by)


@transaction.atomic
def withdraw_access_change(*, change: AccessChange, by, request) -> AccessChange:
    change = _locked_waiting(change)
    _require_actor(by)
    if by.pk != change.proposed_by_id:
        raise NotAllowed("Only the person who proposed a change can withdraw it.")
    detail = f"{change.get_kind_display()}: {change.summary}; withdrawn by {by.username}"
    audit(request, Action.ACCESS_WITHDRAWN, kind=USER, reference=change.user.username, detail=detail)
    return _decided(change, status=AccessChange.Status.WITHDRAWN, by=by)


def may_send_link_alone(by, user) -> bool:
    """An administrator sends a password link alone to anyone but a lead, an administrator or a superuser."""
    return may_manage_users(by) and by.pk != user.pk and not is_powerful(user)


@transaction.atomic
def send_password_link_alone(*, user, by, request) -> None:
    """One person's password reset, for someone whose account reaches no further than their own work."""
    _require_actor(by)
    user = _locked_user(user)
    if not may_send_link_alone(by, user):
        raise NotAllowed(
            "A password reset for a safeguarding lead, an administrator or a superuser needs a second "
            "person's approval, and nobody resets their own this way."
        )
    if not user.email:
        raise ValidationError(f"{user} has no email address for the link to go to. Add one first.")
    send_password_link(user, request)
    audit(
        request,
        Action.PASSWORD_LINK_ISSUED,
        kind=USER,
        reference=user.username,
        detail=f"sent to the owner by {by.username}",
    )


@transaction.atomic
def set_password_from_link(*, user, password: str, request) -> None:
    """The owner chose their password through a one-time link (the view checked the link and the password)."""
    user = _locked_user(user)
    _owner_sets_password(user, password, request, how="through a one-time link")
    end_sessions_of(user.pk)


@transaction.atomic
def change_own_password(*, user, password: str, request) -> None:
    """The owner changed their password, having given their current one (the view checked both)."""
    _owner_sets_password(user, password, request, how="with their current password")


def _owner_sets_password(user, password: str, request, *, how: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    audit(request, Action.PASSWORD_SET, user=user, kind=USER, reference=user.username, detail=f"by the owner, {how}")


@transaction.atomic
def create_user(*, user: User, by, request) -> User:
    """A new account with no password: its owner sets one through the link this sends them."""
    _require_actor(by)
    if not may_manage_users(by):
        raise NotAllowed("You cannot add users.")
    user.set_unusable_password()
    user.is_superuser = False
    user.save()
    audit(request, Action.USER_CHANGED, kind=USER, reference=user.username, detail=f"account created by {by.username}")
    if user.email:
        send_password_link(user, request)
        audit(
            request,
            Action.PASSWORD_LINK_ISSUED,
            kind=USER,
            reference=user.username,
            detail=f"sent to the owner by {by.username}",
        )
    return user


@transaction.atomic
def change_user_details(*, user: User, by, request) -> User:
    """Save what an administrator changed of a user's details (names, email address, active, staff, defaults).

    Nobody deactivates themselves, and the email address of someone with access changes only by a
    proposal: it is where their password links go.
    """
    _require_actor(by)
    if not may_manage_users(by):
        raise NotAllowed("You cannot change users.")
    stored = _locked_user(user)
    changed = [name for name in DETAILS if getattr(stored, name) != getattr(user, name)]
    if "is_active" in changed and user.pk == by.pk:
        raise NotAllowed("Nobody can deactivate or reactivate their own account.")
    if "email" in changed and not access_of(stored).is_none:
        raise NotAllowed("The email address of someone with access changes only by a proposal a lead approves.")
    if not changed:
        return user
    user.save(update_fields=changed)
    words = [name.replace("_", " ") for name in changed if name != "is_active"]
    if "is_active" in changed:
        words.append(f"active: {'no -> yes' if user.is_active else 'yes -> no'}")
    audit(
        request, Action.USER_CHANGED, kind=USER, reference=user.username, detail=f"{', '.join(words)}; by {by.username}"
    )
    return user
