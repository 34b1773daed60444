"""A record's change history as a person reads it: who changed which field from what to what, when and why."""

from dataclasses import dataclass
from datetime import date

from django.db import models

BOOKKEEPING = {
    "id",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "version",
    "archived_at",
    "archived_by",
    "archive_reason",
}
KIND = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str
    reason: str
    changes: list[Change]


def _display(field, value, names) -> str:
    if value in (None, ""):
        return "(blank)"
    if isinstance(field, models.ForeignKey):
        return names.get((field.related_model, value), f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _names_for(model, entries) -> dict:
    """Names of every related row the entries mention, read once per related model."""
    wanted = {}
    for field in model._meta.fields:
        if isinstance(field, models.ForeignKey) and field.name not in BOOKKEEPING:
            ids = {getattr(entry, field.attname) for entry in entries} - {None}
            if ids:
                wanted.setdefault(field.related_model, set()).update(ids)
    names = {}
    for related_model, ids in wanted.items():
        for item in related_model._base_manager.filter(pk__in=ids):
            names[(related_model, item.pk)] = str(item)
    return names


def record_history(record) -> list[HistoryEntry]:
    entries = list(record.history.select_related("history_user").order_by("history_date", "history_id"))
    model = type(record)
    fields = [field for field in model._meta.fields if field.name not in BOOKKEEPING]
    names = _names_for(model, entries)
    history = []
    previous = None
    for entry in entries:
        changes = []
        if previous is not None:
            for field in fields:
                old, new = getattr(previous, field.attname), getattr(entry, field.attname)
                if old != new:
                    changes.append(
                        Change(
                            field.verbose_name.capitalize(), _display(field, old, names), _display(field, new, names)
                        )
                    )
        history.append(
            HistoryEntry(
                when=entry.history_date,
                who=entry.history_user,
                kind=KIND.get(entry.history_type, entry.history_type),
                reason=entry.history_change_reason or "",
                changes=changes,
            )
        )
        previous = entry
    history.reverse()
    return history
