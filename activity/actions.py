"""Every write to records and returns goes through here, and says who made it and why.

Each save also writes a history row (django-simple-history) with the same user and
reason, so a record's detail page can show who changed which field, when and why.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from activity import bulk_writes, rollups, work_items
from activity.models import Consultation, Record, Return, Review, ReviewAction
from activity.models.records import new_reference
from core.periods import FinancialYear, Quarter
from core.permissions import require_actor

CREATED = "Created"


class StaleEditError(Exception):
    """Someone else saved the record after this edit began."""

    def __init__(self, record: Record):
        self.record = record
        super().__init__(
            f"{record} was changed by {record.updated_by} at {timezone.localtime(record.updated_at):%H:%M on %d/%m/%Y} "
            "after you started editing it. Your changes have not been saved."
        )


def _require_reason(reason: str):
    if not (reason or "").strip():
        raise ValidationError({"reason": "Give a reason for the change, so the record's history can explain it."})


def _save_with_history(instance, *, by, reason: str):
    instance._history_user = by
    instance._change_reason = reason.strip()
    instance.save()


@transaction.atomic
def create_record(*, model: type[Record], by, **fields) -> Record:
    return save_new_record(record=model(**fields), by=by)


@transaction.atomic
def save_new_record(*, record: Record, by, reason: str = CREATED) -> Record:
    """Save a record built elsewhere (a form), as written by ``by``."""
    require_actor(by)
    record.created_by = record.updated_by = by
    if not record.reference:
        record.reference = new_reference(record.reference_prefix)
    record.full_clean()
    _save_with_history(record, by=by, reason=reason)
    rollups.refresh(type(record), rollups.days_of(record))
    _keep_tasks(record, by=by)
    return record


def _keep_tasks(record: Record, *, by) -> None:
    if isinstance(record, Consultation):
        work_items.keep_lead_needed_task(record, by=by)


@transaction.atomic
def update_record(*, record: Record, by, reason: str, expected_version: int | None = None, **changes) -> Record:
    """Change a saved record. Needs a reason; refused if someone saved it since ``expected_version``."""
    require_actor(by)
    _require_reason(reason)
    current = type(record).with_archived.select_for_update().get(pk=record.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError(current)
    for name, value in changes.items():
        setattr(record, name, value)
    record.updated_by = by
    record.version = current.version + 1
    record.full_clean()
    _save_with_history(record, by=by, reason=reason)
    rollups.refresh(type(record), rollups.days_of(current) | rollups.days_of(record))
    _keep_tasks(record, by=by)
    return record


@transaction.atomic
def archive_record(*, record: Record, by, reason: str) -> Record:
    """Take a record out of every list and figure, keeping it for restoring."""
    require_actor(by)
    _require_reason(reason)
    record.archived_at = timezone.now()
    record.archived_by = by
    record.archive_reason = reason.strip()[:200]
    record.updated_by = by
    record.version += 1
    _save_with_history(record, by=by, reason=f"Archived: {reason}")
    _refresh_counts_with_actions(record)
    _keep_tasks(record, by=by)
    return record


def _refresh_counts_with_actions(record: Record) -> None:
    """Recount the record's days, and for a review its actions' days too: an archived review's actions are not
    counted as outstanding."""
    rollups.refresh(type(record), rollups.days_of(record))
    if isinstance(record, Review):
        actions = list(ReviewAction.objects.filter(review=record))
        rollups.refresh(ReviewAction, set().union(*(rollups.days_of(action) for action in actions)))


@transaction.atomic
def restore_record(*, record: Record, by, reason: str) -> Record:
    require_actor(by)
    _require_reason(reason)
    record.archived_at = None
    record.archived_by = None
    record.archive_reason = ""
    record.updated_by = by
    record.version += 1
    _save_with_history(record, by=by, reason=f"Restored: {reason}")
    _refresh_counts_with_actions(record)
    _keep_tasks(record, by=by)
    return record


@transaction.atomic
def bulk_create_records(
    *, model: type[Record], records: list[Record], by, reason: str = CREATED, refresh_counts: bool = True
) -> int:
    """Save many new records at once (the demo), with their history rows. An import, whose plan has checked every
    row already, saves through ``create_checked_records``.

    Each record's fields are validated here; references to other rows, uniqueness and
    the check constraints are left to the database, which enforces them in one go.
    ``refresh_counts=False`` leaves the daily counts to the caller, in the same transaction: the demo loader's
    ``rollups.rebuild()``, which recounts every kind at once.
    """
    require_actor(by)
    relations = [field.name for field in model._meta.fields if field.is_relation]
    for record in records:
        record.created_by = by
        record.updated_by = by
        if not record.reference:
            record.reference = new_reference(model.reference_prefix)
        record.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    bulk_writes.insert_with_history(model, records, by=by, reason=reason)
    if refresh_counts:
        rollups.refresh(model, set().union(*(rollups.days_of(record) for record in records)))
    return len(records)


@transaction.atomic
def create_checked_records(*, model: type[Record], rows: list[tuple], by, reason: str, progress=None) -> int:
    """Save many new records an import has already checked, field by field and as records, when it was planned
    (``rows``: each record's fields in the model's order, as ``model(*row)`` takes them), with their history rows;
    then recount the daily counts of the days they touch, once. ``progress(done)`` as rows are written."""
    require_actor(by)
    _require_reason(reason)
    bulk_writes.insert_checked_rows(model, rows, by=by, reason=reason, progress=progress)
    rollups.refresh(model, _days_in(model, rows))
    return len(rows)


def _days_in(model: type[Record], rows: list[tuple]) -> set:
    """Every date the rows hold: the days whose counts they change."""
    positions = [
        index for index, field in enumerate(model._meta.concrete_fields) if field.get_internal_type() == "DateField"
    ]
    return {row[index] for row in rows for index in positions if row[index] is not None}


@transaction.atomic
def bulk_update_records(*, model: type[Record], records: list[Record], fields: list[str], by, reason: str) -> int:
    """Save changes to many records at once (imports), with a history row each."""
    require_actor(by)
    _require_reason(reason)
    date_fields = [field.attname for field in model._meta.fields if field.get_internal_type() == "DateField"]
    days = set()
    for values in model.with_archived.filter(pk__in=[r.pk for r in records]).values_list(*date_fields):
        days.update(value for value in values if value is not None)
    now = timezone.now()
    derived = list(getattr(model, "derived_fields", ()))  # worked out from the others (a MASH enquiry's)
    for record in records:
        record.updated_by = by
        record.updated_at = now
        record.version += 1
        if derived:
            record.fill_derived_fields()
    model.with_archived.bulk_update(
        records, [*fields, *derived, "updated_by", "updated_at", "version"], batch_size=1000
    )
    model.history.bulk_history_create(
        records, batch_size=1000, default_user=by, default_change_reason=reason, update=True
    )
    rollups.refresh(model, days.union(*(rollups.days_of(record) for record in records)))
    return len(records)


@transaction.atomic
def add_review_action(*, review: Review, by, owner=None, **fields) -> ReviewAction:
    """A new action, and its task for ``owner`` (a person; None leaves it in the leads' queue)."""
    require_actor(by)
    action = ReviewAction(review=review, created_by=by, updated_by=by, **fields)
    action.full_clean()
    _save_with_history(action, by=by, reason=CREATED)
    rollups.refresh(ReviewAction, rollups.days_of(action))
    work_items.keep_review_action_task(action, owner=owner, by=by)
    return action


@transaction.atomic
def update_review_action(*, action: ReviewAction, by, reason: str, owner=None, **changes) -> ReviewAction:
    """Change an action; its task follows (due date, done when completed, given to ``owner`` if named)."""
    require_actor(by)
    _require_reason(reason)
    before = rollups.days_of(ReviewAction.objects.get(pk=action.pk))
    for name, value in changes.items():
        setattr(action, name, value)
    action.updated_by = by
    action.full_clean()
    _save_with_history(action, by=by, reason=reason)
    rollups.refresh(ReviewAction, before | rollups.days_of(action))
    work_items.keep_review_action_task(action, owner=owner, by=by)
    return action


@transaction.atomic
def delete_review_action(*, action: ReviewAction, by, reason: str) -> None:
    require_actor(by)
    _require_reason(reason)
    days = rollups.days_of(action)
    work_items.withdraw_review_action_task(action, by=by, reason=f"The action was removed: {reason.strip()}")
    action._history_user = by
    action._change_reason = reason.strip()
    action.delete()
    rollups.refresh(ReviewAction, days)


@transaction.atomic
def enter_return(
    *,
    metric: str,
    area,
    period: FinancialYear | Quarter,
    value: int,
    source: str,
    by,
    note: str = "",
    service=None,
    category=None,
    reason: str = "",
) -> Return:
    """Record a count for a metric, area and period; a second entry for the same cell corrects it."""
    require_actor(by)
    same_cell = Return.objects.filter(metric=metric, area=area, service=service, category=category)
    overlapping = same_cell.filter(period_start__lte=period.end, period_end__gte=period.start).exclude(
        period_start=period.start, period_end=period.end
    )
    if overlapping.exists():
        raise ValidationError(
            {"period_end": f"A return for part of {period.label} already exists; correct that one instead."}
        )
    entry = same_cell.filter(period_start=period.start, period_end=period.end).first()
    if entry is None:
        entry = Return(
            metric=metric,
            area=area,
            service=service,
            category=category,
            period_start=period.start,
            period_end=period.end,
        )
    entry.value = value
    entry.source = source
    entry.note = note
    return save_return(entry=entry, by=by, reason=reason or ("Corrected" if entry.pk else CREATED))


@transaction.atomic
def save_return(*, entry: Return, by, reason: str = "") -> Return:
    require_actor(by)
    if entry.pk is None:
        entry.entered_by = by
    entry.updated_by = by
    entry.full_clean()
    _save_with_history(entry, by=by, reason=reason or ("Corrected" if entry.pk else CREATED))
    return entry


@transaction.atomic
def remove_return(*, entry: Return, by, reason: str) -> None:
    """Delete a return; its history keeps what it said and who removed it."""
    require_actor(by)
    _require_reason(reason)
    entry._history_user = by
    entry._change_reason = reason.strip()
    entry.delete()
