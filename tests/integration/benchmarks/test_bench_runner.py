"""The runner's table of figures and how it writes it into docs/benchmarks.md (no database: the runner's
databases are PostgreSQL's, made and dropped by `make bench` itself)."""

from datetime import UTC, datetime

import bench
import pytest
from bench_figures import Figure, read_figures, write_figures

DASHBOARD = Figure("Dashboard", "dashboard 2024/25: p95 of 20 requests", 182.4, "ms", 45.6, "the same SQL raw", 43)
MEMORY = Figure("Import", "100,000 consultation rows: peak memory", 251.0, "MB")


def test_a_figure_is_shown_beside_its_baseline_with_the_ratio_and_one_without_a_baseline_alone():
    table = bench.format_table([DASHBOARD, MEMORY]).splitlines()

    assert table[2] == (
        "| Dashboard | dashboard 2024/25: p95 of 20 requests | 182 ms | 45.6 ms (the same SQL raw) | 4.00 | 43 |"
    )
    assert table[3] == "| Import | 100,000 consultation rows: peak memory | 251 MB |  |  |  |"


def test_a_figure_far_below_its_baseline_shows_its_ratio_as_one_in_so_many():
    refused = Figure("Hostile workbooks", "many-cells: time to refusal", 0.003, "s", 33.2, "openpyxl, no limits")

    assert bench.format_table([refused]).splitlines()[2] == (
        "| Hostile workbooks | many-cells: time to refusal | 0.003 s | 33.2 s (openpyxl, no limits) | 1/11,067 |  |"
    )


def test_the_section_names_the_day_the_command_and_the_machine():
    section = bench.render_section(
        [DASHBOARD],
        machine="2 CPUs (AMD EPYC); 24 GB RAM",
        command="make bench CONSULTATIONS=1000000 IMPORT_ROWS=100000",
        when=datetime(2026, 12, 1, 2, 30, tzinfo=UTC),
    )

    assert section.startswith(
        "Measured 1 December 2026, 02:30 UTC by `make bench CONSULTATIONS=1000000 IMPORT_ROWS=100000`.\n\n"
        "Machine: 2 CPUs (AMD EPYC); 24 GB RAM.\n\n| benchmark |"
    )


def test_writing_the_docs_replaces_what_is_between_the_markers_and_keeps_the_rest_byte_for_byte(tmp_path):
    before = "# Benchmarks\r\n\r\n## Latest run\n\nHow to run it.\n\n"
    after = "\n\n## Bulk import\n\nFigures by hand,  with  spaces\r\nand no newline at the end"
    docs = tmp_path / "benchmarks.md"
    docs.write_bytes(f"{before}{bench.START}\nAn older table.\n| a | b |\n{bench.END}{after}".encode())

    bench.write_docs(docs, "The new table.\n")

    assert docs.read_bytes() == f"{before}{bench.START}\nThe new table.\n{bench.END}{after}".encode()


def test_docs_without_the_markers_are_refused_rather_than_written(tmp_path):
    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n", encoding="utf-8")

    with pytest.raises(ValueError, match="make bench: start"):
        bench.write_docs(docs, "The new table.\n")
    assert docs.read_text(encoding="utf-8") == "# Benchmarks\n"


def test_the_real_docs_have_the_markers_in_order():
    text = bench.DOCS.read_text(encoding="utf-8")

    assert 0 < text.index(bench.START) < text.index(bench.END)


def test_figures_read_back_as_written(tmp_path):
    path = tmp_path / "figures.json"

    write_figures(str(path), [DASHBOARD, MEMORY])

    assert read_figures(path) == [DASHBOARD, MEMORY]
    assert read_figures(path)[0].ratio == pytest.approx(4.0)
    assert MEMORY.ratio is None


def test_each_script_is_handed_the_database_url_of_the_run_on_the_same_server():
    url = bench.database_url("postgres://postgres@127.0.0.1:5432/postgres", "sg_bench_20261201023000")

    assert url == "postgres://postgres@127.0.0.1:5432/sg_bench_20261201023000"
