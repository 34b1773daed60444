"""Importing records of one type: each row's Reference says whether it is new or already held.

A row is checked cell by cell (``activity.columns``), then as a record: no date in the
future or before 2000, no date before the record's own date, the model's own rules and
check constraints (worked out in Python, so 100,000 rows need no query each), the area
within the user's, the reference not used twice. The database is asked in bulk: once
for reference data, then once or twice per chunk of rows for the references held.

Blank cells: a blank cell empties a field the file shows as blank on export (a date,
a case reference). A blank cell in a column that always has a value (mode, outcome,
yes/no, attendees) keeps what a held record has, or takes the usual default for a new
one; a blank Notes cell never erases notes already held (exports leave notes out).
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, F, Q
from django.utils import timezone

from activity import actions
from activity.columns import CellError, Column, Lookups
from activity.importing.collisions import TAKEN
from activity.importing.field_checks import FieldChecks
from activity.importing.files import ImportFileError, cell_text
from activity.importing.plan import (
    AreaAccess,
    ChangedRow,
    ImportPlan,
    RowError,
    match_headers,
    unheaded_columns,
    unheaded_errors,
)
from activity.models import Category, ClientGroup
from activity.record_types import RecordType

CHUNK_SIZE = 500  # references per query: PostgreSQL still uses the index, and SQLite allows 999 parameters
EARLIEST = date(2000, 1, 1)
RELATION_KINDS = {"area", "service", "team", "category"}
# Dates a record must keep in order, beyond "none before the record's own date" and the model's constraints.
_PLURAL = {ClientGroup.ADULT: "adults", ClientGroup.CHILD: "children"}


@dataclass
class PendingRecords:
    """What applying the plan writes, and the state of the database it was planned against."""

    new_rows: list[tuple] = field(default_factory=list)  # each a new record's fields, in the model's order
    changed: list = field(default_factory=list)
    changed_fields: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    held: dict[str, tuple] = field(default_factory=dict)  # reference -> (pk, version, archived)


class RecordImporter:
    def __init__(self, record_type: RecordType):
        self.record_type = record_type
        self.model = record_type.model
        self.what = str(self.model._meta.verbose_name_plural)

    # Access

    def check_access(self, user) -> None:
        self.may_add = user.has_perm(self.record_type.permission("add"))
        self.may_change = user.has_perm(self.record_type.permission("change"))
        if not (self.may_add or self.may_change):
            raise ImportFileError(f"Your role may not add or change {self.what}, so you cannot import them.")

    def check_counts(self, plan: ImportPlan) -> None:
        if plan.new_count and not self.may_add:
            raise ImportFileError(
                f"Your role may change {self.what} but not add them, and {_rows(plan.new_count)} of this file "
                f"{'is' if plan.new_count == 1 else 'are'} new. Take out the new rows, or ask a safeguarding lead."
            )
        if plan.changed_count and not self.may_change:
            raise ImportFileError(
                f"Your role may add {self.what} but not change them, and {_rows(plan.changed_count)} of this file "
                f"would change {'a record' if plan.changed_count == 1 else 'records'} already held."
            )

    # Planning

    def plan(self, plan: ImportPlan, table) -> None:
        model = self.model
        columns = self.record_type.import_columns
        positions = match_headers(
            table.headers,
            [column.header for column in columns],
            {column.header for column in columns if column.field == "notes" or column.optional_in_files},
            self.what,
        )
        present = [(column, positions[column.header]) for column in columns if column.header in positions]
        checker = _RowChecker(model, [column for column, _ in present], AreaAccess(plan.user))
        pending = PendingRecords()
        plan.pending = pending
        unheaded = unheaded_columns(table.headers, positions)
        first_row_of: dict[str, int] = {}
        chunk: list[_Row] = []
        for row_number, cells in table.rows:
            plan.row_count += 1
            row = checker.read(row_number, cells, present)
            row.errors.extend(unheaded_errors(row_number, cells, unheaded, len(table.headers)))
            reference = row.values.get("reference")
            if reference and "reference" not in row.failed:
                first = first_row_of.setdefault(reference, row_number)
                if first != row_number:
                    row.error("Reference", reference, f"is also on row {first}: each row needs a reference of its own")
                    row.failed.add("reference")
            chunk.append(row)
            if len(chunk) >= CHUNK_SIZE:
                self._classify(plan, chunk, checker)
                chunk = []
        self._classify(plan, chunk, checker)

    def _classify(self, plan: ImportPlan, chunk: list["_Row"], checker: "_RowChecker") -> None:
        """Sort a chunk's rows into new, changed and unchanged, with two queries at most."""
        if not chunk:
            return
        model = self.model
        pending: PendingRecords = plan.pending
        references = [row.values["reference"] for row in chunk if "reference" not in row.failed]
        pending.references.extend(references)
        held = {record.reference: record for record in model.with_archived.filter(reference__in=references)}
        visible = set()
        if held:
            pending.held.update(
                (record.reference, (record.pk, record.version, record.archived_at is not None))
                for record in held.values()
            )
            visible = set(
                model.with_archived.visible_to(plan.user)
                .filter(pk__in=[record.pk for record in held.values()])
                .values_list("pk", flat=True)
            )
        for row in chunk:
            record = None if "reference" in row.failed else held.get(row.values["reference"])
            if record is not None:
                if record.pk not in visible:
                    row.error("Reference", row.values["reference"], TAKEN)
                    plan.collisions.append((row.number, record.reference))
                elif record.archived_at is not None:
                    row.error("Reference", row.values["reference"], "is archived: restore it before importing changes")
            if row.errors:
                plan.errors.extend(row.errors)
                continue
            if record is None:
                plan.new_count += 1
                pending.new_rows.append(row.args)
                continue
            differences = checker.differences(record, row)
            if not differences:
                plan.unchanged_count += 1
                continue
            plan.changed_count += 1
            shown = []
            for column in differences:
                before = checker.shown_value(record, column)
                setattr(record, column.field, row.values[column.field])
                shown.append((column.header, before, cell_text(column.render(record))))
                pending.changed_fields.add(column.field)
            pending.changed.append(record)
            plan.changed_rows.append(ChangedRow(row.number, record.reference, shown))

    # Applying

    def is_stale(self, plan: ImportPlan) -> bool:
        """Whether a reference the plan relied on was created, changed or archived since."""
        pending: PendingRecords = plan.pending
        now = {}
        for start in range(0, len(pending.references), CHUNK_SIZE):
            chunk = pending.references[start : start + CHUNK_SIZE]
            query = self.model.with_archived.select_for_update().filter(reference__in=chunk)
            for reference, pk, version, archived_at in query.values_list("reference", "pk", "version", "archived_at"):
                now[reference] = (pk, version, archived_at is not None)
        return now != pending.held

    def apply(self, plan: ImportPlan, *, by, reason: str, progress=None) -> None:
        pending: PendingRecords = plan.pending
        total = len(pending.new_rows) + len(pending.changed)
        if pending.new_rows:
            actions.create_checked_records(
                model=self.model,
                rows=pending.new_rows,
                by=by,
                reason=reason,
                progress=(lambda done: progress(done, total)) if progress else None,
            )
        if pending.changed:
            actions.bulk_update_records(
                model=self.model, records=pending.changed, fields=sorted(pending.changed_fields), by=by, reason=reason
            )
            if progress:
                progress(total, total)


