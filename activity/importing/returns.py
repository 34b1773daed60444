"""Importing returns: counts for a metric, an area (and a service or category) and a period.

A row is identified by what it counts (metric, area, service, category, period): a row
for a cell already held with the same value, source and note is unchanged, with a
different one it corrects it. Each is written through ``actions.enter_return``, which
checks overlapping periods again and writes the history. A blank Note keeps the note
already held.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from activity import actions
from activity.columns import CellError, Column, Lookups
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
from activity.metrics import METRICS
from activity.models import Return
from core.periods import FinancialYear, Quarter

HEADERS = ["Metric", "Area", "Service", "Category", "Period", "Value", "Source", "Note"]
OPTIONAL = {"Service", "Category", "Note"}
EARLIEST = date(2000, 1, 1)
PERIOD_HELP = "write a financial year as 2021/22 or a quarter as Q1 2021/22"

_AREA = Column("Area", "area", "area", required=True)
_SERVICE = Column("Service", "service", "service")
_CATEGORY = Column("Category", "category", "category")
_VALUE = Column("Value", "value", "int", required=True)
_SOURCE = Column("Source", "source", required=True, max_length=120)
_NOTE = Column("Note", "note")
_QUARTER_FIRST = re.compile(r"^\s*Q\s*([1-4])\s+(.+?)\s*$", re.IGNORECASE)
_QUARTER_LAST = re.compile(r"^\s*(.+?)\s+Q\s*([1-4])\s*$", re.IGNORECASE)
_MODEL_FIELD_COLUMN = {
    "metric": "Metric",
    "value": "Value",
    "source": "Source",
    "note": "Note",
    "period_start": "Period",
    "period_end": "Period",
}


def parse_period(text) -> FinancialYear | Quarter:
    """``2021/22`` or ``Q1 2021/22`` (also ``2021/22 Q1``); ``ValueError`` otherwise."""
    text = cell_text(text).strip()
    match = _QUARTER_FIRST.match(text) or _QUARTER_LAST.match(text)
    if match:
        number, year = (match.group(1), match.group(2)) if match.re is _QUARTER_FIRST else match.group(2, 1)
        return Quarter(FinancialYear.parse(year), int(number))
    return FinancialYear.parse(text)


@dataclass
class _Row:
    number: int
    raw: dict
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)

    def error(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.number, column, cell_text(self.raw.get(column)), reason))

    @property
    def cell(self):
        values = self.values
        service, category = values.get("service"), values.get("category")
        return (values["metric"], values["area"].pk, service and service.pk, category and category.pk)


class ReturnImporter:
    what = "returns"

    def check_access(self, user) -> None:
        if not (user.has_perm("activity.add_return") and user.has_perm("activity.change_return")):
            raise ImportFileError("Your role may not enter or correct returns, so you cannot import them.")

    def check_counts(self, plan: ImportPlan) -> None:
        pass

    def plan(self, plan: ImportPlan, table) -> None:
        positions = match_headers(table.headers, HEADERS, OPTIONAL, "returns")
        unheaded = unheaded_columns(table.headers, positions)
        returnable = [metric for metric in METRICS.values() if metric.accepts_returns]
        self.metrics = {}
        for metric in returnable:
            self.metrics.setdefault(metric.slug.casefold(), metric)
            self.metrics.setdefault(metric.name.casefold(), metric)
        self.metric_example = returnable[0].slug if returnable else "a metric's code"
        self.lookups = Lookups()
        self.access = AreaAccess(plan.user)
        self.today = timezone.localdate()

        rows = []
        first_row_of = {}
        for row_number, cells in table.rows:
            plan.row_count += 1
            raw = {name: (cells[index] if index < len(cells) else None) for name, index in positions.items()}
            row = _Row(row_number, raw)
            self._read(row)
            row.errors.extend(unheaded_errors(row_number, cells, unheaded, len(table.headers)))
            if not row.errors:
                key = (row.cell, row.values["period"])
                first = first_row_of.setdefault(key, row_number)
                if first != row_number:
                    row.error(
                        "Period",
                        f"is also on row {first} for the same metric, area, service and category: "
                        "each return needs a row of its own",
                    )
            rows.append(row)

        metrics = {row.values["metric"] for row in rows if "metric" in row.values}
        held: dict[tuple, list[Return]] = {}
        for entry in Return.objects.filter(metric__in=metrics):
            held.setdefault((entry.metric, entry.area_id, entry.service_id, entry.category_id), []).append(entry)
        in_file: dict[tuple, list[tuple]] = {}
        pending = []
        for row in rows:
            if row.errors:
                plan.errors.extend(row.errors)
                continue
            self._classify(plan, row, held, in_file, pending)
        plan.pending = pending

    def _read(self, row: _Row) -> None:
        raw, values = row.raw, row.values
        metric_text = cell_text(raw.get("Metric")).strip()
        metric = self.metrics.get(metric_text.casefold())
        if not metric_text:
            row.error("Metric", "is required")
        elif metric is None:
            row.error(
                "Metric",
                f"is not a metric that takes returns: write its name as the returns page shows it, "
                f"or its code (such as {self.metric_example})",
            )
        else:
            values["metric"] = metric.slug
        for column in (_AREA, _SERVICE, _CATEGORY, _VALUE, _SOURCE, _NOTE):
            cell = raw.get(column.header)
            if cell is not None and not isinstance(cell, str) and column.kind != "int":
                cell = cell_text(cell)
            try:
                values[column.field] = column.parse(cell, self.lookups, values)
            except CellError as error:
                row.error(column.header, str(error))
        period_text = cell_text(raw.get("Period")).strip()
        if not period_text:
            row.error("Period", "is required")
        else:
            try:
                period = parse_period(period_text)
            except ValueError:
                row.error("Period", f"is not a period: {PERIOD_HELP}")
            else:
                if period.start > self.today:
                    row.error("Period", "has not begun yet: a return is for a period that has started")
                elif period.end < EARLIEST:
                    row.error("Period", "is before 2000: the tracker holds figures from 2000 on")
                else:
                    values["period"] = period
        area = values.get("area")
        if area is not None and not self.access.allows(area):
            row.error("Area", f"you may not enter returns for {area.name}")
        if not row.errors:
            self._check_model(row)

    def _check_model(self, row: _Row) -> None:
        values = row.values
        entry = Return(
            metric=values["metric"],
            area=values["area"],
            service=values["service"],
            category=values["category"],
            period_start=values["period"].start,
            period_end=values["period"].end,
            value=values["value"],
            source=values["source"],
            note=values["note"],
        )
        relations = [f.name for f in Return._meta.fields if f.is_relation]
        try:
            entry.clean_fields(exclude=relations)
            entry.clean()
        except ValidationError as error:
            items = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            for name, messages in items.items():
                row.error(_MODEL_FIELD_COLUMN.get(name, "Value"), " ".join(messages))

    def _classify(self, plan: ImportPlan, row: _Row, held: dict, in_file: dict, pending: list) -> None:
        values, period = row.values, row.values["period"]
        same_cell = held.get(row.cell, [])
        entry = next(
            (e for e in same_cell if (e.period_start, e.period_end) == (period.start, period.end)),
            None,
        )
        overlapping = [
            e for e in same_cell if e is not entry and e.period_start <= period.end and e.period_end >= period.start
        ]
        if overlapping:
            other = overlapping[0]
            row.error(
                "Period",
                f"overlaps the return already held for {other.period_label}: correct that one instead, "
                "or remove it before entering this period",
            )
        for other_period, other_row in in_file.get(row.cell, []):
            if other_period.start <= period.end and other_period.end >= period.start:
                row.error(
                    "Period",
                    f"overlaps {other_period.label} on row {other_row} for the same metric, area, service "
                    "and category: a return covers a whole year or a quarter, not both",
                )
                break
        in_file.setdefault(row.cell, []).append((period, row.number))
        if row.errors:
            plan.errors.extend(row.errors)
            return
        note = values["note"] or (entry.note if entry is not None else "")
        write = {
            "metric": values["metric"],
            "area": values["area"],
            "service": values["service"],
            "category": values["category"],
            "period": period,
            "value": values["value"],
            "source": values["source"],
            "note": note,
        }
        if entry is None:
            plan.new_count += 1
            pending.append(write)
            return
        differences = [
            (header, cell_text(getattr(entry, name)), cell_text(write[name]))
            for header, name in (("Value", "value"), ("Source", "source"), ("Note", "note"))
            if getattr(entry, name) != write[name]
        ]
        if not differences:
            plan.unchanged_count += 1
            return
        plan.changed_count += 1
        pending.append(write)
        label = ", ".join(
            str(part)
            for part in (entry.get_metric_display(), values["area"], values["service"], values["category"])
            if part
        )
        plan.changed_rows.append(ChangedRow(row.number, f"{label}, {period.label}", differences))

    def is_stale(self, plan: ImportPlan) -> bool:
        return True  # returns files are small: always planned again inside the transaction

    def apply(self, plan: ImportPlan, *, by, reason: str, progress=None) -> None:
        for done, write in enumerate(plan.pending, start=1):
            actions.enter_return(**write, by=by, reason=reason)
            if progress:
                progress(done, len(plan.pending))
