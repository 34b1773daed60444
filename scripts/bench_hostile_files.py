"""Benchmark the importer against workbooks made to exhaust it: time to refusal and peak extra memory.

    .venv/bin/python scripts/bench_hostile_files.py [--baseline-seconds 60]

For each hostile file of scripts/hostile_files.py, in a fresh child process (forked, so each starts from
the same memory): the time ``read_table`` takes to refuse it (or to read it through, for a file it reads
safely) and the child's peak resident memory above what it had when it started (``ru_maxrss``), with
Python's own allocation peak (``tracemalloc``). Beside each, in the same run, the baseline: what openpyxl
costs on the same file without the importer's limits (``load_workbook`` in read-only mode, then every
row), as the importer read workbooks before issue 12, stopped after --baseline-seconds.
--json PATH also writes the figures for scripts/bench.py (`make bench`); --file NAME measures one file only.
"""

import argparse
import importlib.util
import io
import json
import os
import resource
import sys
import time
import tracemalloc
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")

import django  # noqa: E402

django.setup()

from bench_figures import Figure, add_json_option, write_figures  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from activity.importing.files import ImportFileError, read_table  # noqa: E402

_spec = importlib.util.spec_from_file_location("hostile_files", ROOT / "scripts" / "hostile_files.py")
hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hostile)


def with_limits(content: bytes) -> str:
    try:
        table = read_table(content)
        rows = sum(1 for _ in table.rows)
    except ImportFileError as error:
        return f"refused: {error}"
    return f"read {rows:,} rows"


def without_limits(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()  # as the importer did
    rows = sum(1 for _ in sheet.iter_rows())
    workbook.close()
    return f"openpyxl read {rows:,} rows"


# The baseline may use this much address space (a child past it gets MemoryError): the machine is shared.
BASELINE_ADDRESS_SPACE = 3 * 2**30


def nothing(content: bytes) -> str:
    return "nothing done"


def resident_mb() -> float:
    """This process's resident memory now (Linux)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def in_child(function, content: bytes, seconds: float | None) -> dict:
    """``function(content)`` in a forked child: its seconds, its peak resident memory above what it started
    with (``wait4``'s ``ru_maxrss``, so also for a child stopped at ``seconds`` of CPU), and its outcome."""
    reading, writing = os.pipe()
    at_fork = resident_mb()
    started = time.perf_counter()
    child = os.fork()
    if child == 0:
        os.close(reading)
        if seconds:
            resource.setrlimit(resource.RLIMIT_CPU, (int(seconds), int(seconds) + 1))
            resource.setrlimit(resource.RLIMIT_AS, (BASELINE_ADDRESS_SPACE, BASELINE_ADDRESS_SPACE))
        tracemalloc.start()
        begun = time.perf_counter()
        try:
            outcome = function(content)
        except Exception as error:  # the baseline, on a file openpyxl cannot read
            outcome = f"error: {type(error).__name__}"
        took = time.perf_counter() - begun
        _, traced = tracemalloc.get_traced_memory()
        os.write(writing, json.dumps({"seconds": took, "traced_mb": traced / 2**20, "outcome": outcome}).encode())
        os._exit(0)
    os.close(writing)
    received = b""
    while chunk := os.read(reading, 65536):
        received += chunk
    os.close(reading)
    _, _, usage = os.wait4(child, 0)
    extra = max(0.0, usage.ru_maxrss / 1024 - at_fork - _ZERO)  # below the idle child's peak is no extra at all
    if not received:
        return {"seconds": time.perf_counter() - started, "extra_mb": extra, "traced_mb": None, "outcome": "stopped"}
    return {**json.loads(received), "extra_mb": extra}


_ZERO = 0.0  # a child that does nothing: what a fork alone shows (set by file_costs)


@dataclass
class FileCost:
    name: str
    packed: int
    unpacked: int
    limited: dict
    baseline: dict

    def figures(self, baseline_seconds: float) -> list[Figure]:
        baseline_name = "openpyxl, no limits"
        if self.baseline["outcome"] == "stopped":
            baseline_name += f", stopped at {baseline_seconds:.0f} s of CPU"
        elif self.baseline["outcome"].startswith("error"):
            baseline_name += f", failed ({self.baseline['outcome'].removeprefix('error: ')})"
        return [
            Figure(
                "Hostile workbooks",
                f"{self.name}: {'time to refusal' if self.refused else 'time to read'}",
                self.limited["seconds"],
                "s",
                self.baseline["seconds"],
                baseline_name,
            ),
            Figure(
                "Hostile workbooks",
                f"{self.name}: extra memory",
                self.limited["extra_mb"],
                "MB",
                self.baseline["extra_mb"],
                baseline_name,
            ),
        ]

    @property
    def refused(self) -> bool:
        return self.limited["outcome"].startswith("refused")


def file_costs(names: list[str] | None = None, baseline_seconds: float = 60):
    """Each hostile file (or those named), read with the limits and by openpyxl without them, one at a time."""
    global _ZERO
    _ZERO = in_child(nothing, b"", None)["extra_mb"]
    for name, make in hostile.HOSTILE.items():
        if names and name not in names:
            continue
        content = make()
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        limited = in_child(with_limits, content, None)
        baseline = in_child(without_limits, content, baseline_seconds)
        yield FileCost(name, len(content), unpacked, limited, baseline)


def measure(names: list[str] | None = None, baseline_seconds: float = 60) -> list[Figure]:
    """Time and extra memory of each file with the limits, beside openpyxl's without them."""
    return [figure for cost in file_costs(names, baseline_seconds) for figure in cost.figures(baseline_seconds)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline-seconds", type=float, default=60, help="stop the baseline after this CPU time")
    parser.add_argument("--file", action="append", choices=list(hostile.HOSTILE), help="only this file (repeatable)")
    add_json_option(parser)
    options = parser.parse_args()
    print(f"Python {sys.version.split()[0]}; {os.cpu_count()} CPUs", flush=True)
    print(
        "| file | packed | unpacked | with the limits | extra memory | baseline: openpyxl, no limits | extra memory |"
    )
    print("|---|---|---|---|---|---|---|")
    outcomes, figures = [], []
    for cost in file_costs(options.file, options.baseline_seconds):
        limited, baseline = cost.limited, _cost(cost.baseline, options.baseline_seconds)
        print(
            f"| {cost.name} | {cost.packed / 1024:,.0f} KB | {cost.unpacked / 2**20:,.1f} MB | "
            f"{limited['seconds']:.3f} s | {limited['extra_mb']:,.0f} MB | {baseline} |",
            flush=True,
        )
        outcomes.append(f"- {cost.name}: {limited['outcome']} (baseline: {cost.baseline['outcome']})")
        figures += cost.figures(options.baseline_seconds)
    print("\n".join(outcomes))
    write_figures(options.json, figures)


def _cost(result: dict, seconds: float) -> str:
    if result["outcome"] == "stopped":
        return f"stopped after {seconds:.0f} s of CPU ({result['seconds']:.0f} s) | {result['extra_mb']:,.0f} MB so far"
    return f"{result['seconds']:.1f} s | {result['extra_mb']:,.0f} MB"


if __name__ == "__main__":
    main()
