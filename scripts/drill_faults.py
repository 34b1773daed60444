"""Fault drills against a running `make serve` on PostgreSQL: what users see while the database restarts, and
while a web worker dies. Run by hand, as root on the machine that runs PostgreSQL (it restarts it):

    # one terminal: the app, on a database with the demo loaded
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sg_dash1m make serve
    # another: the drills (DATABASE_URL: the same database, to check the writes afterwards)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sg_dash1m .venv/bin/python scripts/drill_faults.py \
        --url http://127.0.0.1:8000

1. Database restart. The demo practitioner logs consultations through the real form (GET it for the CSRF
   token, POST it) for --duration seconds, while /healthz is asked every 0.1 s and a new connection checks
   PostgreSQL itself as often. After --restart-after seconds, --restart-command restarts PostgreSQL.
   Measured: how long the app answered 503, and how soon after PostgreSQL took connections again the app
   answered 200 by itself.
2. Worker killed. The same writes, three readers of the consultations list and /healthz, while one gunicorn
   worker (a child of the master serving --url; one on the CPU if any) gets SIGKILL. Measured: failed
   requests (at most the one that worker was serving) and how long the master took to replace it.

Then every acknowledged write (a 302 to the new record's page, whose reference the Location names) is looked
for in the database: lost writes must be 0. Saves answered 503 or not at all are looked for by their case
reference (DRILL-<time>-...): the database can go after a commit. No answer may be a 500 or show a stack trace,
and a 503 may come only while the database is down. Prints Markdown tables; exits 1 if a check fails.
Each run adds a few hundred consultations (one every ~0.25 s; --writers, --write-pause), dated today.
"""

import argparse
import os
import re
import shlex
import signal
import statistics
import subprocess  # nosec B404: runs the restart command the operator gives
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import psycopg
import requests

FORM = "/records/consultations/new/"
LIST = "/records/consultations/"
CREATED = re.compile(r"^/records/consultations/(CON-[^/]+)/$")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STACK_TRACE = ("Traceback (most recent call last)", "OperationalError", "InterfaceError", "psycopg", 'File "/')
TIMEOUT = 35  # longer than gunicorn's 30 s request timeout
RUN = time.strftime("%H%M%S")
PROBE_EVERY = 0.1  # seconds between two asks of /healthz, and between two connections to PostgreSQL


def demo_password(username: str) -> str:
    """As demo.users has it (this script talks to the app over HTTP, without Django)."""
    return f"{username}-demo"


# --- what happened ---


@dataclass
class Outcome:
    kind: str  # healthz, form, save, list
    started: float
    ended: float
    status: int | str  # HTTP status, or the exception's name when there was no answer
    reference: str = ""  # the new record's, from an acknowledged save
    case_reference: str = ""  # what a save sent, to look for the record when no acknowledgement came
    stack_trace: bool = False


@dataclass
class Log:
    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: Outcome) -> Outcome:
        with self.lock:
            self.outcomes.append(outcome)
        return outcome

    def of(self, *kinds: str) -> list[Outcome]:
        with self.lock:
            return sorted((o for o in self.outcomes if o.kind in kinds), key=lambda o: o.started)


def _ask(log: Log, kind: str, send, url: str, **options) -> tuple[Outcome, requests.Response | None]:
    """``send(url, **options)`` (a session's get or post), timed, its answer kept in ``log``."""
    started = time.monotonic()
    try:
        response = send(url, timeout=TIMEOUT, **options)
    except requests.RequestException as exc:
        return log.add(Outcome(kind, started, time.monotonic(), type(exc).__name__)), None
    body = response.text
    outcome = Outcome(kind, started, time.monotonic(), response.status_code)
    outcome.stack_trace = response.status_code == 500 or any(marker in body for marker in STACK_TRACE)
    return log.add(outcome), response


# --- the people and probes ---