@dataclass
class _Row:
    number: int
    values: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict)
    failed: set = field(default_factory=set)
    kept: set = field(default_factory=set)  # blank cells that keep what a held record has
    args: tuple = ()  # the record's fields in the model's order: a model built from them needs no keywords
    errors: list = field(default_factory=list)

    def error(self, column: str, value: str, reason: str, *, field_name: str | None = None) -> None:
        self.errors.append(RowError(self.number, column, value, reason))
        if field_name:
            self.failed.add(field_name)


class _RowChecker:
    """Reads one row into field values and checks them as a record, without a query."""

    def __init__(self, model, columns: list[Column], access: AreaAccess):
        self.model = model
        self.columns = columns
        self.fields = {column.field for column in columns}
        self.header_of = {column.field: column.header for column in columns}
        self.lookups = Lookups()
        self.access = access
        self.today = timezone.localdate()
        self.relations = {f.name for f in model._meta.fields if f.is_relation}
        self.template = [f.get_default() for f in model._meta.concrete_fields]
        self.position = {f.name: index for index, f in enumerate(model._meta.concrete_fields)}
        self.derived = tuple(getattr(model, "derived_fields", ()))
        self.field_checks = FieldChecks(model, never=self.relations)
        self.attnames = [f.attname for f in model._meta.concrete_fields]
        self.record = model(*self.template)
        model_fields = {f.name: f for f in model._meta.fields}
        # Blank cells in columns that always hold a value keep the record's value (or the default).
        self.defaults = {
            column.field: model_fields[column.field].get_default()
            for column in columns
            if not column.required and not model_fields[column.field].null and model_fields[column.field].has_default()
        }
        self.dates = [column for column in columns if column.kind == "date"]
        self.main_date = next((column for column in self.dates if column.field == model.date_field), None)
        # The model's rules from the record's own date, in their words (any other date is checked against it too).
        self.rules_after_main = {rule.later: rule for rule in model.date_order if rule.earlier == model.date_field}
        # Every date is checked against the record's own date above; these are the rules between two others.
        self.later_dates = [
            rule
            for rule in model.date_order
            if rule.earlier != model.date_field and rule.earlier in self.fields and rule.later in self.fields
        ]
        self.constraints = [
            (constraint, _condition_fields(_condition(constraint)))
            for constraint in model._meta.constraints
            if isinstance(constraint, CheckConstraint)
        ]
        self.related_names: dict[str, dict[int, str]] = {}
        self.parsed: dict[str, dict] = {}
        self.category_client_group = "category" in self.fields and "client_group" in self.fields
        self.categories_by_name: dict[str, list] = {}
        if "category" in self.fields:
            for category in Category.objects.filter(is_active=True):
                self.categories_by_name.setdefault(category.name.casefold(), []).append(category)

    def read(self, number: int, cells: list, present: list[tuple[Column, int]]) -> _Row:
        row = _Row(number)
        values = row.values
        for column, index in present:
            raw = cells[index] if index < len(cells) else None
            row.raw[column.field] = raw
            blank = raw is None or (isinstance(raw, str) and not raw.strip())
            if blank and column.field in self.defaults:
                values[column.field] = self.defaults[column.field]
                row.kept.add(column.field)
                continue
            if column.field == "team" and "service" in row.failed:
                values["team"] = None
                row.failed.add("team")
                continue
            if raw is not None and not isinstance(raw, str) and column.kind not in ("date", "int"):
                raw = cell_text(raw)
            value, problem = self._parse(column, raw, values)
            values[column.field] = value
            if problem is not None:
                row.error(column.header, cell_text(raw), problem, field_name=column.field)
        if values.get("notes") == "" and "notes" in values:
            row.kept.add("notes")
        self._check(row)
        return row

    def _parse(self, column: Column, raw, values: dict) -> tuple:
        """(value, None) or (None, why not). A file repeats its dates, areas and choices, so each
        distinct cell is read once per column (free text, being rarely repeated, is not remembered)."""
        if column.kind == "text":
            try:
                return column.parse(raw, self.lookups, values), None
            except CellError as error:
                return None, str(error)
        key = raw if isinstance(raw, str) else (type(raw), raw)  # True == 1, but not as a cell
        if column.kind == "team":
            service = values.get("service")
            key = (service.pk if service is not None else None, raw)
        seen = self.parsed.setdefault(column.field, {})
        if key not in seen:
            try:
                seen[key] = (column.parse(raw, self.lookups, values), None)
            except CellError as error:
                seen[key] = (None, str(error))
        return seen[key]

    def _check(self, row: _Row) -> None:
        values, failed = row.values, row.failed

        def usable(name):
            return name in values and name not in failed and values[name] is not None

        def fail(name, reason):
            row.error(self.header_of.get(name, name), cell_text(row.raw.get(name)), reason, field_name=name)

        for column in self.dates:
            if usable(column.field):
                day = values[column.field]
                if day > self.today:
                    fail(column.field, "cannot be in the future")
                elif day < EARLIEST:
                    fail(column.field, "cannot be before 1 January 2000")
        main = self.main_date
        if main is not None and usable(main.field):
            for column in self.dates:
                if column is not main and usable(column.field) and values[column.field] < values[main.field]:
                    rule, day = self.rules_after_main.get(column.field), f"{values[main.field]:%d/%m/%Y}"
                    fail(
                        column.field,
                        f"{rule.message} ({main.header} {day})"
                        if rule
                        else f"cannot be earlier than {main.header} ({day})",
                    )
        for rule in self.later_dates:
            if usable(rule.earlier) and usable(rule.later) and values[rule.later] < values[rule.earlier]:
                fail(rule.later, f"{rule.message} ({self.header_of[rule.earlier]} {values[rule.earlier]:%d/%m/%Y})")
        if self.category_client_group and usable("category") and usable("client_group"):
            self._category_for_client_group(row, fail)
        if usable("area") and not self.access.allows(values["area"]):
            fail("area", f"you may not log records for {values['area'].name}")
        self._check_model(row, fail)

    def _category_for_client_group(self, row: _Row, fail) -> None:
        values = row.values
        category, client_group = values["category"], values["client_group"]
        if category.client_group in (ClientGroup.FAMILY, client_group):
            return
        # Two categories may share a name (one for adults, one for children): take the one that fits.
        same_name = self.categories_by_name.get(category.name.casefold(), [])
        fitting = [other for other in same_name if other.client_group in (ClientGroup.FAMILY, client_group)]
        if fitting and cell_text(row.raw.get("category")).strip().casefold() == category.name.casefold():
            values["category"] = fitting[0]
            return
        fail(
            "category",
            f"is a category for {_PLURAL.get(category.client_group, category.client_group)}, "
            f"not for {_PLURAL.get(client_group, client_group)}",
        )

    def _check_model(self, row: _Row, fail) -> None:
        """The model's own field checks and rules, and its check constraints, without a query."""
        values, failed = row.values, row.failed
        args = self.template.copy()
        for name, value in values.items():
            if name not in failed:
                args[self.position[name]] = value.pk if name in self.relations and value is not None else value
        # One record for every row, its values replaced: building a model a row took nearly a fifth of the checking.
        record = self.record
        record.__dict__.update(zip(self.attnames, args, strict=True))
        record._state.fields_cache.clear()  # no related object read for an earlier row may stand for this one
        cleaned = []
        try:
            cleaned = self.field_checks.run(record, exclude=failed)
            record.clean()
        except ValidationError as error:
            for name, messages in _message_dict(error).items():
                column = name if name in self.header_of else self.columns[0].field
                fail(column, " ".join(messages))
        # Saved as the checks left them: a value a field cleaned, and what ``clean`` works out (a MASH enquiry's
        # working days).
        for name in (*cleaned, *self.derived):
            args[self.position[name]] = getattr(record, name)
        row.args = tuple(args)
        for constraint, names in self.constraints:
            if names & failed or not names <= self.fields:
                continue
            if _holds(_condition(constraint), record) is False:
                fail(_first_field(_condition(constraint)), constraint.violation_error_message)

    def shown_value(self, record, column: Column) -> str:
        """A held record's cell as an export shows it, without a query per record for reference data."""
        if column.kind not in RELATION_KINDS:
            return cell_text(column.render(record))
        related_id = getattr(record, f"{column.field}_id")
        if related_id is None:
            return ""
        names = self.related_names.setdefault(column.field, {})
        if related_id not in names:
            related_model = self.model._meta.get_field(column.field).related_model
            names.update({pk: item.name for pk, item in related_model.objects.in_bulk().items()})
        return names.get(related_id, "")

    def differences(self, record, row: _Row) -> list[Column]:
        changed = []
        for column in self.columns:
            name = column.field
            if name == "reference" or name in row.kept:
                continue
            new = row.values[name]
            if column.kind in RELATION_KINDS:
                if getattr(record, f"{name}_id") != (new.pk if new is not None else None):
                    changed.append(column)
            elif getattr(record, name) != new:
                changed.append(column)
        return changed


