"""Bulk import of records and returns from CSV or Excel files: check everything, then save all or nothing.

    plan = plan_import(kind="consultations", content=data, file_name="x.csv", user=user)  # writes no record
    if plan.is_valid:
        summary = apply_import(plan, by=user, file_name="x.csv")  # one transaction

``plan.file_error`` is a whole-file problem (then no row is checked); ``plan.errors``
lists every bad cell of every row, each naming its row (as a spreadsheet numbers it)
and column. Making a plan reads the database in bulk and writes no record (only an audit
event for each row whose reference belongs to a record the user cannot see). Applying it
checks, inside its transaction, that nothing it relied on has changed since; if
something has, the file is planned again and, if it no longer imports cleanly,
``StaleImportError`` (a ``ValueError``) carries the new plan and nothing is saved.
"""

import logging
import os
from contextlib import contextmanager
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from activity.importing.collisions import audit_collisions
from activity.importing.files import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    ImportFileError,
    Table,
    normalise_header,
    read_table,
)
from activity.importing.mapping import Mapping, import_kinds, map_table
from activity.importing.plan import ChangedRow, ImportPlan, RowError
from activity.importing.records import RecordImporter
from activity.importing.returns import ReturnImporter
from activity.record_types import RECORD_TYPES
from core.heap import cycle_collection_paused

RETURNS = "returns"
logger = logging.getLogger(__name__)

IMPORT_KINDS: dict[str, str] = {
    **{slug: record_type.plural for slug, record_type in RECORD_TYPES.items()},
    RETURNS: "Returns",
}

__all__ = [
    "IMPORT_KINDS",
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_ROWS",
    "ChangedRow",
    "ImportFileError",
    "ImportPlan",
    "RowError",
    "StaleImportError",
    "apply_import",
    "kind_from_file_name",
    "plan_import",
]


class StaleImportError(ValueError):
    """The file no longer imports as planned (the records changed since); nothing was saved.

    ``plan`` is the plan made at the moment of writing: show its errors.
    """

    def __init__(self, message: str, plan: ImportPlan):
        super().__init__(message)
        self.plan = plan


def _importer(kind: str):
    if kind == RETURNS:
        return ReturnImporter()
    if kind in RECORD_TYPES:
        return RecordImporter(RECORD_TYPES[kind])
    raise ValueError(f"Nothing imports as {kind!r}: choose one of {', '.join(IMPORT_KINDS)}")


def plan_import(
    *, kind: str, content: bytes, file_name: str, user, request=None, mapping: Mapping | None = None
) -> ImportPlan:
    """Check a file and work out what importing it would do. Writes no record; writes an audit event for
    each row whose reference belongs to a record the user cannot see (with ``request``'s address, if any).

    With a ``mapping`` the file is read through it (``activity.importing.mapping``), and every problem is
    named by the file's own heading."""
    with cycle_collection_paused():
        plan, _ = _plan(kind=kind, content=content, file_name=file_name, user=user, mapping=mapping)
    audit_collisions(plan, request=request)
    return plan


def _plan(*, kind, content, file_name, user, mapping=None):
    importer = _importer(kind)
    plan = ImportPlan(kind=kind, file_name=file_name, content=bytes(content or b""), user=user, mapping=mapping)
    try:
        importer.check_access(user)
        table = read_table(plan.content)
        plan.file_format = table.file_format
        if mapping is not None:
            table = _mapped(table, kind, mapping)
        importer.plan(plan, table)
        if plan.row_count == 0:
            raise ImportFileError("The file has a header row but no rows of data under it.")
        importer.check_counts(plan)
    except ImportFileError as error:
        plan.fail(str(error))
    if mapping is not None:
        _name_by_file_headings(plan, mapping)
    return plan, importer


