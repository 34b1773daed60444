"""The benchmark scripts at a small size in the suite's own database (SQLite or PostgreSQL), so that a script that
no longer runs, or a page or export whose number of statements grows with the records, fails here rather than on
the evening someone runs `make bench`. No timings are asserted: only that each figure comes with its baseline."""

import bench_dashboard
import bench_exports
import bench_hostile_files
import bench_pages
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

SIZES = (1_000, 3_000)  # generated consultations; the other records in the demo's proportions


def _generated(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE reference LIKE %s", ["GEN-%"])
        return cursor.fetchone()[0]


def _queries_at_each_size(measure) -> list[dict[str, int]]:
    """The statements each measure made, filled to each size in turn; every figure must have a baseline."""
    counted = []
    for size in SIZES:
        bench_dashboard.fill(size)
        figures = measure()
        assert figures
        assert [figure.measure for figure in figures if not figure.baseline] == []
        counted.append({figure.measure: figure.queries for figure in figures})
    return counted


def test_the_fill_adds_the_records_in_the_demos_proportions_and_replaces_them_at_another_size(demo_data):
    bench_dashboard.fill(SIZES[0])
    bench_dashboard.fill(SIZES[1])

    assert _generated("activity_consultation") == SIZES[1]
    assert _generated("activity_mashenquiry") == round(SIZES[1] * 2.89)
    assert _generated("activity_referral") == round(SIZES[1] * 0.284)


def test_the_dashboard_makes_as_many_statements_at_either_size(demo_data):
    small, large = _queries_at_each_size(lambda: bench_dashboard.measure(repeat=1, year=2021))

    assert len(small) == 2  # the median and the 95th percentile
    assert small == large


def test_each_record_page_makes_as_many_statements_at_either_size(demo_data):
    small, large = _queries_at_each_size(lambda: bench_pages.measure(repeat=1))

    assert len(small) == len(bench_pages.pages())
    assert small == large


def test_each_export_makes_as_many_statements_at_either_size(demo_data):
    # Two formats of the four: each is one call of the same exporter, and the PDF and Word ones take seconds.
    small, large = _queries_at_each_size(
        lambda: bench_exports.measure(repeat=1, downloads=1, formats=["html", "xlsx"], public=(False,))
    )

    assert any(name.startswith("annual report 2021/22, xlsx") for name in small)
    assert any(name.startswith("kept html") for name in small)
    assert any(name.startswith("reconciliation page") for name in small)
    assert small == large


def test_each_hostile_workbook_is_set_beside_openpyxl_reading_it():
    names = ["stated-dimension", "long-string", "entity-expansion"]

    figures = bench_hostile_files.measure(names, baseline_seconds=1)

    assert [figure.measure for figure in figures] == [
        f"{name}: {what}" for name in names for what in ("time to refusal", "extra memory")
    ]
    assert all(figure.baseline is not None and figure.baseline_name for figure in figures)
