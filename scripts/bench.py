"""Run every benchmark against a PostgreSQL database made for the run, and write their figures into the docs.

    .venv/bin/python scripts/bench.py [--consultations 1000000] [--import-rows 100000] [--only NAME] [--no-write]

``make bench`` runs this. It creates a database on the server BENCH_DATABASE_URL names (default
postgres://postgres@127.0.0.1:5432/postgres), runs each script in turn as its own process with DATABASE_URL set
to that database (the dashboard first, as it fills the database; the record pages and the report exports on the
same records; the import last, as it adds rows; the hostile workbooks need no database), and drops the database
afterwards, whatever happened. Each script prints its own tables as it goes and writes its figures, each beside
its baseline measured in the same run, to a JSON file (scripts/bench_figures.py). The runner then prints one table
of them all and writes it into docs/benchmarks.md between the markers below, with the date and the machine.
"""

import argparse
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench_figures import Figure, read_figures

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
START = "<!-- make bench: start -->"
END = "<!-- make bench: end -->"
SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
STEAL = re.compile(r"CPU steal during the timings: (\d+)%")


@dataclass
class Script:
    name: str
    file: str
    needs_database: bool = True

    def arguments(self, options) -> list[str]:
        if self.name == "import":
            return ["--rows", str(options.import_rows), "--no-replan"]
        if self.needs_database:
            return ["--consultations", str(options.consultations)]
        return []


SCRIPTS = [
    Script("dashboard", "bench_dashboard.py"),
    Script("pages", "bench_pages.py"),
    Script("exports", "bench_exports.py"),
    Script("import", "bench_import.py"),
    Script("hostile", "bench_hostile_files.py", needs_database=False),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--consultations", type=int, default=1_000_000, help="generated consultations (and the rest)")
    parser.add_argument("--import-rows", type=int, default=100_000, help="rows of the import benchmark's file")
    parser.add_argument("--only", action="append", choices=[script.name for script in SCRIPTS], help="(repeatable)")
    parser.add_argument("--no-write", action="store_true", help="print the table; leave docs/benchmarks.md alone")
    options = parser.parse_args(argv)
    scripts = [script for script in SCRIPTS if not options.only or script.name in options.only]

    # Stopped by a signal rather than Ctrl-C (a CI job cancelled, `kill`): still drop the database on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    server = os.environ.get("BENCH_DATABASE_URL", SERVER)
    name = f"sg_bench_{datetime.now(UTC):%Y%m%d%H%M%S}"
    started = datetime.now(UTC)
    figures, steal, failed = [], [], []
    needs_database = any(script.needs_database for script in scripts)
    if needs_database:
        _execute(server, f'CREATE DATABASE "{name}"')
        print(f"Created the database {name}", flush=True)
    try:
        with tempfile.TemporaryDirectory() as folder:
            for script in scripts:
                out = Path(folder) / f"{script.name}.json"
                code = run(script, options, database_url(server, name), out, steal)
                if code != 0:
                    failed.append(script.file)
                    print(f"\n{script.file} failed (exit status {code})", flush=True)
                elif not out.exists():
                    failed.append(script.file)
                    print(f"\n{script.file} wrote no figures (does it take --json?)", flush=True)
                else:
                    figures += read_figures(out)
        machine = describe_machine(server if needs_database else None, steal)
    finally:
        if needs_database:
            _execute(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            print(f"Dropped the database {name}", flush=True)

    section = render_section(figures, machine=machine, command=command_of(options), when=started)
    print("\n" + section)
    if failed:
        print(f"Not written to {DOCS.relative_to(ROOT)}: {', '.join(failed)} did not finish.", file=sys.stderr)
        return 1
    if not options.no_write:
        write_docs(DOCS, section)
        print(f"Written to {DOCS.relative_to(ROOT)}")
    return 0


def run(script: Script, options, url: str, out: Path, steal: list[str]) -> int:
    """The script as its own process, its output shown as it comes (and any CPU steal it reports noted)."""
    command = [sys.executable, str(ROOT / "scripts" / script.file), *script.arguments(options), "--json", str(out)]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if script.needs_database:
        environment["DATABASE_URL"] = url
    print(f"\n## {script.file}: {' '.join(command[2:])}\n", flush=True)
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        for line in process.stdout:
            print(line, end="", flush=True)
            if found := STEAL.search(line):
                steal.append(f"{found.group(1)}% ({script.name})")
        return process.wait()
    finally:
        if process.poll() is None:  # interrupted: the database cannot be dropped while the script holds it
            process.terminate()
            process.wait()


def database_url(server: str, name: str) -> str:
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _connect(server: str):
    import psycopg

    return psycopg.connect(server, autocommit=True)


def _execute(server: str, sql: str) -> None:
    with _connect(server) as connection:
        connection.execute(sql)


def command_of(options) -> str:
    if options.only:
        sizes = []
        if set(options.only) & {"dashboard", "pages", "exports"}:
            sizes.append(f"--consultations {options.consultations}")
        if "import" in options.only:
            sizes.append(f"--import-rows {options.import_rows}")
        only = "".join(f" --only {name}" for name in options.only)
        return f".venv/bin/python scripts/bench.py {' '.join(sizes)}{only}".replace("  ", " ")
    return f"make bench CONSULTATIONS={options.consultations} IMPORT_ROWS={options.import_rows}"


def describe_machine(server: str | None, steal: list[str]) -> str:
    import django

    cpuinfo = _read("/proc/cpuinfo")
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    memory = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.MULTILINE)
    parts = [f"{os.cpu_count()} CPUs ({model.group(1).strip() if model else 'model unknown'})"]
    if memory:
        parts.append(f"{int(memory.group(1)) / 2**20:.0f} GB RAM")
    if server:
        with _connect(server) as connection:
            version = connection.execute("SHOW server_version").fetchone()[0]
        parts.append(f"PostgreSQL {version.split()[0]} at {urlsplit(server).hostname}")
    parts.append(f"Python {platform.python_version()}, Django {django.get_version()}")
    if steal:
        parts.append(f"CPU steal during the timings: {', '.join(steal)}")
    return "; ".join(parts)


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def format_number(value: float) -> str:
    if value == 0:
        return "0"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}" if value >= 0.1 else f"{value:.3f}"