def _mapped(table: Table, kind: str, mapping: Mapping) -> Table:
    """The table read through ``mapping``, or ``ImportFileError`` naming the headings the file lacks."""
    import_kind = import_kinds()[kind]
    mapping = mapping.for_kind(import_kind)
    present = {normalise_header(header) for header in table.headers}
    lacking, unmapped = [], []
    for column in import_kind.required_columns:
        theirs = mapping.columns.get(column.header)
        if not theirs:
            unmapped.append(column.header)
        elif normalise_header(theirs) not in present:
            lacking.append(f"{theirs} (read as {column.header})")
    called = f"the mapping {mapping.name}" if mapping.name else "the mapping"
    if unmapped:
        raise ImportFileError(
            f"T{called[1:]} does not say which of the file's columns is {_and(unmapped)}: change the mapping."
        )
    if lacking:
        raise ImportFileError(
            f"The file has no column headed {_and(lacking)}, which {called} reads. "
            "Check this is the file the mapping was made for, or change the mapping."
        )
    headers, rows = map_table(table.headers, table.rows, mapping)
    return Table(table.file_format, headers, rows)


def _name_by_file_headings(plan: ImportPlan, mapping: Mapping) -> None:
    """Name each bad cell, and each change, by the file's heading, so a person can find it in their file."""
    plan.errors = [replace(error, column=mapping.file_heading(error.column)) for error in plan.errors]
    plan.changed_rows = [
        replace(row, changes=[(mapping.file_heading(column), *values) for column, *values in row.changes])
        for row in plan.changed_rows
    ]


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def apply_import(plan: ImportPlan, *, by, file_name: str | None = None, progress=None) -> dict:
    """Save what ``plan`` says, in one transaction: every row, or (on any failure) none.

    Refuses a plan that is not valid. Returns the counts saved. ``progress(done, total)``, if
    given, is called as rows are written (a background job shows it; jobs.progress).
    """
    if not plan.is_valid:
        raise ValueError("This import has problems and cannot be saved: check the file and plan it again.")
    file_name = file_name or plan.file_name
    reason = f"Imported from {file_name}"[:200]
    try:
        with _audited_if_stale(), cycle_collection_paused(), transaction.atomic():
            importer = _importer(plan.kind)
            current = plan
            if by != plan.user or not _still_allowed(importer, plan) or importer.is_stale(plan):
                current, importer = _plan(
                    kind=plan.kind, content=plan.content, file_name=file_name, user=by, mapping=plan.mapping
                )
                if not current.is_valid:
                    raise StaleImportError(
                        "The file no longer imports cleanly: something it relies on has changed since it was "
                        "checked. Nothing was saved.",
                        current,
                    )
            importer.apply(current, by=by, reason=reason, progress=progress)
    except (DatabaseError, ValidationError) as error:  # a rule only the database (or an action) checks
        logger.warning("Import of %s (%s) refused when saving", file_name, plan.kind, exc_info=True)
        fresh = plan_import(kind=plan.kind, content=plan.content, file_name=file_name, user=by, mapping=plan.mapping)
        raise StaleImportError(
            "Nothing was saved: the database refused the import, most likely because records it names changed "
            "while it was being saved. Check the file again.",
            fresh,
        ) from error
    return {
        "kind": current.kind,
        "file_name": file_name,
        "rows": current.row_count,
        "new": current.new_count,
        "changed": current.changed_count,
        "unchanged": current.unchanged_count,
    }


@contextmanager
def _audited_if_stale():
    """A plan made again while saving is rolled back with the import: audit its collisions after."""
    try:
        yield
    except StaleImportError as stale:
        audit_collisions(stale.plan)
        raise


def _still_allowed(importer, plan: ImportPlan) -> bool:
    """The user's role may still do what the plan needs (a role can change between preview and confirm)."""
    try:
        importer.check_access(plan.user)
        importer.check_counts(plan)
    except ImportFileError:
        return False
    return True


def kind_from_file_name(file_name: str) -> str | None:
    """The kind a file's name starts with ("consultations-2021.csv"), the longest that fits, or None."""
    name = os.path.basename(file_name).casefold()
    matches = [kind for kind in IMPORT_KINDS if name.startswith(kind) and not name[len(kind) : len(kind) + 1].isalnum()]
    return max(matches, key=len, default=None)
