"""The hand-written SQL of the aggregation layer (``reports.figures``), one function a statement.

Each function returns ``(sql, params)`` for ``cursor.execute`` and runs nothing; its docstring
shows what it renders, and the test suite runs those examples (``test_figures``). The
statements are written by hand because building them with the ORM cost more CPU than running
them (d1864e5: the dashboard's Python time fell from 140 to 73 ms a request). They read two tables:

- the daily counts (``activity.models.DailyCount``, ``activity.rollups``): a count of records
  by ``series``, ``area_id``, ``service_id``, ``category_id`` and ``day``;
- returns (``activity.models.Return``): a ``value`` by ``metric``, area, service, category and
  period (``period_start`` to ``period_end``).

A period is a pair of dates, its first and last day, both counted. ``area_ids``,
``service_ids`` and ``category_ids`` limit a statement to those ids; None is no limit, and an
empty list matches nothing. Only names and placeholders are formatted into the SQL; every
value is a parameter.
"""

from datetime import date

from django.db import connection

from activity.models import DailyCount, Return

Sql = tuple[str, list]  # a statement and its parameters
Period = tuple[date, date]  # its first and last day


def grouped_daily_counts(
    series: list[str], periods: list[Period], area_ids=None, service_ids=None, category_ids=None
) -> Sql:
    """Daily counts summed by series, area, service, category and period: rows of
    (series, area_id, service_id, category_id, position of the period, sum).

    >>> sql, params = grouped_daily_counts(
    ...     ["consultations", "mash_enquiries"],
    ...     [(date(2020, 4, 1), date(2021, 3, 31)), (date(2021, 4, 1), date(2022, 3, 31))],
    ...     area_ids=[3, 4],
    ... )
    >>> print(sql)  # doctest: +NORMALIZE_WHITESPACE
    SELECT series, area_id, service_id, category_id, period, SUM("count") FROM (
      SELECT series, area_id, service_id, category_id, "count",
        CASE WHEN day BETWEEN %s AND %s THEN 0 WHEN day BETWEEN %s AND %s THEN 1 END AS period
      FROM "reports_dailycount"
      WHERE series IN (%s, %s) AND day BETWEEN %s AND %s AND area_id IN (%s, %s)
    ) AS grouped
    WHERE period IS NOT NULL
    GROUP BY series, area_id, service_id, category_id, period
    >>> print(*params, sep=", ")  # doctest: +NORMALIZE_WHITESPACE
    2020-04-01, 2021-03-31, 2021-04-01, 2022-03-31,
    consultations, mash_enquiries, 2020-04-01, 2022-03-31, 3, 4
    """
    return _grouped_sums(
        DailyCount, "series", '"count"', "day BETWEEN %s AND %s", series, periods, area_ids, service_ids, category_ids
    )


def grouped_returns(
    metrics: list[str], periods: list[Period], area_ids=None, service_ids=None, category_ids=None
) -> Sql:
    """Returns' values summed by metric, area, service, category and period: rows of
    (metric, area_id, service_id, category_id, position of the period, sum). A return
    counts in a period that holds the whole of it.

    >>> sql, params = grouped_returns(
    ...     ["child_consultations"],
    ...     [(date(2020, 4, 1), date(2021, 3, 31)), (date(2021, 4, 1), date(2022, 3, 31))],
    ...     area_ids=[3, 4],
    ...     service_ids=[7],
    ... )
    >>> print(sql)  # doctest: +NORMALIZE_WHITESPACE
    SELECT metric, area_id, service_id, category_id, period, SUM(value) FROM (
      SELECT metric, area_id, service_id, category_id, value,
        CASE WHEN period_start >= %s AND period_end <= %s THEN 0
             WHEN period_start >= %s AND period_end <= %s THEN 1 END AS period
      FROM "activity_return"
      WHERE metric IN (%s) AND period_start >= %s AND period_end <= %s
        AND area_id IN (%s, %s) AND service_id IN (%s)
    ) AS grouped
    WHERE period IS NOT NULL
    GROUP BY metric, area_id, service_id, category_id, period
    >>> print(*params, sep=", ")  # doctest: +NORMALIZE_WHITESPACE
    2020-04-01, 2021-03-31, 2021-04-01, 2022-03-31,
    child_consultations, 2020-04-01, 2022-03-31, 3, 4, 7
    """
    return _grouped_sums(
        Return,
        "metric",
        "value",
        "period_start >= %s AND period_end <= %s",
        metrics,
        periods,
        area_ids,
        service_ids,
        category_ids,
    )


