"""Run a job's work in a child process of the worker, with a time and a memory limit.

A file made to overload the importer (issue 12: 1.1 MB that took a worker over a minute and a gigabyte,
which it kept) must cost the worker nothing lasting. So the worker forks, and the child does the work
with its address space limited (``RLIMIT_AS``: JOB_MEMORY_LIMIT_MB more than the worker had) while the
worker waits, at most JOB_TIME_LIMIT_SECONDS, for the child's answer through a pipe. A child past its
time is killed; one past its memory gets MemoryError, or is killed by the system. Either way its memory
goes with it and the worker, its own memory unchanged, runs the next task.

Database connections are closed before forking, so the child opens its own and never shares the
worker's socket (or, on SQLite, its file handle). The child ends with ``os._exit``: no clean-up of the
worker's state runs twice.

The work runs in the worker's own process, without limits, where forking is impossible or unsafe:
when JOBS_IN_CHILD_PROCESS is off (``make run`` and the tests, where the immediate backend runs a job
inside the request), on a system without ``fork``, and inside a database transaction (a child could not
see what the transaction has not committed).
"""

import base64
import json
import logging
import os
import resource
import select
import signal
import time

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

_READ_SIZE = 2**16


class OutOfTime(Exception):
    """The work ran past JOB_TIME_LIMIT_SECONDS and was stopped."""


class OutOfMemory(Exception):
    """The work needed more than JOB_MEMORY_LIMIT_MB and was stopped."""


class ChildFault(Exception):
    """The work raised something else in the child (its name is the message); its traceback is in the log."""


def isolated() -> bool:
    """Whether work runs in a child process with limits, here and now."""
    return (
        settings.JOBS_IN_CHILD_PROCESS
        and hasattr(os, "fork")
        and not any(connection.in_atomic_block for connection in connections.all(initialized_only=True))
    )


def run_limited(work, *args, result: type, expected: tuple[type[Exception], ...] = ()):
    """``work(*args)``, in a child process with the time and memory limits of the settings when ``isolated()``.

    Returns what it returns: a dataclass of type ``result`` whose fields are text, numbers or bytes (an
    ``Outcome``), rebuilt from the child's answer. Raises what the work raised if that is one of
    ``expected`` (rebuilt from its message); else ``OutOfTime``, ``OutOfMemory`` or ``ChildFault``.
    """
    if not isolated():
        return work(*args)
    connections.close_all()
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (runs in the child: coverage cannot follow it)
        os.close(reading)
        _run_child(writing, work, args, expected)
    os.close(writing)
    answer = _wait_for(child, reading)
    kind, payload = answer["kind"], answer.get("payload")
    if kind == "result":
        return _rebuild(result, payload)
    if kind == "memory":
        raise OutOfMemory
    for error_type in expected:
        if kind == error_type.__name__:
            raise error_type(payload)
    raise ChildFault(kind)


def _wait_for(child: int, reading: int) -> dict:
    deadline = time.monotonic() + settings.JOB_TIME_LIMIT_SECONDS
    received = bytearray()
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)
                raise OutOfTime
            ready, _, _ = select.select([reading], [], [], left)
            if ready:
                chunk = os.read(reading, _READ_SIZE)
                if not chunk:
                    break
                received += chunk
    finally:
        os.close(reading)
    _, status = os.waitpid(child, 0)
    if not received:
        # It died without a word: killed by the system for its memory (or a fault in C code).
        logger.error("A job's child process ended without an answer (wait status %s)", status)
        raise OutOfMemory
    return json.loads(received)


def _run_child(writing: int, work, args, expected) -> None:  # pragma: no cover
    answer = {"kind": "fault"}
    try:
        # Should the worker die first, the alarm's default action ends the child a little after the limit.
        signal.alarm(int(settings.JOB_TIME_LIMIT_SECONDS) + 5)
        _limit_memory()
        try:
            answer = {"kind": "result", "payload": _flatten(work(*args))}
        except MemoryError:
            answer = {"kind": "memory"}
        except expected as error:
            answer = {"kind": type(error).__name__, "payload": str(error)}
        except BaseException as error:
            logger.exception("A job's work failed in its child process")
            answer = {"kind": type(error).__name__}
        connections.close_all()
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(json.dumps(answer).encode())
    finally:
        os._exit(0)


def _limit_memory() -> None:  # pragma: no cover
    """The child's address space: what it has now (the worker's), and JOB_MEMORY_LIMIT_MB more."""
    limit = _address_space() + settings.JOB_MEMORY_LIMIT_MB * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _address_space() -> int:
    """This process's virtual memory size, in bytes (Linux: /proc; elsewhere 0, and the limit is the setting)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _flatten(outcome) -> dict:
    """A dataclass's fields as JSON, bytes in base64."""
    return {
        name: {"bytes": base64.b64encode(value).decode()} if isinstance(value, bytes) else value
        for name, value in vars(outcome).items()
    }


def _rebuild(result: type, fields: dict):
    return result(
        **{
            name: base64.b64decode(value["bytes"]) if isinstance(value, dict) and "bytes" in value else value
            for name, value in fields.items()
        }
    )
