"""Every write to the service's governance records goes through here: checked, and kept in the row's history
with who made it and why."""

from django.db import transaction

from core.permissions import require_actor
from governance.models import Authored


@transaction.atomic
def save_record(record: Authored, *, by, reason: str) -> Authored:
    """Create or change an audit, priority, update, policy or learning row: validated first (the model's own
    rules, in its own words), then saved with a history row naming ``by`` and ``reason``."""
    require_actor(by)
    record.updated_by = by
    record.full_clean()
    record._history_user = by
    record._change_reason = reason
    record.save()
    return record


@transaction.atomic
def delete_record(record: Authored, *, by, reason: str) -> None:
    require_actor(by)
    record._history_user = by
    record._change_reason = reason
    record.delete()
