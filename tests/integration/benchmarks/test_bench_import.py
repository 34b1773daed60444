"""The import benchmark at a small size in the suite's own database: it still runs, writes what it says, leaves
nothing of its baseline behind, and (on PostgreSQL, where the rows go in by COPY) the statements applying an import
issues grow only with its chunks of references (one each 500), not with the rows it writes. No timings are
asserted."""

from datetime import date

import bench_import
import pytest
from django.db import connection
from django.db.models import Sum

from accounts.models import User
from activity.importing.records import CHUNK_SIZE
from activity.models import Consultation, DailyCount

pytestmark = pytest.mark.django_db

YEAR = (date(2021, 4, 1), date(2022, 3, 31))  # the year the generated rows are dated in


def _by_measure(figures):
    return {figure.measure.split(": ", 1)[1]: figure for figure in figures}


def test_the_import_benchmark_writes_its_rows_sets_each_time_beside_the_same_rows_written_raw(demo_data):
    lead = User.objects.get(username="lead")
    before = Consultation.objects.count()

    figures = _by_measure(bench_import.measure(500, user=lead, replan=True))

    assert Consultation.objects.count() == before + 500
    assert not Consultation.objects.filter(reference__startswith="BASE").exists()  # the baseline's rows removed
    for measure in ("plan and apply", "apply (one transaction)", "rows a second, overall"):
        assert figures[measure].baseline > 0 and figures[measure].baseline_name
    assert figures["peak resident memory of the process"].unit == "MB"
    # The imported rows are counted: the year's daily counts agree with the records held.
    counted = DailyCount.objects.filter(series="consultations", day__range=YEAR).aggregate(n=Sum("count"))["n"]
    assert counted == Consultation.objects.filter(date__range=YEAR).count()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="elsewhere the rows are written by bulk_create, in batches the size of the database's parameter limit",
)
def test_applying_an_import_issues_one_more_statement_for_each_chunk_of_references_and_no_more(demo_data):
    lead = User.objects.get(username="lead")

    small = _by_measure(bench_import.measure(CHUNK_SIZE, user=lead, replan=False))["plan and apply"].queries
    large = _by_measure(bench_import.measure(4 * CHUNK_SIZE, user=lead, replan=False))["plan and apply"].queries

    assert large - small == 3  # checking the references it planned against: one query each 500
