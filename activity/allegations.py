"""Every write to an allegation against staff, and who may read one.

An allegation is read only by the people named on it (``Allegation.objects.visible_to``). Each write here needs the
person making it to be named on it (or, for a new one, to hold ``record_allegations``), asks why, writes a history row
with who and why (django-simple-history), and recounts the days it touched in the daily counts, in the same
transaction, and an audit event saying what was done (never the reason typed: the history keeps that). The views
write the events of reading one, which need the request (its address and request id).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from activity import rollups
from activity.models import Allegation, AllegationManager
from activity.models.records import new_reference
from audit.log import record as audit
from audit.models import Action
from core.permissions import require_actor

PERMISSION = "activity.record_allegations"
# How an allegation is named in the audit log (its record kind): no list of records, and no audit link, knows it.
AUDIT_KIND = "allegations"
FIRST_NAMED = "Recorded the allegation"


class StaleAllegationError(Exception):
    """Someone else saved the allegation after this change began."""

    def __init__(self, allegation: Allegation):
        self.allegation = allegation
        super().__init__(
            f"{allegation} was changed by {allegation.updated_by} at "
            f"{timezone.localtime(allegation.updated_at):%H:%M on %d/%m/%Y} after you started changing it. "
            "Your changes have not been saved."
        )


def may_record(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(PERMISSION))


def is_named(user, allegation: Allegation) -> bool:
    return AllegationManager.objects.filter(allegation=allegation, user=user).exists()


def _require_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: "Give a reason, so the allegation's history can explain it."})
    return reason


def _require_named(by, allegation: Allegation) -> None:
    """Only someone named on an allegation changes it: anyone else is told nothing about it."""
    if not (by.is_active and is_named(by, allegation)):
        raise PermissionDenied("Only the people named on an allegation may change it.")


def _save(allegation: Allegation, *, by, reason: str) -> None:
    allegation._history_user = by
    allegation._change_reason = reason
    allegation.save()


def _audit(allegation: Allegation, *, by, what: str) -> None:
    audit(None, Action.ALLEGATION_CHANGED, user=by, kind=AUDIT_KIND, reference=allegation.reference, detail=what)


@transaction.atomic
def record_allegation(*, allegation: Allegation, by, reason: str = "Recorded") -> Allegation:
    """Save a new allegation (built by a form); the person recording it is its first name."""
    require_actor(by)
    if not may_record(by):
        raise PermissionDenied("Recording an allegation needs the permission to record allegations.")
    allegation.created_by = allegation.updated_by = by
    allegation.reference = allegation.reference or new_reference(Allegation.reference_prefix)
    allegation.version = 1
    allegation.full_clean()
    _save(allegation, by=by, reason=reason)
    _name(allegation, user=by, by=by, reason=FIRST_NAMED)
    rollups.refresh(Allegation, rollups.days_of(allegation))
    _audit(allegation, by=by, what="Recorded")
    return allegation


@transaction.atomic
def change_allegation(
    *, allegation: Allegation, by, reason: str, expected_version: int | None = None, **changes
) -> Allegation:
    """Change an allegation. Needs a reason and a name on it; refused if someone saved it since
    ``expected_version``."""
    require_actor(by)
    reason = _require_reason(reason)
    current = Allegation.objects.select_for_update().get(pk=allegation.pk)
    _require_named(by, current)
    if expected_version is not None and current.version != expected_version:
        raise StaleAllegationError(current)
    for name, value in changes.items():
        setattr(allegation, name, value)
    allegation.updated_by = by
    allegation.version = current.version + 1
    allegation.full_clean()
    _save(allegation, by=by, reason=reason)
    rollups.refresh(Allegation, rollups.days_of(current) | rollups.days_of(allegation))
    _audit(allegation, by=by, what="Closed" if changes.get("status") == Allegation.Status.CLOSED else "Changed")
    return allegation


@transaction.atomic
def close_allegation(
    *, allegation: Allegation, by, closed_on, outcome: str, reason: str, expected_version: int | None = None
) -> Allegation:
    """Close an allegation on ``closed_on`` with its outcome."""
    if allegation.status == Allegation.Status.CLOSED:
        raise ValidationError({"closed_on": f"{allegation} is already closed."})
    return change_allegation(
        allegation=allegation,
        by=by,
        reason=reason,
        expected_version=expected_version,
        status=Allegation.Status.CLOSED,
        closed_on=closed_on,
        outcome=outcome,
    )


def _name(allegation: Allegation, *, user, by, reason: str) -> AllegationManager:
    named = AllegationManager(allegation=allegation, user=user, named_by=by, reason=reason)
    named._history_user = by
    named._change_reason = reason
    named.save()
    return named


@transaction.atomic
def name_person(*, allegation: Allegation, user, by, reason: str) -> AllegationManager:
    """Name another person on an allegation, so that they may read and manage it. Only someone named may; the
    person named must hold the permission to record allegations; nobody names themselves."""
    require_actor(by)
    reason = _require_reason(reason)
    allegation = Allegation.objects.select_for_update().get(pk=allegation.pk)
    _require_named(by, allegation)
    if user.pk == by.pk:
        raise ValidationError({"user": "You are already named on it: name someone else."})
    if not may_record(user):
        raise ValidationError(
            {"user": f"{user} cannot be named: they do not hold the permission to record allegations."}
        )
    if is_named(user, allegation):
        raise ValidationError({"user": f"{user} is already named on {allegation}."})
    named = _name(allegation, user=user, by=by, reason=reason[:200])
    _audit(allegation, by=by, what=f"Named {user.get_username()}")
    return named


@transaction.atomic
def remove_name(*, named: AllegationManager, by, reason: str) -> None:
    """Take a person's name off an allegation (they no longer read it); never the last name, which would leave it
    readable by nobody."""
    require_actor(by)
    reason = _require_reason(reason)
    allegation = Allegation.objects.select_for_update().get(pk=named.allegation_id)
    _require_named(by, allegation)
    if AllegationManager.objects.filter(allegation=allegation).count() <= 1:
        raise ValidationError(
            {"reason": f"{named.user} is the only person named on {allegation}: name someone else first."}
        )
    named._history_user = by
    named._change_reason = reason
    named.delete()
    _audit(allegation, by=by, what=f"Took {named.user.get_username()}'s name off")