def format_ratio(ratio: float) -> str:
    """Two decimals; a ratio far below 1 (a hostile file refused in a thousandth of openpyxl's time) as 1/N."""
    if ratio >= 0.1 or ratio == 0:
        return f"{ratio:,.2f}"
    return f"1/{1 / ratio:,.0f}"


def format_table(figures: list[Figure]) -> str:
    rows = [
        "| benchmark | measure | figure | baseline, same run | ratio | queries |",
        "|---|---|---:|---|---:|---:|",
    ]
    for figure in figures:
        baseline = ""
        if figure.baseline is not None:
            baseline = f"{format_number(figure.baseline)} {figure.unit}"
            baseline += f" ({figure.baseline_name})" if figure.baseline_name else ""
        ratio = "" if figure.ratio is None else format_ratio(figure.ratio)
        queries = "" if figure.queries is None else str(figure.queries)
        rows.append(
            f"| {figure.benchmark} | {figure.measure} | {format_number(figure.value)} {figure.unit} "
            f"| {baseline} | {ratio} | {queries} |"
        )
    return "\n".join(rows)


def render_section(figures: list[Figure], *, machine: str, command: str, when: datetime) -> str:
    measured = f"Measured {when.day} {when:%B %Y, %H:%M} UTC by `{command}`."
    return f"{measured}\n\nMachine: {machine}.\n\n{format_table(figures)}\n"


def replace_between_markers(text: str, section: str) -> str:
    """``text`` with what lies between the two markers replaced by ``section``; the rest unchanged."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"{DOCS.name} has no '{START}' ... '{END}' pair to write the figures between")
    return f"{text[: start + len(START)]}\n{section}{text[end:]}"


def write_docs(path: Path, section: str) -> None:
    text = path.read_bytes().decode("utf-8")  # bytes, so the rest of the file keeps its line endings exactly
    path.write_bytes(replace_between_markers(text, section).encode("utf-8"))


if __name__ == "__main__":
    sys.exit(main())
