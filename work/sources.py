"""The apps above say which tasks their things need; ``refresh`` keeps the tasks in line with them.

Some tasks are made the moment something happens (a review action agreed, a consultation flagged for a lead);
others come due with the calendar (a MASH enquiry open too long, a return or a policy review or a report due).
For those, each app registers a function giving the tasks it wants today, and ``refresh`` (run by
``send_reminders`` each morning and by the schedule every hour) makes the missing ones and withdraws the ones
no longer wanted.
"""

from collections.abc import Callable
from datetime import date

from accounts.system_accounts import system_account as accounts_system_account
from work import actions
from work.models import Kind

WantedToday = Callable[[date], list[actions.Wanted]]
_SOURCES: dict[Kind, tuple[WantedToday, str, Callable[[], object] | None]] = {}

SYSTEM_USERNAME = "task-keeper"
SYSTEM_NAME = "Task keeper"


def register(kind: Kind, wanted_today: WantedToday, *, reason: str, after: Callable[[], object] | None = None):
    """Called from an app's ``ready()``: ``wanted_today(today)`` lists the open tasks of ``kind`` there should be;
    ``reason`` is what a withdrawn task's history says ("the enquiry was closed"); ``after()``, if given, runs
    once the tasks are in line (to link the app's rows to their tasks, say)."""
    _SOURCES[kind] = (wanted_today, reason, after)


def registered() -> list[Kind]:
    return list(_SOURCES)


def system_account():
    """The account the calendar's tasks are made by. It can never sign in."""
    return accounts_system_account(SYSTEM_USERNAME, SYSTEM_NAME)


def refresh(today: date) -> dict[Kind, tuple[int, int]]:
    """Bring every registered kind's open tasks in line with what its app wants today. Returns, for each kind,
    how many tasks were made and how many withdrawn."""
    by, changed = system_account(), {}
    for kind, (wanted_today, reason, after) in _SOURCES.items():
        changed[kind] = actions.sync(kind=kind, wanted=wanted_today(today), by=by, reason=reason)
        if after is not None:
            after()
    return changed
