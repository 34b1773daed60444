"""Every write to records and returns goes through here, and says who made it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from activity.models import Record, Return, Review, ReviewAction
from activity.models.records import new_reference
from activity.periods import FinancialYear, Quarter


def _require_actor(by):
    if by is None or not getattr(by, "pk", None):
        raise ValueError("Every write needs the user who made it")


@transaction.atomic
def create_record(*, model: type[Record], by, **fields) -> Record:
    return save_new_record(record=model(**fields), by=by)


@transaction.atomic
def save_new_record(*, record: Record, by) -> Record:
    """Save a record built elsewhere (the admin's form), as written by ``by``."""
    _require_actor(by)
    record.created_by = record.updated_by = by
    if not record.reference:
        record.reference = new_reference(record.reference_prefix)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def update_record(*, record: Record, by, **changes) -> Record:
    _require_actor(by)
    for name, value in changes.items():
        setattr(record, name, value)
    record.updated_by = by
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def bulk_create_records(*, model: type[Record], records: list[Record], by) -> int:
    """Save many new records at once (demo and imports).

    Each record's fields are validated here; references to other rows, uniqueness and
    the check constraints are left to the database, which enforces them in one go.
    """
    _require_actor(by)
    relations = [field.name for field in model._meta.fields if field.is_relation]
    for record in records:
        record.created_by = by
        record.updated_by = by
        if not record.reference:
            record.reference = new_reference(model.reference_prefix)
        record.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    model.objects.bulk_create(records, batch_size=1000)
    return len(records)


@transaction.atomic
def add_review_action(*, review: Review, by, **fields) -> ReviewAction:
    _require_actor(by)
    action = ReviewAction(review=review, created_by=by, updated_by=by, **fields)
    action.full_clean()
    action.save()
    return action


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
) -> Return:
    """Record a count for a metric, area and period; a second entry for the same cell corrects it."""
    _require_actor(by)
    same_cell = Return.objects.filter(metric=metric, area=area, service=service, category=category)
    overlapping = same_cell.filter(period_start__lte=period.end, period_end__gte=period.start).exclude(
        Q(period_start=period.start) & Q(period_end=period.end)
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
            entered_by=by,
        )
    entry.value = value
    entry.source = source
    entry.note = note
    return save_return(entry=entry, by=by)


@transaction.atomic
def save_return(*, entry: Return, by) -> Return:
    _require_actor(by)
    if entry.pk is None:
        entry.entered_by = by
    entry.updated_by = by
    entry.full_clean()
    entry.save()
    return entry
