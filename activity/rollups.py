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

from django.db import connection, transaction
from django.db.models import Count, F, Q

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


# Above this many days a refresh recounts every day from the first to the last (one range, not a list of
# parameters): an import touching years of days is then two statements per series, whatever its size.
DAYS_LISTED_UP_TO = 100


@transaction.atomic
def refresh(model, days: set[date] | None) -> None:
    """Recount the model's series on these days (every day when ``days`` is None), in the database: for each
    series, one DELETE of its stale counts and one INSERT ... SELECT ... GROUP BY of the new ones. No record is
    read into Python, so the statements issued do not grow with the records or the days."""
    if days is not None and not days:
        return
    dimensions = [name for name in (_dimension(model, "service"), _dimension(model, "category")) if name]
    for series in series_for(model):
        names = [series.name, detail(series.name)] if dimensions else [series.name]
        day = series.day_field
        stale = DailyCount.objects.filter(series__in=names)
        records = model.objects.filter(series.where).filter(**{f"{day}__isnull": False})
        if days is not None:
            within = _days_condition(days)
            stale = stale.filter(**{f"day{lookup}": value for lookup, value in within.items()})
            records = records.filter(**{f"{day}{lookup}": value for lookup, value in within.items()})
        stale.delete()
        _count_into(series.name, records, model.area_field, day, [])
        if dimensions:
            _count_into(detail(series.name), records, model.area_field, day, dimensions)


def _days_condition(days: set[date]) -> dict:
    if len(days) <= DAYS_LISTED_UP_TO:
        return {"__in": sorted(days)}
    return {"__range": (min(days), max(days))}


def _count_into(series_name: str, records, area_field: str, day_field: str, dimensions: list[str]) -> None:
    """INSERT INTO the daily counts SELECT the records' counts grouped by area, day and ``dimensions``."""
    grouped = (
        records.order_by()
        .values(
            count_area=F(area_field),
            count_day=F(day_field),
            **{f"count_{name}": F(name) for name in dimensions},
        )
        .annotate(count_n=Count("pk"))
    )
    select_sql, params = grouped.query.sql_with_params()
    table = connection.ops.quote_name(DailyCount._meta.db_table)
    service = "sub.count_service" if "service" in dimensions else "NULL"
    category = "sub.count_category" if "category" in dimensions else "NULL"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (series, area_id, service_id, category_id, day, count) "  # nosec B608: the table and columns are ours
            f"SELECT %s, sub.count_area, {service}, {category}, sub.count_day, sub.count_n FROM ({select_sql}) sub",
            [series_name, *params],
        )


def rebuild() -> None:
    for model in [*RECORD_MODELS, ReviewAction, Allegation]:
        refresh(model, None)
