"""The levels of safeguarding training the trust starts with, made again wherever they are missing.

A data migration made them once; after every ``migrate`` (and every emptying of a test database, which emits the
same signal) any level missing by its slug is made again with its starting target. A level that exists is never
touched: its target is the administrator's.
"""

from decimal import Decimal

from training.models import Level

# slug, name, group, target %, months in date
STARTING_LEVELS = [
    ("adults-1", "Safeguarding adults level 1", "adults", "90.0", 36),
    ("adults-2", "Safeguarding adults level 2", "adults", "90.0", 36),
    ("adults-3", "Safeguarding adults level 3", "adults", "85.0", 36),
    ("adults-4", "Safeguarding adults level 4", "adults", "80.0", 36),
    ("children-1", "Safeguarding children level 1", "children", "90.0", 36),
    ("children-2", "Safeguarding children level 2", "children", "90.0", 36),
    ("children-3", "Safeguarding children level 3", "children", "85.0", 36),
    ("children-4", "Safeguarding children level 4", "children", "80.0", 36),
    ("prevent-basic", "Prevent basic awareness", "prevent", "80.0", 36),
    ("prevent-wrap", "Prevent awareness (WRAP, level 3)", "prevent", "80.0", 36),
]


def add_missing_levels() -> int:
    """Make the starting levels that are missing; returns how many were made."""
    existing = set(Level.objects.values_list("slug", flat=True))
    missing = [
        Level(
            slug=slug,
            name=name,
            group=group,
            position=position,
            target_percent=Decimal(target),
            months_in_date=months,
        )
        for position, (slug, name, group, target, months) in enumerate(STARTING_LEVELS, start=1)
        if slug not in existing
    ]
    Level.objects.bulk_create(missing)
    return len(missing)


def add_missing_after_migrate(**kwargs) -> None:
    add_missing_levels()
