"""Import rows whose reference belongs to a record the importing user cannot see.

Such a row is refused in words that say only that the reference is taken, and each attempt is
written to the audit log: a file of guessed references leaves a trail, one event a row, written
in one insert. Checking runs in a request or in a background job (no request there: the event
is the user's, without an address).
"""

from audit.log import build_event, record_all
from audit.models import Action

TAKEN = "is already in use: choose another reference"


def audit_collisions(plan, *, request=None) -> int:
    """Write an IMPORT_COLLISION event for each colliding row of ``plan``. Returns how many."""
    if not plan.collisions:
        return 0
    return record_all(
        [
            build_event(
                Action.IMPORT_COLLISION,
                request=request,
                user=plan.user,
                kind=plan.kind,
                reference=reference,
                detail=f"Row {row_number}",
            )
            for row_number, reference in plan.collisions
        ]
    )