class FormValues(HTMLParser):
    """What a browser would send for the form as served: inputs' values, each select's chosen option."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "checkbox", "radio"}:
            self.values[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.values[name] = ""
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def sign_in(base: str, username: str) -> requests.cookies.RequestsCookieJar:
    session = requests.Session()
    page = session.get(f"{base}/login/", timeout=TIMEOUT)
    token = CSRF.search(page.text)
    response = session.post(
        f"{base}/login/",
        {"username": username, "password": demo_password(username), "csrfmiddlewaretoken": token and token.group(1)},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        raise SystemExit(f"Could not sign in as {username}: {response.status_code}. Is the demo loaded?")
    return session.cookies


def writer(base: str, cookies, log: Log, stop: threading.Event, label: str, pause: float) -> None:
    """Logs consultations through the form, one after another (``pause`` seconds apart), until told to stop.
    Each gets a case reference of its own, DRILL-<run>-<label>-<number>, so the drill's records can be found."""
    session = requests.Session()
    session.cookies.update(cookies)
    number = 0
    while not stop.is_set():
        _, page = _ask(log, "form", session.get, f"{base}{FORM}")
        if page is None or page.status_code != 200:
            time.sleep(0.2)
            continue
        values = FormValues()
        values.feed(page.text)
        number += 1
        data = {**values.values, "client_group": values.values.get("client_group") or "child"}
        data["case_reference"] = f"DRILL-{RUN}-{label}-{number}"
        data["save"] = ""
        saved, response = _ask(log, "save", session.post, f"{base}{FORM}", data=data, allow_redirects=False)
        saved.case_reference = data["case_reference"]
        if response is not None and response.status_code == 302:
            found = CREATED.match(urlsplit(response.headers.get("Location", "")).path)
            saved.reference = found.group(1) if found else ""
            if not found:
                saved.status = f"302 to {response.headers.get('Location')}"
        time.sleep(pause)


def reader(base: str, cookies, log: Log, stop: threading.Event) -> None:
    session = requests.Session()
    session.cookies.update(cookies)
    while not stop.is_set():
        _ask(log, "list", session.get, f"{base}{LIST}")


def health_prober(base: str, log: Log, stop: threading.Event) -> None:
    while not stop.is_set():
        _ask(log, "healthz", requests.get, f"{base}/healthz")
        time.sleep(PROBE_EVERY)


def database_prober(database_url: str, seen: list[tuple[float, bool]], stop: threading.Event) -> None:
    """PostgreSQL itself, through a new connection each time: when it is down, and when it is back."""
    while not stop.is_set():
        try:
            with psycopg.connect(database_url, connect_timeout=2) as connection:
                connection.execute("SELECT 1")
            seen.append((time.monotonic(), True))
        except psycopg.Error:
            seen.append((time.monotonic(), False))
        time.sleep(PROBE_EVERY)


