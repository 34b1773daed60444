"""Running the background job worker inside a test, as `make serve` runs it, until no task is left."""

import signal

from django.core.management import call_command


def run_every_queued_task(queue: str = "*") -> None:
    """`manage.py db_worker --batch` over one queue (every queue by default): each queued task, then stop."""
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0",
            "--queue-name",
            queue,
            verbosity=0,
        )
    finally:
        for number, handler in handlers.items():  # the worker takes them over to stop gracefully
            signal.signal(number, handler)
