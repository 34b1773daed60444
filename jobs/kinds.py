"""The kinds of job, each declared by the app whose work it is, so that this app knows none of them.

An app declares its kinds in a ``job_kinds`` module, found at start-up the way Django's admin finds ``admin``
modules (``jobs.apps``). A kind says what its work is, which queue runs it, what its page offers next, who may
download its file, and the words a user reads when it fails, runs out of time or runs out of memory.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django_tasks import DEFAULT_TASK_QUEUE_NAME


class JobFailed(Exception):
    """The work cannot be done, for a reason the message gives the user as it is."""


@dataclass(frozen=True)
class Outcome:
    """What finished work says (``message``) and the file it made, if any (``content``)."""

    message: str = ""
    content: bytes | None = None


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str
    # work(job, progress) -> Outcome; raises JobFailed with words for the user.
    work: Callable
    # links(job) -> [(address, words)]: where the job's page offers to go next.
    links: Callable
    failure_title: str
    # Each ends a sentence the user reads; ``{took}`` becomes "took more than N minutes".
    fault: str
    out_of_time: str
    out_of_memory: str
    queue: str = DEFAULT_TASK_QUEUE_NAME
    # The permission its file needs, checked again at download: a role can change while a job runs.
    download_permission: str = ""
    # downloaded(request, job): called as its file is downloaded (to audit it).
    downloaded: Callable | None = None
    # page_when_done(job) -> address or None: a finished job whose outcome is shown on another page.
    page_when_done: Callable | None = None
    # What the job's page promises while the user waits ("and download the file").
    waiting_note: str = ""


_KINDS: dict[str, JobKind] = {}
_CLEANERS: list[Callable] = []


def register(kind: JobKind) -> JobKind:
    if kind.name in _KINDS and _KINDS[kind.name] != kind:
        raise ValueError(f"Two kinds of job are called {kind.name!r}")
    _KINDS[kind.name] = kind
    return kind


def get(name: str) -> JobKind:
    return _KINDS[name]


def registered() -> dict[str, JobKind]:
    return dict(_KINDS)


def register_clean_up(cleaner: Callable) -> Callable:
    """``cleaner(now=...) -> int``: deletes what an app keeps for its jobs past its time (run with old jobs')."""
    if cleaner not in _CLEANERS:
        _CLEANERS.append(cleaner)
    return cleaner


def cleaners() -> list[Callable]:
    return list(_CLEANERS)
