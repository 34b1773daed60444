"""The seed report's figures that cannot be held as records, entered as returns.

Years before 2021/22, and the long tail of the report (MARAC, MAPPA, FGM, court
reports, allegations, incidents, audits), each as printed in the seed report, are
kept as data in ``fixtures/seed_returns.csv``.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from activity import actions
from activity.models import Area, Return, Service
from core.periods import parse_period

SOURCE = "Annual safeguarding report 2021/22 (seed)"
SEED_RETURNS = Path(settings.BASE_DIR) / "fixtures" / "seed_returns.csv"


@dataclass(frozen=True)
class DemoReturn:
    metric: str
    area: str  # slug
    period: str  # "2021/22", or a quarter: "2022/23 Q1"
    value: int
    service: str = ""  # slug
    note: str = ""
    source: str = SOURCE


def load_returns(*, by) -> int:
    with SEED_RETURNS.open(newline="", encoding="utf-8") as seed:
        rows = [
            DemoReturn(
                metric=row["metric"],
                area=row["area"],
                service=row["service"],
                period=row["financial_year"],
                value=int(row["value"]),
                note=row["note"],
            )
            for row in csv.DictReader(seed)
        ]
    return enter_returns(rows, by=by)


def enter_returns(rows: list[DemoReturn], *, by) -> int:
    """Enter each return unless the demo already holds it as it is here: loading the demo again writes no
    history. Returns how many were entered or corrected."""
    areas = {area.slug: area for area in Area.objects.all()}
    services = {service.slug: service for service in Service.objects.all()}
    held = {
        (metric, area, service, start, end): (value, source, note)
        for metric, area, service, start, end, value, source, note in Return.objects.filter(
            metric__in={row.metric for row in rows}, category=None
        ).values_list("metric", "area_id", "service_id", "period_start", "period_end", "value", "source", "note")
    }
    entered = 0
    for row in rows:
        area, service, period = areas[row.area], services.get(row.service), parse_period(row.period)
        cell = (row.metric, area.pk, service.pk if service else None, period.start, period.end)
        if held.get(cell) == (row.value, row.source, row.note):
            continue
        actions.enter_return(
            metric=row.metric,
            area=area,
            service=service,
            period=period,
            value=row.value,
            source=row.source,
            note=row.note,
            by=by,
        )
        entered += 1
    return entered
