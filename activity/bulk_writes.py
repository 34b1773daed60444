"""Many new rows written at once: on PostgreSQL by COPY, elsewhere by ``bulk_create``.

An import of a hundred thousand records spends most of its time turning each value into SQL text through the ORM
(``bulk_create``) for the records and again for their history rows. PostgreSQL's COPY takes the rows as they are:
the records' ids are reserved from their sequence first, so their history rows can name them, then each table gets
one COPY. Constraints, unique references and foreign keys are checked by the database as with any insert, and a
refusal raises Django's own ``IntegrityError`` (or ``DatabaseError``), so callers see no difference.
"""

from django.db import connection, models
from django.utils import timezone

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


def insert_with_history(model, records: list, *, by, reason: str) -> None:
    """Save new ``records`` of ``model`` (each gets its id) and a history row each, as created by ``by``."""
    if connection.vendor != "postgresql":
        saved = model._base_manager.bulk_create(records, batch_size=1000)
        model.history.bulk_history_create(saved, batch_size=1000, default_user=by, default_change_reason=reason)
        return
    _reserve_ids(model, records)
    fields = model._meta.concrete_fields
    _copy(model, fields, ([_value(field, record, add=True) for field in fields] for record in records))
    history = model.history.model
    tracked = history.tracked_fields
    now = timezone.now()
    extra = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    columns = [field.column for field in tracked] + extra
    rows = ([getattr(record, field.attname) for field in tracked] + [now, reason, "+", by.pk] for record in records)
    _copy_columns(history._meta.db_table, columns, rows)


def _reserve_ids(model, records: list) -> None:
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, pk.column])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, len(records)])
        for record, (new_id,) in zip(records, cursor.fetchall(), strict=True):
            setattr(record, pk.attname, new_id)


def _value(field, record, *, add: bool):
    value = field.pre_save(record, add)  # auto_now_add and auto_now fill their dates here, as a save does
    if value is None or isinstance(field, _AS_THEY_ARE):
        return value
    return field.get_db_prep_save(value, connection)


def _copy(model, fields, rows) -> None:
    _copy_columns(model._meta.db_table, [field.column for field in fields], rows)


def _copy_columns(table: str, columns: list[str], rows) -> None:
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    statement = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
