"""The seed report's figures that cannot be held as records, entered as returns.

Years before 2021/22, and the long tail of the report (MARAC, MAPPA, FGM, court
reports, allegations, incidents, audits), each as printed in the seed report, are
kept as data in ``fixtures/seed_returns.csv``.
"""

import csv
from pathlib import Path

from django.conf import settings

from activity import actions
from activity.models import Area, Service
from core.periods import FinancialYear

SOURCE = "Annual safeguarding report 2021/22 (seed)"
SEED_RETURNS = Path(settings.BASE_DIR) / "fixtures" / "seed_returns.csv"


def load_returns(*, by) -> None:
    areas = {area.slug: area for area in Area.objects.all()}
    services = {service.slug: service for service in Service.objects.all()}
    with SEED_RETURNS.open(newline="", encoding="utf-8") as seed:
        for row in csv.DictReader(seed):
            actions.enter_return(
                metric=row["metric"],
                area=areas[row["area"]],
                service=services[row["service"]] if row["service"] else None,
                period=FinancialYear.parse(row["financial_year"]),
                value=int(row["value"]),
                source=SOURCE,
                note=row["note"],
                by=by,
            )
