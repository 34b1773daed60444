"""The figures a benchmark script reports, as ``scripts/bench.py`` reads them back: each beside its baseline.

A script given ``--json PATH`` writes its figures there as a JSON list; the runner reads every script's list and
writes the table of docs/benchmarks.md from them. Nothing here needs Django, so the runner can import it.
"""

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class Figure:
    benchmark: str  # "Import", "Dashboard", "Record pages", "Report exports", "Hostile workbooks"
    measure: str  # e.g. "100,000 consultation rows: plan and apply"
    value: float
    unit: str  # "s", "ms", "MB", "rows/s"
    baseline: float | None = None
    baseline_name: str = ""  # e.g. "COPY of the same rows"
    queries: int | None = None  # statements one run made, where that is meaningful

    @property
    def ratio(self) -> float | None:
        """The figure over its baseline: how many times the database (or library) alone the project takes."""
        if not self.baseline:
            return None
        return self.value / self.baseline


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", metavar="PATH", help="also write the figures to this file, as a JSON list")


def write_figures(path: str | None, figures: list[Figure]) -> None:
    if path is None:
        return
    Path(path).write_text(json.dumps([asdict(figure) for figure in figures], indent=2) + "\n", encoding="utf-8")


def read_figures(path) -> list[Figure]:
    return [Figure(**item) for item in json.loads(Path(path).read_text(encoding="utf-8"))]
