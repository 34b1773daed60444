"""Many new rows written at once: on PostgreSQL by COPY, elsewhere by ``bulk_create``.

An import of a hundred thousand records spends most of its time turning each value into SQL text through the ORM
(``bulk_create``) for the records and again for their history rows. PostgreSQL's COPY takes the rows as they are:
the records' ids are reserved from their sequence first, the records go in by one COPY, and their history rows are
made from them inside the database (``INSERT ... SELECT``), so they never travel. Constraints, unique references and
foreign keys are checked by the database as with any insert, and a refusal raises Django's own ``IntegrityError``
(or ``DatabaseError``), so callers see no difference.
"""

from collections.abc import Callable, Sequence

from django.db import connection, models
from django.utils import timezone

from activity.models.records import new_reference

# Field types whose Python values psycopg writes as they are; any other goes through the field's own conversion.
_AS_THEY_ARE = (
    models.CharField,
    models.TextField,
    models.DateField,
    models.DateTimeField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
    models.AutoField,
)
PROGRESS_EVERY = 1000


def insert_with_history(model, records: list, *, by, reason: str) -> None:
    """Save new ``records`` of ``model`` (each gets its id) and a history row each, as created by ``by``."""
    if connection.vendor != "postgresql":
        saved = model._base_manager.bulk_create(records, batch_size=1000)
        model.history.bulk_history_create(saved, batch_size=1000, default_user=by, default_change_reason=reason)
        return
    fields = model._meta.concrete_fields
    ids = _reserve_ids(model, len(records))
    for record, new_id in zip(records, ids, strict=True):
        setattr(record, model._meta.pk.attname, new_id)
    _copy_rows(model, ([_value(field, record, add=True) for field in fields] for record in records))
    _history_of(model, ids, by=by, reason=reason)


def insert_checked_rows(
    model, rows: Sequence[tuple], *, by, reason: str, progress: Callable[[int], None] | None = None
) -> None:
    """Save new records of ``model`` from ``rows``, each its fields in the model's order as ``model(*row)`` takes
    them, already checked (an import's plan checked every one): stamped as created now by ``by`` (a reference made
    where one is blank), with a history row each. ``progress(done)`` is called every 1,000 rows."""
    stamp = _Stamp(model, by=by, now=timezone.now())
    if connection.vendor != "postgresql":
        for start in range(0, len(rows), PROGRESS_EVERY):
            records = [model(*stamp(row, prepare=False)) for row in rows[start : start + PROGRESS_EVERY]]
            insert_with_history(model, records, by=by, reason=reason)
            if progress:
                progress(start + len(records))
        return
    ids = _reserve_ids(model, len(rows))

    def stamped():
        for done, (new_id, row) in enumerate(zip(ids, rows, strict=True), start=1):
            yield stamp(row, new_id)
            if progress and (done % PROGRESS_EVERY == 0 or done == len(rows)):
                progress(done)

    _copy_rows(model, stamped())
    _history_of(model, ids, by=by, reason=reason)


class _Stamp:
    """A row of a new record as saved: who made it and when, its id and reference, each value as SQL takes it."""

    def __init__(self, model, *, by, now):
        fields = model._meta.concrete_fields
        position = {field.name: index for index, field in enumerate(fields)}
        self.pk = position[model._meta.pk.name]
        self.reference = position["reference"]
        self.prefix = model.reference_prefix
        self.fixed = [(position[name], by.pk) for name in ("created_by", "updated_by")]
        self.fixed += [
            (index, now)
            for index, field in enumerate(fields)
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        ]
        self.converted = [(index, field) for index, field in enumerate(fields) if not isinstance(field, _AS_THEY_ARE)]

    def __call__(self, row: tuple, new_id=None, *, prepare: bool = True) -> list:
        values = list(row)
        for index, value in self.fixed:
            values[index] = value
        if new_id is not None:
            values[self.pk] = new_id
        if not values[self.reference]:
            values[self.reference] = new_reference(self.prefix)
        for index, field in self.converted if prepare else ():
            if values[index] is not None:
                values[index] = field.get_db_prep_save(values[index], connection)
        return values


def _reserve_ids(model, count: int) -> list[int]:
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, pk.column])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, count])
        return [new_id for (new_id,) in cursor.fetchall()]


def _value(field, record, *, add: bool):
    value = field.pre_save(record, add)  # auto_now_add and auto_now fill their dates here, as a save does
    if value is None or isinstance(field, _AS_THEY_ARE):
        return value
    return field.get_db_prep_save(value, connection)


def _copy_rows(model, rows) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
    statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _history_of(model, ids: list[int], *, by, reason: str) -> None:
    """A history row for each of the records ``ids``, made from the record as saved ("+", created), in one
    INSERT ... SELECT: what ``bulk_history_create`` writes, without the rows leaving the database."""
    quote = connection.ops.quote_name
    history = model.history.model
    columns = [quote(field.column) for field in history.tracked_fields]
    extra = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(columns + extra)}) "  # nosec B608: names are ours
            f"SELECT {', '.join(columns)}, %s, %s, '+', %s FROM {quote(model._meta.db_table)} "
            f"WHERE {quote(model._meta.pk.column)} = ANY(%s)",
            [timezone.now(), reason, by.pk, ids],
        )