def latest_returns(
    metrics: list[str], periods: list[Period], area_ids=None, service_ids=None, category_ids=None
) -> Sql:
    """For figures counted at a moment (staff who need training), not of events: each period's latest return
    by metric, area, service and category, in the same rows as ``grouped_returns`` (a quarter's returns are
    not added up into the year: the year's figure is its last quarter's). Among returns ending on the same
    day, the one for the shorter span (a quarter's, beside the year's).

    >>> sql, params = latest_returns(["training_staff_required"], [(date(2021, 4, 1), date(2022, 3, 31))])
    >>> print(sql)  # doctest: +NORMALIZE_WHITESPACE
    SELECT metric, area_id, service_id, category_id, period, value FROM (
      SELECT metric, area_id, service_id, category_id, period, value,
        ROW_NUMBER() OVER (PARTITION BY metric, area_id, service_id, category_id, period
                           ORDER BY period_end DESC, period_start DESC, id DESC) AS newest
      FROM (
        SELECT metric, area_id, service_id, category_id, value, period_start, period_end, id,
          CASE WHEN period_start >= %s AND period_end <= %s THEN 0 END AS period
        FROM "activity_return"
        WHERE metric IN (%s) AND period_start >= %s AND period_end <= %s
      ) AS placed
      WHERE period IS NOT NULL
    ) AS ranked
    WHERE newest = 1
    >>> print(*params, sep=", ")
    2021-04-01, 2022-03-31, training_staff_required, 2021-04-01, 2022-03-31
    """
    within = "period_start >= %s AND period_end <= %s"
    whens = " ".join(f"WHEN {within} THEN {position}" for position in range(len(periods)))
    case_params = [_date(day) for period in periods for day in period]
    span = [_date(min(start for start, _ in periods)), _date(max(end for _, end in periods))]
    where, params = _where([_in("metric", metrics), (within, span)], area_ids, service_ids, category_ids)
    columns = "metric, area_id, service_id, category_id"
    # bandit B608: as in _grouped_sums, only this module's names and fragments; every value is a parameter.
    sql = (
        f"SELECT {columns}, period, value FROM (\n"  # nosec
        f"  SELECT {columns}, period, value,\n"
        f"    ROW_NUMBER() OVER (PARTITION BY {columns}, period\n"
        "                       ORDER BY period_end DESC, period_start DESC, id DESC) AS newest\n"
        "  FROM (\n"
        f"    SELECT {columns}, value, period_start, period_end, id,\n"
        f"      CASE {whens} END AS period\n"
        f"    FROM {_table(Return)}\n"
        f"    WHERE {where}\n"
        "  ) AS placed\n"
        "  WHERE period IS NOT NULL\n"
        ") AS ranked\n"
        "WHERE newest = 1"
    )
    return sql, [*case_params, *params]


def open_balances(
    series: list[str], period_ends: list[date], area_ids=None, service_ids=None, category_ids=None
) -> Sql:
    """Daily counts summed up to each period's last day, by series, area, service and category:
    rows of (series, area_id, service_id, category_id, sum to the end of each period...).
    The caller reads ``<metric>:started`` less ``<metric>:ended`` as open at the end.

    >>> sql, params = open_balances(
    ...     ["mash_open_cases:started", "mash_open_cases:ended"],
    ...     [date(2021, 3, 31), date(2022, 3, 31)],
    ...     area_ids=[3, 4],
    ... )
    >>> print(sql)  # doctest: +NORMALIZE_WHITESPACE
    SELECT series, area_id, service_id, category_id,
      SUM(CASE WHEN day <= %s THEN "count" ELSE 0 END),
      SUM(CASE WHEN day <= %s THEN "count" ELSE 0 END)
    FROM "reports_dailycount"
    WHERE series IN (%s, %s) AND day <= %s AND area_id IN (%s, %s)
    GROUP BY series, area_id, service_id, category_id
    >>> print(*params, sep=", ")  # doctest: +NORMALIZE_WHITESPACE
    2021-03-31, 2022-03-31,
    mash_open_cases:started, mash_open_cases:ended, 2022-03-31, 3, 4
    """
    sums = ",\n  ".join('SUM(CASE WHEN day <= %s THEN "count" ELSE 0 END)' for _ in period_ends)
    last_day = ("day <= %s", [_date(period_ends[-1])])
    where, params = _where([_in("series", series), last_day], area_ids, service_ids, category_ids)
    # bandit B608 (SQL built as a string): only names and placeholders are formatted in; every value is a parameter.
    sql = (
        f"SELECT series, area_id, service_id, category_id,\n  {sums}\n"  # nosec
        f"FROM {_table(DailyCount)}\n"
        f"WHERE {where}\n"
        "GROUP BY series, area_id, service_id, category_id"
    )
    return sql, [*(_date(day) for day in period_ends), *params]


