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

Each metric's series is kept twice: by area and day only (a few thousand rows a year, whatever
the volume: what most figures read), and as ``<series>#detail`` by area, service,
category and day, read only where a table is by service or category or a return names one.
The ``records:<model>`` series is read by area and day only, and kept only so.
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
    detailed: bool = True  # also kept by service and category (``#detail``): no figure reads the in-use ones so


DETAIL = "#detail"


def detail(series: str) -> str:
    return f"{series}{DETAIL}"


def in_use_series(model) -> str:
    return f"records:{model._meta.label_lower}"


def series_for(model) -> list[Series]:
    found = [Series(in_use_series(model), model, Q(), model.date_field, detailed=False)]
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
    """Recount the model's series on these days (every day when ``days`` is None), in the database: one DELETE of
    the model's stale counts, then one INSERT ... SELECT per date field its series count by, which reads the
    records once, groups them by area, day (and service and category) and counts every series of that date field
    at the same time (a conditional count each). No record is read into Python, so the statements issued do not
    grow with the records or the days."""
    if days is not None and not days:
        return
    within = _days_condition(days) if days is not None else {}
    every_series = series_for(model)
    dimensions = [name for name in (_dimension(model, "service"), _dimension(model, "category")) if name]
    names = [name for series in every_series for name in _kept_as(series, dimensions)]
    DailyCount.objects.filter(series__in=names, **{f"day{lookup}": value for lookup, value in within.items()}).delete()
    by_day_field: dict[str, list[Series]] = {}
    for series in every_series:
        by_day_field.setdefault(series.day_field, []).append(series)
    for day_field, counted in by_day_field.items():
        records = model.objects.filter(**{f"{day_field}__isnull": False})
        records = records.filter(**{f"{day_field}{lookup}": value for lookup, value in within.items()})
        _count_into(counted, records, model.area_field, day_field, dimensions)


def _kept_as(series: Series, dimensions: list[str]) -> list[str]:
    return [series.name, detail(series.name)] if dimensions and series.detailed else [series.name]


def _days_condition(days: set[date]) -> dict:
    if len(days) <= DAYS_LISTED_UP_TO:
        return {"__in": sorted(days)}
    return {"__range": (min(days), max(days))}


def _count_into(counted: list[Series], records, area_field: str, day_field: str, dimensions: list[str]) -> None:
    """WITH the records grouped by area, day and ``dimensions``, one count column per series, INSERT INTO the
    daily counts each series' non-zero counts, and (where there are dimensions) their sums by area and day."""
    grouped = (
        records.order_by()
        .values(count_area=F(area_field), count_day=F(day_field), **{f"count_{name}": F(name) for name in dimensions})
        .annotate(
            **{
                f"count_{index}": Count("pk", filter=series.where) if series.where else Count("pk")
                for index, series in enumerate(counted)
            }
        )
    )
    grouped_sql, grouped_params = grouped.query.sql_with_params()
    # A bare NULL in every branch of a UNION is text to PostgreSQL: each says the column's type.
    no_service, no_category = _typed_null("service"), _typed_null("category")
    service = "g.count_service" if "service" in dimensions else no_service
    category = "g.count_category" if "category" in dimensions else no_category
    selects, params = [], []
    for index, series in enumerate(counted):
        n = f"g.count_{index}"
        if dimensions and series.detailed:
            selects.append(_branch(service, category, n, f"WHERE {n} > 0"))
            params.append(detail(series.name))
        if dimensions:  # by area and day: the sums of the groups by service and category
            selects.append(
                _branch(no_service, no_category, f"SUM({n})", f"GROUP BY g.count_area, g.count_day HAVING SUM({n}) > 0")
            )
        else:
            selects.append(_branch(no_service, no_category, n, f"WHERE {n} > 0"))
        params.append(series.name)
    table = connection.ops.quote_name(DailyCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH g AS ({grouped_sql}) "  # nosec B608: the table, columns and aliases are ours; values are parameters
            f"INSERT INTO {table} (series, area_id, service_id, category_id, day, count) "
            + " UNION ALL ".join(selects),
            [*grouped_params, *params],
        )


def _branch(service: str, category: str, count: str, rest: str) -> str:
    """One series' rows from the grouped records ``g``: its name is the parameter, the rest are our own columns."""
    return f"SELECT %s, g.count_area, {service}, {category}, g.count_day, {count} FROM g {rest}"  # nosec B608


def _typed_null(field_name: str) -> str:
    return f"CAST(NULL AS {DailyCount._meta.get_field(field_name).db_type(connection)})"


def rebuild() -> None:
    for model in [*RECORD_MODELS, ReviewAction, Allegation]:
        refresh(model, None)
