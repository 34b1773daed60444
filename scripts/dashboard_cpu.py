"""Where the dashboard's own (Python) time goes: CPU per request, and per part of the page.

Usage, on a database bench_dashboard.py has filled:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sg_dash .venv/bin/python scripts/dashboard_cpu.py

CPU time (``time.process_time``) leaves out both the wait for PostgreSQL and the time a
shared machine's hypervisor steals, so it moves far less from run to run than wall time.
The parts overlap: a year table read for a chart counts under both.
"""

import argparse
import time

import bench_dashboard  # noqa: F401 - sets up Django for a script
from django.test import Client

from accounts.models import User
from reports import dashboard, dashboard_presenter, figures

PARTS = [
    (figures, ["year_table", "_grouped_events", "_grouped_returns", "_open_balances", "_spans_in_use"]),
    (dashboard, ["year_tables", "monthly_series_many", "_compliance", "_missing_returns"]),
    (dashboard_presenter, ["build_charts"]),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    spent = {}

    def timed(module, name):
        original = getattr(module, name)

        def wrapper(*a, **k):
            started = time.process_time()
            try:
                return original(*a, **k)
            finally:
                spent[name] = spent.get(name, 0) + time.process_time() - started

        setattr(module, name, wrapper)

    client = Client()
    client.force_login(User.objects.get(username="executive"))
    url = f"/dashboard/?year={args.year}"
    client.get(url)
    for module, names in PARTS:
        for name in names:
            timed(module, name)
    started = time.process_time()
    for _ in range(args.repeat):
        client.get(url)
    print(f"CPU a request: {(time.process_time() - started) / args.repeat * 1000:.0f} ms")
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {name:22s} {seconds / args.repeat * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