def _message_dict(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            name: [message for item in items for message in item.messages] for name, items in error.error_dict.items()
        }
    return {"__all__": error.messages}


# Check constraints, worked out in Python with SQL's rule that an unknown (NULL) passes.


def _condition(constraint: CheckConstraint) -> Q:
    return getattr(constraint, "condition", None) or constraint.check


def _condition_fields(condition) -> set[str]:
    names = set()
    for child in condition.children:
        if isinstance(child, Q):
            names |= _condition_fields(child)
        else:
            lookup, expected = child
            names.add(lookup.split("__")[0])
            if isinstance(expected, F):
                names.add(expected.name)
    return names


def _first_field(condition) -> str:
    child = condition.children[0]
    return _first_field(child) if isinstance(child, Q) else child[0].split("__")[0]


def _holds(condition: Q, record) -> bool | None:
    results = [
        _holds(child, record) if isinstance(child, Q) else _lookup(child, record) for child in condition.children
    ]
    if condition.connector == Q.OR:
        result = True if True in results else (None if None in results else False)
    else:
        result = False if False in results else (None if None in results else True)
    if condition.negated and result is not None:
        result = not result
    return result


def _lookup(child: tuple, record) -> bool | None:
    lookup, expected = child
    name, _, operator = lookup.partition("__")
    value = getattr(record, name)
    if isinstance(expected, F):
        expected = getattr(record, expected.name)
    operator = operator or "exact"
    if operator == "isnull":
        return (value is None) == bool(expected)
    if value is None or expected is None:
        return None
    try:
        return {
            "exact": lambda: value == expected,
            "gte": lambda: value >= expected,
            "gt": lambda: value > expected,
            "lte": lambda: value <= expected,
            "lt": lambda: value < expected,
            "in": lambda: value in expected,
        }[operator]()
    except (KeyError, TypeError):
        return None  # not a rule this can work out: the database still enforces it


def _rows(count: int) -> str:
    return f"{count:,} row{'' if count == 1 else 's'}"
