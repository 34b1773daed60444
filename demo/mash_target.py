"""The demo's target for MASH timeliness: the share of enquiries whose health information the Trust shares with
the hub within one working day (``reports.mash_timeliness``). A made-up local target, as the seed report sets
none."""

from decimal import Decimal

from reports.mash_timeliness import TARGET_NAME
from reports.models import Target

MASH_TARGET = Decimal("95.0")
MASH_TARGET_FROM_YEAR = 2018


def load_mash_target() -> None:
    # Set only where there is none, so a target an administrator has changed stays as it was changed.
    Target.objects.get_or_create(
        name=TARGET_NAME,
        from_year=MASH_TARGET_FROM_YEAR,
        defaults={"percent": MASH_TARGET, "note": "MASH health information shared within one working day"},
    )