def spans_in_use(series: list[str], area_ids: list[int]) -> Sql:
    """The first and last day each series has daily counts for in these areas: rows of
    (series, first day, last day), the days NULL for a series with none.

    Each series is its own branch of a UNION ALL with no GROUP BY, so the database answers
    its MIN and MAX from the (series, day, area) index instead of reading every row.

    >>> sql, params = spans_in_use(["records:activity.consultation", "records:activity.mashenquiry"], [3, 4])
    >>> print(sql)  # doctest: +NORMALIZE_WHITESPACE
    SELECT %s, MIN(day), MAX(day) FROM "reports_dailycount" WHERE series = %s AND area_id IN (%s, %s)
    UNION ALL
    SELECT %s, MIN(day), MAX(day) FROM "reports_dailycount" WHERE series = %s AND area_id IN (%s, %s)
    >>> print(*params, sep=", ")  # doctest: +NORMALIZE_WHITESPACE
    records:activity.consultation, records:activity.consultation, 3, 4,
    records:activity.mashenquiry, records:activity.mashenquiry, 3, 4
    """
    table, in_areas = _table(DailyCount), ", ".join(["%s"] * len(area_ids))
    # bandit B608: only the table name and placeholders are formatted in; every value is a parameter.
    branch = f"SELECT %s, MIN(day), MAX(day) FROM {table} WHERE series = %s AND area_id IN ({in_areas})"  # nosec
    sql = "\nUNION ALL\n".join([branch] * len(series))
    return sql, [value for name in series for value in (name, name, *area_ids)]


def _grouped_sums(model, key, amount, within, keys, periods, area_ids, service_ids, category_ids) -> Sql:
    """``amount`` summed by ``key``, area, service, category and period. ``within`` (placeholders
    for a first and a last day) says whether a row falls in a span: each period, and all of them."""
    whens = " ".join(f"WHEN {within} THEN {position}" for position in range(len(periods)))
    case_params = [_date(day) for period in periods for day in period]
    span = [_date(min(start for start, _ in periods)), _date(max(end for _, end in periods))]
    where, params = _where([_in(key, keys), (within, span)], area_ids, service_ids, category_ids)
    columns = f"{key}, area_id, service_id, category_id"
    # bandit B608 (SQL built as a string): the names and fragments come from this module, never from a
    # request, and every value is a parameter. A bare nosec: with an id bandit 1.9 misfires on f-strings (#1204).
    sql = (
        f"SELECT {columns}, period, SUM({amount}) FROM (\n"  # nosec
        f"  SELECT {columns}, {amount},\n"
        f"    CASE {whens} END AS period\n"
        f"  FROM {_table(model)}\n"
        f"  WHERE {where}\n"
        ") AS grouped\n"
        "WHERE period IS NOT NULL\n"
        f"GROUP BY {columns}, period"
    )
    return sql, [*case_params, *params]


def _where(conditions: list[tuple[str, list]], area_ids, service_ids, category_ids) -> tuple[str, list]:
    """The conditions joined by AND, then only these areas, services and categories (None: no limit)."""
    for column, ids in (("area_id", area_ids), ("service_id", service_ids), ("category_id", category_ids)):
        if ids is not None:
            conditions.append(_in(column, ids))
    return " AND ".join(sql for sql, _ in conditions), [value for _, values in conditions for value in values]


def _in(column: str, values: list) -> tuple[str, list]:
    return (f"{column} IN ({', '.join(['%s'] * len(values))})" if values else "1 = 0"), list(values)


def _date(day: date):
    """A date as the database takes it."""
    return connection.ops.adapt_datefield_value(day)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)
