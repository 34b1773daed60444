"""The demo's quarterly returns after 2021/22, for the figures that only come as returns.

Each complete quarter from 2022/23 Q1 to the day the demo is loaded to gets a return for each area (and service)
the seed gives the figure for: allegations against staff, court reports, incidents, audits, MARAC, MAPPA, FGM
cases discussed, and the learning system's training compliance for the whole trust. Each value is drawn from a
``random.Random`` seeded by the quarter and the return's cell, around the seed's yearly figure shared over four
quarters and growing a little, so loading again enters nothing new.
"""

import random
from datetime import date, timedelta

from activity.metrics import COMPLIANCE_DENOMINATOR, COMPLIANCE_NUMERATOR
from core.periods import FinancialYear, Quarter, last_complete
from demo.later_records import FIRST_DAY, poisson
from demo.reference import TRUST
from demo.returns import DemoReturn, enter_returns
from demo.training import TRAINING_SOURCE

QUARTERLY_SOURCE = "Quarterly return from the safeguarding service (demo figures)"
FIRST_QUARTER = Quarter(FinancialYear(2022), 1)

# (metric, area slug, service slug, about how many a year), as the seed reports each figure.
QUARTERLY_FIGURES = [
    ("allegations_against_staff", "oxfordshire", "", 3),
    ("allegations_against_staff", "swindon", "", 1),
    ("allegations_against_staff", "buckinghamshire", "", 1),
    ("court_reports_supported", TRUST, "", 16),
    ("child_safeguarding_incidents", TRUST, "oxon-sw-mh", 58),
    ("child_safeguarding_incidents", TRUST, "bucks-mh", 19),
    ("child_safeguarding_incidents", TRUST, "community-health", 67),
    ("child_safeguarding_incidents", TRUST, "specialised", 5),
    ("service_audits_completed", TRUST, "", 4),
    ("marac_referrals", "oxfordshire", "", 3),
    ("marac_referrals", "buckinghamshire", "", 2),
    ("marac_referrals", "bsw", "", 0.5),
    ("mappa_information_shares", TRUST, "", 36),
    ("fgm_cases_discussed", "oxfordshire", "", 25),
]
STAFF_NEEDING_TRAINING = 6240  # the seed trust's staff whose role needs safeguarding training, 2021/22


def complete_quarters(until: date) -> list[Quarter]:
    """Every quarter from 2022/23 Q1 that ended before ``until``."""
    if until <= FIRST_QUARTER.end:
        return []
    last, quarters, quarter = last_complete("quarter", until), [], FIRST_QUARTER
    while quarter <= last:
        quarters.append(quarter)
        quarter = Quarter.containing(quarter.end + timedelta(days=1))
    return quarters


def quarterly_returns(quarter: Quarter) -> list[DemoReturn]:
    growth = 1.03 ** ((quarter.start - FIRST_DAY).days / 365.25)
    rows = []
    for metric, area, service, a_year in QUARTERLY_FIGURES:
        rng = random.Random(f"demo:{quarter.key}:{metric}:{area}:{service}")
        value = poisson(rng, a_year / 4 * growth)
        rows.append(DemoReturn(metric, area, quarter.key, value, service=service, source=QUARTERLY_SOURCE))
    return rows + _training_compliance(quarter)


def _training_compliance(quarter: Quarter) -> list[DemoReturn]:
    """Staff needing training grows slowly; the share up to date climbs back from the learning system's change
    towards the 90% target and then hovers around it."""
    quarters_on = (quarter.year.start_year - FIRST_QUARTER.year.start_year) * 4 + quarter.number - 1
    rng = random.Random(f"demo:{quarter.key}:training")
    required = round(STAFF_NEEDING_TRAINING * 1.004**quarters_on) + rng.randrange(-40, 40)
    share = min(0.84 + 0.012 * quarters_on, 0.905) + rng.uniform(-0.01, 0.01)
    return [
        DemoReturn(COMPLIANCE_NUMERATOR, TRUST, quarter.key, round(required * share), source=TRAINING_SOURCE),
        DemoReturn(COMPLIANCE_DENOMINATOR, TRUST, quarter.key, required, source=TRAINING_SOURCE),
    ]


def load_quarterly_returns(*, until: date, by) -> int:
    """Enter the returns of every complete quarter since 2022/23 Q1 that the demo does not hold as they are
    here. Returns how many were entered."""
    return enter_returns([row for quarter in complete_quarters(until) for row in quarterly_returns(quarter)], by=by)
