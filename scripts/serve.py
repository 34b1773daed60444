"""Run it for real: `make serve` (docs/operations.md).

Collects the static files, migrates, then starts gunicorn (safeguarding/gunicorn.conf.py) and the background
job workers (`manage.py db_worker`, django-tasks-db: one for the default queue, one for report downloads),
all with DEBUG off, against DATABASE_URL; and runs `manage.py run_schedule` (the reports' schedule, then the
day's tasks and reminder emails, each sent once a day) at start and then every hour. With
MIGRATION_DATABASE_URL set, the migration runs as that owner and grants DATABASE_URL's role what it needs; gunicorn
and the worker never see the owner's URL (core/database_roles.py). They run until
Ctrl-C or SIGTERM, which stops both gracefully (gunicorn lets requests in progress finish, the worker its task).
The worker exits whenever it loses the database (a PostgreSQL restart): it is started again, after 1 s, then
after twice as long each time it fails again within a minute, up to 30 s. If gunicorn ends on its own, the
worker is stopped and this exits with a failure, so whatever supervises it starts it again.

What it sets when the environment does not:
- SECRET_KEY: read from .secret_key (git-ignored, mode 600), which is made the first time. With more than
  one server, set SECRET_KEY in the environment instead: every server must have the same.
- ALLOWED_HOSTS: 127.0.0.1,localhost,[::1].
- SERVE_PLAIN_HTTP=true when serving on 127.0.0.1 or localhost: no TLS on this machine (settings.py).

    .venv/bin/python scripts/serve.py --host 127.0.0.1 --port 8000
"""

import argparse
import ctypes
import os
import secrets
import signal
import subprocess  # nosec B404: starts our own processes, with fixed arguments
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY_FILE = ROOT / ".secret_key"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Long enough for gunicorn's graceful_timeout (30 s) to run out first.
STOP_TIMEOUT = 40
PR_SET_PDEATHSIG = 1
# The worker is started again this long after it ends; after twice as long each time it ends again having run
# less than WORKER_STEADY seconds (the database still down), up to 30 s.
WORKER_FIRST_DELAY = 1.0
WORKER_STEADY = 60
# A job worker for each queue (settings.TASKS): report downloads have their own, so a PDF never waits
# behind an import.
WORKER_QUEUES = ["default", "reports"]
# The schedule's check starts the drafts of the reports whose period has ended (it starts nothing twice), then makes
# the day's tasks and sends the day's reminders (each person's once a day).
SCHEDULE_EVERY = 3600


def secret_key(path: Path = SECRET_KEY_FILE) -> str:
    """The key kept in ``path``, made (readable by this user only) the first time."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text(encoding="utf-8").strip()
        if not key:
            raise SystemExit(f"{path} is empty: delete it to have a new key made, or set SECRET_KEY.") from None
        return key
    key = secrets.token_urlsafe(64)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(key + "\n")
    return key


def environment(host: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment both processes run with."""
    env = dict(os.environ if base is None else base)
    env["DEBUG"] = "false"
    env["SECRET_KEY"] = env.get("SECRET_KEY") or secret_key()
    env["ALLOWED_HOSTS"] = env.get("ALLOWED_HOSTS") or "127.0.0.1,localhost,[::1]"
    if host in LOCAL_HOSTS:
        env.setdefault("SERVE_PLAIN_HTTP", "true")
    return env


def without_owner(env: dict[str, str]) -> dict[str, str]:
    """The environment of gunicorn and the worker: never the owner's connection, only the application's."""
    return {name: value for name, value in env.items() if name != "MIGRATION_DATABASE_URL"}


def _die_with_parent() -> None:
    """Run in each child before it starts (Linux): if this launcher is killed outright, the child gets SIGTERM."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _start(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    # A process group of its own: Ctrl-C reaches this launcher only, which stops both in order.
    on_linux = sys.platform.startswith("linux")
    return subprocess.Popen(  # nosec B603
        command, cwd=ROOT, env=env, process_group=0, preexec_fn=_die_with_parent if on_linux else None
    )


def _say(message: str) -> None:
    """To standard error: standard output carries only the processes' log lines."""
    print(f"serve: {message}", file=sys.stderr, flush=True)


def _stop(processes: list[subprocess.Popen], signals: list[int]) -> None:
    """SIGTERM to each (gunicorn finishes the requests in progress); SIGKILL after STOP_TIMEOUT, or at once
    if another Ctrl-C comes meanwhile."""
    asked = len(signals)
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_TIMEOUT
    while any(process.poll() is None for process in processes):
        if time.monotonic() > deadline or len(signals) > asked:
            _say("stopping at once.")
            for process in processes:
                if process.poll() is None:
                    process.kill()
        time.sleep(0.2)


