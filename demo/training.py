"""Training compliance in the demo: staff up to date with their safeguarding training against the Trust's target.

The seed report gives no compliance figures, only that the levels fell short of the target after the learning
system changed; the counts below are made up to say the same, and their source says so.
"""

from decimal import Decimal

from activity.metrics import COMPLIANCE_DENOMINATOR, COMPLIANCE_NUMERATOR
from demo.reference import TRUST
from demo.returns import DemoReturn, enter_returns
from reports.models import Target

TRAINING_SOURCE = "Learning and development system (demo figures)"
TRAINING_TARGET = Decimal("90.0")
TARGET_FROM_YEAR = 2018
SYSTEM_CHANGED = "The learning system changed during the year; some completed training was not carried across."

TRAINING_RETURNS = [
    DemoReturn(COMPLIANCE_NUMERATOR, TRUST, "2020/21", 5470, source=TRAINING_SOURCE),
    DemoReturn(COMPLIANCE_DENOMINATOR, TRUST, "2020/21", 6010, source=TRAINING_SOURCE),
    DemoReturn(COMPLIANCE_NUMERATOR, TRUST, "2021/22", 5180, note=SYSTEM_CHANGED, source=TRAINING_SOURCE),
    DemoReturn(COMPLIANCE_DENOMINATOR, TRUST, "2021/22", 6240, source=TRAINING_SOURCE),
]


def load_training_compliance(*, by) -> int:
    """The compliance returns and the target they are read against. Returns how many returns were entered."""
    # A target is reference data an administrator keeps in the admin (no history of its own); the demo sets
    # one only where there is none, so a target changed by hand stays as it was changed.
    Target.objects.get_or_create(
        name=Target.Name.TRAINING_COMPLIANCE,
        from_year=TARGET_FROM_YEAR,
        defaults={"percent": TRAINING_TARGET, "note": "Safeguarding training, all levels"},
    )
    return enter_returns(TRAINING_RETURNS, by=by)
