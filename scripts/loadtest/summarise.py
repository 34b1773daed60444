"""Turn locust's CSV output into the markdown tables docs/benchmarks.md holds.

    .venv/bin/python scripts/loadtest/summarise.py load/results
reads load/results_stats.csv and load/results_failures.csv.
"""

import csv
import re
import sys
from pathlib import Path

SERVER_ERROR = re.compile(r"\b5\d\d\b")


def _rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="") as file:
        return list(csv.DictReader(file))


def main(prefix: str) -> None:
    stats = _rows(Path(f"{prefix}_stats.csv"))
    print("| page | requests | failures | req/s | median ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in sorted(stats, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "**all pages**" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        print(
            f"| {name} | {int(row['Request Count']):,} | {int(row['Failure Count']):,} "
            f"| {float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {float(row['Max Response Time']):.0f} |"
        )
    rows = _rows(Path(f"{prefix}_failures.csv"))
    server_errors = sum(int(r["Occurrences"]) for r in rows if SERVER_ERROR.search(r["Error"]))
    print(f"\nfailures by kind: {len(rows)}; responses that were server errors (5xx): {server_errors}")
    for row in rows:
        print(f"- {row['Method']} {row['Name']}: {row['Error']} ({row['Occurrences']}x)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "load/results")
