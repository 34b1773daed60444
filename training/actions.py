"""Every write to training compliance goes through here: importing the learning system's export, whole or not at
all, and withdrawing an import. Each keeps who did it and why in the import's history."""

from datetime import date
from itertools import islice

from django.core.exceptions import PermissionDenied
from django.db import transaction

from activity.importing.mapping import Mapping
from activity.models import ImportMapping
from core.permissions import require_actor
from training.importing import IMPORT_PERMISSION, KIND_SLUG, Check, check_rows
from training.models import ComplianceImport, StaffRequirement

BATCH_SIZE = 2000


class _Refused(Exception):
    """Raised inside the import's transaction to throw away every row saved so far."""


def import_compliance(
    *, content: bytes, file_name: str, as_at: date, mapping: ImportMapping, by, save: bool = True
) -> tuple[Check, ComplianceImport | None]:
    """Check the export read through ``mapping`` and, if ``save`` and it has no problem at all, import it.

    Rows are read and saved in batches as the file is read (memory stays flat however long the file), inside one
    transaction that is thrown away if any problem turns up: a file with problems leaves nothing behind. Returns
    the check (every kind of problem counted, the first ones listed with their row numbers) and the import, or
    None when nothing was saved. Raises ``ImportFileError`` for a file that cannot be read at all.
    """
    require_actor(by)
    if not by.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied
    if mapping.kind != KIND_SLUG:
        raise ValueError("The mapping is not one for the learning system's export")
    check = Check(file_name=file_name, mapping_name=mapping.name, as_at=as_at)
    rows = check_rows(content, mapping=Mapping.of(mapping), check=check)
    if not save:
        for _ in rows:
            pass
        return check, None
    try:
        with transaction.atomic():
            compliance_import = ComplianceImport(
                as_at=as_at,
                file_name=file_name[:255],
                mapping=mapping,
                mapping_name=mapping.name,
                imported_by=by,
            )
            compliance_import._history_user = by
            compliance_import._change_reason = "Imported"
            compliance_import.save()
            while batch := list(islice(rows, BATCH_SIZE)):
                if check.problem_count:
                    continue  # read on to the end to count every problem; nothing will be kept
                for row in batch:
                    row.compliance_import = compliance_import
                StaffRequirement.objects.bulk_create(batch)
            if not check.is_clean:
                raise _Refused
            compliance_import.summary = check.summary()
            compliance_import.save(update_fields=["summary"])
    except _Refused:
        return check, None
    return check, compliance_import


@transaction.atomic
def withdraw_import(compliance_import: ComplianceImport, *, by, reason: str) -> ComplianceImport:
    """Set an import aside (a wrong file, say): its figures stop counting; its rows and history stay."""
    require_actor(by)
    if not by.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied
    compliance_import.status = ComplianceImport.Status.WITHDRAWN
    compliance_import._history_user = by
    compliance_import._change_reason = f"Withdrawn: {reason}"[:100]
    compliance_import.save(update_fields=["status"])
    return compliance_import