def children(workers: list["Worker"], schedule: "Every") -> list[subprocess.Popen]:
    """The job workers and the schedule's check, those running."""
    return [process for process in (*(worker.process for worker in workers), schedule.process) if process]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    args = parser.parse_args()

    env = environment(args.host)
    if not env.get("DATABASE_URL"):
        _say("DATABASE_URL is not set, so this serves db.sqlite3; production uses PostgreSQL.")
    if env.get("MIGRATION_DATABASE_URL"):
        _say("migrating as the owner (MIGRATION_DATABASE_URL); serving as the application's role (DATABASE_URL).")
    python = sys.executable
    for step in (["collectstatic", "--no-input", "--verbosity", "0"], ["migrate", "--no-input"]):
        subprocess.run([python, "manage.py", *step], cwd=ROOT, env=env, stdout=sys.stderr, check=True)  # nosec B603
    env = without_owner(env)
    # Warns (safeguarding.W001, W002) if the application's role is a superuser or owns tables.
    role_check = ["check", "--deploy", "--database", "default", "--tag", "database"]
    subprocess.run([python, "manage.py", *role_check], cwd=ROOT, env=env, stdout=sys.stderr, check=True)  # nosec B603

    bind = f"[{args.host}]:{args.port}" if ":" in args.host else f"{args.host}:{args.port}"
    signals: list[int] = []
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda received, _frame: signals.append(received))
    web = _start([python, "-m", "gunicorn", "--config", "safeguarding/gunicorn.conf.py", "--bind", bind], env)
    workers = [Worker([python, "manage.py", "db_worker", "--queue-name", queue], env) for queue in WORKER_QUEUES]
    _say(f"http://{bind}/ gunicorn pid {web.pid}, " + ", ".join(worker.name for worker in workers))
    schedule = Every([python, "manage.py", "run_schedule"], env, SCHEDULE_EVERY)
    while not signals:
        if web.poll() is not None:
            _say(f"gunicorn ended on its own (exit {web.returncode}): stopping the job workers.")
            _stop(children(workers, schedule), signals)
            return 1
        for worker in workers:
            worker.keep_running()
        schedule.run_when_due()
        time.sleep(0.5)
    _say("stopping gunicorn and the job workers.")
    _stop([web, *children(workers, schedule)], signals)
    return 0


class Worker:
    """A `manage.py db_worker` for one queue, started again whenever it ends (after WORKER_FIRST_DELAY, doubling)."""

    def __init__(self, command: list[str], env: dict[str, str]):
        self.command, self.env, self.queue = command, env, command[-1]
        self.process: subprocess.Popen | None = _start(command, env)
        self.started, self.delay, self.restart_at = time.monotonic(), 0.0, 0.0

    @property
    def name(self) -> str:
        return f"db_worker ({self.queue} queue) pid {self.process.pid if self.process else '-'}"

    def keep_running(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            ran = time.monotonic() - self.started
            delay = WORKER_FIRST_DELAY if ran >= WORKER_STEADY else min(max(self.delay * 2, WORKER_FIRST_DELAY), 30)
            _say(
                f"db_worker ({self.queue} queue) ended (exit {self.process.returncode}) after {ran:.0f} s: "
                f"starting it again in {delay:.0f} s."
            )
            self.process, self.delay, self.restart_at = None, delay, time.monotonic() + delay
        if self.process is None and time.monotonic() >= self.restart_at:
            self.process, self.started = _start(self.command, self.env), time.monotonic()
            _say(f"{self.name} started again")


class Every:
    """A command run now and then every ``seconds`` (the next run waits for the last to end); a failure is said."""

    def __init__(self, command: list[str], env: dict[str, str], seconds: float):
        self.command, self.env, self.seconds = command, env, seconds
        self.process: subprocess.Popen | None = None
        self.due_at = time.monotonic()

    def run_when_due(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            if self.process.returncode:
                _say(f"{' '.join(self.command[1:])} failed (exit {self.process.returncode}): it runs again later.")
            self.process = None
        if self.process is None and time.monotonic() >= self.due_at:
            self.process, self.due_at = _start(self.command, self.env), time.monotonic() + self.seconds


if __name__ == "__main__":
    sys.exit(main())
