"""Benchmark the importer against workbooks made to exhaust it: time to refusal and peak extra memory.

    .venv/bin/python scripts/bench_hostile_files.py [--baseline-seconds 60]

For each hostile file of scripts/hostile_files.py, in a fresh child process (forked, so each starts from
the same memory): the time ``read_table`` takes to refuse it (or to read it through, for a file it reads
safely) and the child's peak resident memory above what it had when it started (``ru_maxrss``), with
Python's own allocation peak (``tracemalloc``). Beside each, in the same run, the baseline: what openpyxl
costs on the same file without the importer's limits (``load_workbook`` in read-only mode, then every
row), as the importer read workbooks before issue 12, stopped after --baseline-seconds.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")

import django  # noqa: E402

django.setup()

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


def measure(function, content: bytes, seconds: float | None) -> dict:
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


_ZERO = 0.0  # a child that does nothing: what a fork alone shows (set in main)


def main():
    global _ZERO
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline-seconds", type=float, default=60, help="stop the baseline after this CPU time")
    options = parser.parse_args()
    _ZERO = measure(nothing, b"", None)["extra_mb"]
    print(f"Python {sys.version.split()[0]}; {os.cpu_count()} CPUs", flush=True)
    print(
        "| file | packed | unpacked | with the limits | extra memory | baseline: openpyxl, no limits | extra memory |"
    )
    print("|---|---|---|---|---|---|---|")
    outcomes = []
    for name, make in hostile.HOSTILE.items():
        content = make()
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        limited = measure(with_limits, content, None)
        baseline = measure(without_limits, content, options.baseline_seconds)
        print(
            f"| {name} | {len(content) / 1024:,.0f} KB | {unpacked / 2**20:,.1f} MB | {limited['seconds']:.3f} s | "
            f"{limited['extra_mb']:,.0f} MB | {_cost(baseline, options.baseline_seconds)} |",
            flush=True,
        )
        outcomes.append(f"- {name}: {limited['outcome']} (baseline: {baseline['outcome']})")
    print("\n".join(outcomes))


def _cost(result: dict, seconds: float) -> str:
    if result["outcome"] == "stopped":
        return f"stopped after {seconds:.0f} s of CPU ({result['seconds']:.0f} s) | {result['extra_mb']:,.0f} MB so far"
    return f"{result['seconds']:.1f} s | {result['extra_mb']:,.0f} MB"


if __name__ == "__main__":
    main()
