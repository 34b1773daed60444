"""Known changes in a process, which the dashboard's XmR charts rebase at (``reports.spc``).

Every write goes through ``record_process_change``: checked, and kept in the row's history with who made it and
why. A change recorded for an area applies to that area's charts and to those of the areas within it; one with no
area applies everywhere.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from activity.metrics import METRICS
from core.permissions import require_actor
from reports.models import ProcessChange


@transaction.atomic
def record_process_change(*, metric: str, area, starts_on, note: str, by, reason: str) -> ProcessChange:
    """Record that ``metric``'s process changed from the month of ``starts_on`` (kept as the month's first day)."""
    require_actor(by)
    if metric not in METRICS:
        raise ValidationError({"metric": "Choose a figure the dashboard charts"})
    change = ProcessChange(
        metric=metric, area=area, starts_on=starts_on.replace(day=1), note=note.strip(), created_by=by
    )
    change.full_clean()
    change._history_user = by
    change._change_reason = reason
    change.save()
    return change


def changes_for(metrics, area, areas: dict) -> dict[str, list[ProcessChange]]:
    """The process changes that apply to ``area``'s charts of ``metrics``, oldest first, by metric: those for every
    area, for ``area`` and for the areas it lies within (``areas``: every area by id). One query."""
    above = [each.pk for each in areas.values() if area.path.startswith(each.path)]
    found = ProcessChange.objects.filter(Q(area__isnull=True) | Q(area__in=above), metric__in=list(metrics)).order_by(
        "starts_on", "pk"
    )
    by_metric: dict[str, list[ProcessChange]] = {}
    for change in found:
        by_metric.setdefault(change.metric, []).append(change)
    return by_metric


@transaction.atomic
def withdraw_process_change(change: ProcessChange, *, by, reason: str) -> None:
    """Remove a change recorded in error: the chart reads as one phase again; the history keeps the change, who
    withdrew it and why."""
    require_actor(by)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the change is withdrawn"})
    change._history_user = by
    change._change_reason = reason.strip()
    change.delete()