def _run(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.daemon = True
        thread.start()


# --- drill 1: the database restarts ---


def drill_restart(args, cookies) -> dict:
    log, stop, database = Log(), threading.Event(), []
    threads = [
        threading.Thread(target=writer, args=(args.url, cookies, log, stop, f"R{n}", args.write_pause))
        for n in range(args.writers)
    ]
    threads += [
        threading.Thread(target=health_prober, args=(args.url, log, stop)),
        threading.Thread(target=database_prober, args=(args.database_url, database, stop)),
    ]
    began = time.monotonic()
    _run(threads)
    time.sleep(args.restart_after)
    print(f"drill 1: restarting PostgreSQL: {args.restart_command}", flush=True)
    command_started = time.monotonic()
    result = subprocess.run(shlex.split(args.restart_command), capture_output=True, text=True)  # nosec B603
    command_ended = time.monotonic()
    if result.returncode != 0:
        print(f"drill 1: the restart command failed ({result.returncode}): {result.stderr.strip()}", flush=True)
    time.sleep(max(args.duration - (time.monotonic() - began), 0))
    stop.set()
    for thread in threads:
        thread.join(TIMEOUT)

    def first(items, after, test):
        return next((moment for moment, value in items if moment >= after and test(value)), None)

    probes = [(o.ended, o.status) for o in log.of("healthz")]
    database_down = first(database, command_started, lambda ok: not ok)
    database_back = first(database, database_down or command_started, bool) if database_down else None
    app_down = first(probes, command_started, lambda status: status != 200)
    app_back = first(probes, app_down, lambda status: status == 200) if app_down else None
    saves = log.of("save")
    first_save_after = next(
        (o.ended for o in saves if database_back and o.started >= database_back and o.reference), None
    )
    # A 503 is right while the database is down: from the restart until the app answered 200 again.
    window_end = (app_back or command_ended) + 1.0
    misplaced_503 = [o for o in log.outcomes if o.status == 503 and not (command_started <= o.ended <= window_end)]
    return {
        "log": log,
        "restart command": (command_started, command_ended, result.returncode),
        "database down": database_down,
        "database back": database_back,
        "app down": app_down,
        "app back": app_back,
        "first save after": first_save_after,
        "misplaced 503": misplaced_503,
    }


# --- drill 2: a worker is killed ---


def _processes() -> dict[int, tuple[int, str, str]]:
    """pid: (parent pid, state, command line) of every process."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as file:
                stat = file.read()
            with open(f"/proc/{entry}/cmdline", "rb") as file:
                command = file.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        after_name = stat.rsplit(")", 1)[1].split()
        found[int(entry)] = (int(after_name[1]), after_name[0], command)
    return found


def gunicorn_master(url: str) -> int:
    """The gunicorn master bound to the port of ``url``: a gunicorn process whose parent is not one."""
    port = str(urlsplit(url).port or 80)
    processes = _processes()
    masters = [
        pid
        for pid, (parent, _state, command) in processes.items()
        if "gunicorn" in command
        and re.search(rf"--bind\s+\S*:{port}\b", command)
        and "gunicorn" not in processes.get(parent, (0, "", ""))[2]
    ]
    if len(masters) != 1:
        raise SystemExit(f"Found {len(masters)} gunicorn masters on port {port}: give --gunicorn-pid.")
    return masters[0]


def workers_of(master: int) -> dict[int, str]:
    return {pid: state for pid, (parent, state, _command) in _processes().items() if parent == master}


def drill_kill(args, cookies) -> dict:
    master = args.gunicorn_pid or gunicorn_master(args.url)
    before = workers_of(master)
    log, stop = Log(), threading.Event()
    threads = [
        threading.Thread(target=writer, args=(args.url, cookies, log, stop, f"K{n}", args.write_pause))
        for n in range(args.writers)
    ]
    threads += [threading.Thread(target=reader, args=(args.url, cookies, log, stop)) for _ in range(3)]
    threads.append(threading.Thread(target=health_prober, args=(args.url, log, stop)))
    began = time.monotonic()
    _run(threads)
    time.sleep(args.kill_after)
    # The worker most likely serving a request: one seen on the CPU (state R) within 3 s, else any.
    busy, looking_until = set(), time.monotonic() + 3
    while not busy and time.monotonic() < looking_until:
        busy = {pid for pid, state in workers_of(master).items() if state == "R"}
        time.sleep(0.005)
    victim = min(busy) if busy else min(before)
    print(f"drill 2: SIGKILL to gunicorn worker {victim} (master {master}, {'busy' if busy else 'state unknown'})")
    killed_at = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    replaced_at, replacement = None, None
    while time.monotonic() - killed_at < 30:
        now = workers_of(master)
        new = set(now) - set(before)
        if victim not in now and new and len(now) >= len(before):
            replaced_at, replacement = time.monotonic(), min(new)
            break
        time.sleep(0.02)
    time.sleep(max(args.kill_duration - (time.monotonic() - began), 0))
    stop.set()
    for thread in threads:
        thread.join(TIMEOUT)
    return {
        "log": log,
        "master": master,
        "victim": victim,
        "victim busy": bool(busy),
        "killed at": killed_at,
        "replaced after": (replaced_at - killed_at) if replaced_at else None,
        "replacement": replacement,
        "workers": len(before),
    }


# --- the writes, and the report ---


def found_in_database(database_url: str, column: str, values: list[str]) -> set[str]:
    """Which of ``values`` a consultation holds in ``column`` (reference or case_reference)."""
    query = {
        "reference": "SELECT reference FROM activity_consultation WHERE reference = ANY(%s)",
        "case_reference": "SELECT case_reference FROM activity_consultation WHERE case_reference = ANY(%s)",
    }[column]
    with psycopg.connect(database_url) as connection:
        return {row[0] for row in connection.execute(query, (values,)).fetchall()}


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def _within(value: float | None) -> str:
    """A delay measured between two probes that each ask every 0.1 s: below that, it is within one probe."""
    return "-" if value is None else (f"{value:.2f} s" if value > PROBE_EVERY else f"within {PROBE_EVERY} s")


def _counts(log: Log) -> str:
    rows = ["| requests | answers |", "|---|---|"]
    for kind in ("healthz", "form", "save", "list"):
        outcomes = log.of(kind)
        if outcomes:
            counts = Counter(str(o.status) for o in outcomes)
            rows.append(f"| {kind} ({len(outcomes)}) | {', '.join(f'{s}: {n}' for s, n in sorted(counts.items()))} |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), help="default: $DATABASE_URL")
    parser.add_argument("--username", default="practitioner", help="a demo user who may log consultations")
    parser.add_argument("--duration", type=float, default=60, help="seconds drill 1 runs")
    parser.add_argument("--restart-after", type=float, default=15, help="seconds into drill 1")
    parser.add_argument("--restart-command", default="pg_ctlcluster 15 main restart")
    parser.add_argument("--kill-duration", type=float, default=20, help="seconds drill 2 runs")
    parser.add_argument("--kill-after", type=float, default=8, help="seconds into drill 2")
    parser.add_argument("--gunicorn-pid", type=int, help="the master's pid, if it cannot be found from --url")
    parser.add_argument("--writers", type=int, default=1, help="people logging consultations at once")
    parser.add_argument("--write-pause", type=float, default=0.2, help="seconds between one person's saves")
    parser.add_argument("--only", choices=["restart", "kill"], help="run one drill")
    args = parser.parse_args()
    if not args.database_url:
        parser.error("give --database-url (or DATABASE_URL): the database the app serves, to check the writes")
    args.url = args.url.rstrip("/")

    cookies = sign_in(args.url, args.username)
    results, saves, failures = {}, [], []
    if args.only in (None, "restart"):
        results["restart"] = drill_restart(args, cookies)
        saves += results["restart"]["log"].of("save")
    if args.only in (None, "kill"):
        results["kill"] = drill_kill(args, cookies)
        saves += results["kill"]["log"].of("save")

    acknowledged = [o.reference for o in saves if o.reference]
    found = found_in_database(args.database_url, "reference", acknowledged)
    lost = sorted(set(acknowledged) - found)
    # A save answered 503, or not at all, may still have been made: the database can go after the commit.
    unanswered = [o.case_reference for o in saves if not o.reference]
    made_anyway = found_in_database(args.database_url, "case_reference", unanswered)
    everything = [o for result in results.values() for o in result["log"].outcomes]
    traces = [o for o in everything if o.stack_trace]
    print(f"\n## Writes (case references DRILL-{RUN}-...)\n")
    print(
        "| acknowledged (302 to the new record) | found in the database | lost | not acknowledged "
        "(503 or no answer) | of which saved all the same | 500s or stack traces |"
    )
    print("|---|---|---|---|---|---|")
    print(
        f"| {len(acknowledged)} | {len(found)} | {len(lost)} | {len(unanswered)} | {len(made_anyway)} | {len(traces)} |"
    )
    if lost:
        failures.append(f"lost writes: {lost[:10]}")
    if traces:
        failures.append(f"{len(traces)} answers were a 500 or showed a stack trace")

    if "restart" in results:
        r = results["restart"]
        started, ended, code = r["restart command"]
        gap = r["database back"] - r["database down"] if r["database down"] and r["database back"] else None
        window = r["app back"] - r["app down"] if r["app down"] and r["app back"] else None
        recovery = r["app back"] - r["database back"] if r["app back"] and r["database back"] else None
        write_recovery = r["first save after"] - r["database back"] if r["first save after"] else None
        log = r["log"]
        print("\n## Drill 1: PostgreSQL restarted\n")
        print("| figure | value |\n|---|---|")
        print(f"| restart command (exit {code}) | took {_seconds(ended - started)} |")
        print(f"| PostgreSQL refused new connections for | {_seconds(gap)} |")
        print(f"| /healthz answered other than 200 for | {_seconds(window)} |")
        print(f"| /healthz 200 again after PostgreSQL was back | {_within(recovery)} |")
        print(f"| first acknowledged write after PostgreSQL was back | {_within(write_recovery)} |")
        print(f"| 503s outside the outage | {len(r['misplaced 503'])} |")
        print()
        print(_counts(log))
        if window is None or recovery is None:
            failures.append("drill 1: no outage seen, or the app did not come back")
        if r["misplaced 503"]:
            failures.append(f"drill 1: {len(r['misplaced 503'])} answers were 503 outside the outage")
        other = [o for o in log.outcomes if o.status not in (200, 302, 503)]
        if other:
            failures.append(f"drill 1: answers other than 200, 302 and 503: {Counter(str(o.status) for o in other)}")

    if "kill" in results:
        k = results["kill"]
        log = k["log"]
        answered = [o for o in log.outcomes if isinstance(o.status, int)]
        errors = [o for o in log.outcomes if not isinstance(o.status, int) or o.status >= 500]
        in_flight = [o for o in log.outcomes if o.started <= k["killed at"] <= o.ended]
        after = [o for o in answered if o.started > k["killed at"]]
        print("\n## Drill 2: a gunicorn worker killed (SIGKILL)\n")
        print("| figure | value |\n|---|---|")
        print(f"| workers | {k['workers']} (master {k['master']}) |")
        print(f"| killed | {k['victim']} ({'on the CPU' if k['victim busy'] else 'idle or unknown'}) |")
        print(f"| replaced by the master after | {_seconds(k['replaced after'])} (new worker {k['replacement']}) |")
        print(f"| requests in flight at the kill | {len(in_flight)} |")
        print(f"| requests failed (no answer, or 5xx) | {len(errors)} |")
        durations = [o.ended - o.started for o in after if o.status in (200, 302)]
        median = f"{statistics.median(durations) * 1000:.0f} ms" if durations else "-"
        print(f"| requests answered after the kill | {len(after)} (median {median}) |")
        print()
        print(_counts(log))
        if len(errors) > 1:
            failures.append(f"drill 2: {len(errors)} requests failed, more than the one the worker held")
        if k["replaced after"] is None:
            failures.append("drill 2: the master did not replace the worker within 30 s")

    if failures:
        print("\nFAILED: " + "; ".join(failures))
        return 1
    print("\nAll checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
