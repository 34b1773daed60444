"""Counts of records by series, area, service, category and day, kept beside the records.

The dashboard and the report sum these small rows instead of scanning the record
tables. Every action that writes records calls ``refresh`` for the days it touched, in
the same transaction, so the counts never disagree with the records; ``rebuild`` recounts
everything (``manage.py rebuild_counts``).

Series, for a metric counted from records:
- ``Events``: ``<metric>``, one count per day the event happened;
- ``OpenAtEnd``: ``<metric>:started`` and ``<metric>:ended``; open on day D is the
  started up to D less the ended up to D;
- and ``records:<model>``: every record of the model by its own date, which says in
  which periods the app was in use for that kind of record.

Each series is kept twice: by area and day only (a few thousand rows a year, whatever
the volume: what most figures read), and as ``<series>#detail`` by area, service,
category and day, read only where a table is by service or category or a return names one.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, Q

from activity.metrics import METRICS, Events, OpenAtEnd
from activity.models.allegations import Allegation
from activity.models.counts import DailyCount
from activity.models.records import RECORD_MODELS, ReviewAction


@dataclass(frozen=True)
class Series:
    name: str
    model: type
    where: Q
    day_field: str


DETAIL = "#detail"


def detail(series: str) -> str:
    return f"{series}{DETAIL}"


def in_use_series(model) -> str:
    return f"records:{model._meta.label_lower}"


def series_for(model) -> list[Series]:
    found = [Series(in_use_series(model), model, Q(), model.date_field)]
    for metric in METRICS.values():
        measure = metric.records
        if measure is None or measure.model is not model:
            continue
        if isinstance(measure, Events):
            found.append(Series(metric.slug, model, measure.where, measure.on))
        elif isinstance(measure, OpenAtEnd):
            found.append(Series(f"{metric.slug}:started", model, measure.where, measure.started))
            found.append(Series(f"{metric.slug}:ended", model, measure.where, measure.ended))
    return found


def _dimension(model, name):
    """The model's service or category, where it is one of the reference tables (an allegation's category is a
    choice, not a Category: it is not counted by)."""
    fields = {field.name: field for field in model._meta.fields}
    return name if name in fields and fields[name].is_relation else None


def days_of(record) -> set[date]:
    """Every day a record's counts depend on: the values of its date fields."""
    return {
        value
        for field in record._meta.fields
        if field.get_internal_type() == "DateField" and (value := getattr(record, field.attname)) is not None
    }


@transaction.atomic
def refresh(model, days: set[date] | None) -> None:
    """Recount the model's series on these days (every day when ``days`` is None)."""
    if days is not None and not days:
        return
    days = sorted(days) if days is not None else None
    dimensions = [name for name in (_dimension(model, "service"), _dimension(model, "category")) if name]
    for series in series_for(model):
        names = [series.name, detail(series.name)] if dimensions else [series.name]
        stale = DailyCount.objects.filter(series__in=names)
        records = model.objects.filter(series.where).filter(**{f"{series.day_field}__isnull": False})
        if days is not None:
            stale = stale.filter(day__in=days)
            records = records.filter(**{f"{series.day_field}__in": days})
        stale.delete()
        _count_into(series.name, records, [model.area_field, series.day_field], model.area_field, series.day_field)
        if dimensions:
            _count_into(
                detail(series.name),
                records,
                [model.area_field, series.day_field, *dimensions],
                model.area_field,
                series.day_field,
            )


def _count_into(series_name, records, group_by, area_field, day_field):
    rows = records.values(*group_by).annotate(n=Count("pk")).order_by()
    DailyCount.objects.bulk_create(
        [
            DailyCount(
                series=series_name,
                area_id=row[area_field],
                service_id=row.get("service"),
                category_id=row.get("category"),
                day=row[day_field],
                count=row["n"],
            )
            for row in rows
        ],
        batch_size=2000,
    )


def rebuild() -> None:
    for model in [*RECORD_MODELS, ReviewAction, Allegation]:
        refresh(model, None)
