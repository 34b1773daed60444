"""The management commands a person runs by hand, called as `manage.py` calls them (call_command).

What is asserted is what the person would notice: the file written opens and holds the report's title
and figures; after rebuild_counts a figure is back to the value the records give; load_demo fills the
database and says what it added; a wrong argument stops the command with a message naming it.
"""

import io
from datetime import date

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from activity.models import ClientGroup, Consultation, DailyCount, Review
from core.periods import FinancialYear
from reports.annual import actions as report_actions
from reports.annual.specs import BlockSpec
from reports.annual.structure import SectionSpec
from reports.figures import year_value
from reports.models import Report
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

YEAR = FinancialYear(2021)
CALLS = 9  # the children's consultation line calls logged in Oxfordshire in 2021/22, below


def run(*args) -> str:
    """Run a command as `manage.py` would, and return what it printed."""
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def calls(areas, lead):
    """Nine calls to the children's consultation line in Oxfordshire in 2021/22, and one the year before."""
    for day in range(1, CALLS + 1):
        ConsultationFactory(area=areas["oxon"], by=lead, client_group=ClientGroup.CHILD, date=date(2021, 6, day))
    ConsultationFactory(area=areas["oxon"], by=lead, client_group=ClientGroup.CHILD, date=date(2020, 6, 1))


@pytest.fixture
def report(calls, lead):
    """A small 2021/22 draft: an introduction, and a table of the calls by area."""
    sections = [
        SectionSpec("Introduction", narrative="Calls rose."),
        SectionSpec("Children", blocks=(BlockSpec(title="Calls", metrics=("child_consultations",), by="area"),)),
    ]
    return report_actions.create_report(year=YEAR, by=lead, sections=sections)


def export_report(tmp_path, fmt, *options) -> tuple[str, object]:
    out = tmp_path / f"report.{fmt}"
    printed = run("export_report", "--year", "2021/22", "--format", fmt, "--out", str(out), *options)
    return printed, out


def xlsx_values(path) -> list:
    workbook = openpyxl.load_workbook(path)
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]


# export_report


def test_export_report_writes_a_workbook_holding_the_reports_figures(tmp_path, report):
    printed, out = export_report(tmp_path, "xlsx")

    values = xlsx_values(out)
    assert "Calls" in values
    assert CALLS in values  # a number, as a spreadsheet reads it
    assert f"Wrote {out}: {report.title} (draft), full version" in printed


def test_export_report_writes_a_web_page_with_the_title_and_the_figures(tmp_path, report):
    _, out = export_report(tmp_path, "html")

    page = out.read_text(encoding="utf-8")
    assert report.title in page
    assert "Calls rose." in page
    assert f">{CALLS}<" in page


def test_export_report_writes_a_word_document_with_the_title_and_the_figures(tmp_path, report):
    _, out = export_report(tmp_path, "docx")

    document = docx.Document(str(out))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert report.title in text
    assert str(CALLS) in cells


def test_export_report_writes_a_pdf_with_the_title_and_the_figures(tmp_path, report):
    _, out = export_report(tmp_path, "pdf")

    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert report.title in text
    assert "Calls" in text
    assert str(CALLS) in text.split()


def test_export_report_public_version_hides_a_small_count(tmp_path, report, lead):
    report_actions.approve_report(report=report, by=lead)  # the public version comes only from an approved one
    printed, out = export_report(tmp_path, "xlsx", "--public")

    values = xlsx_values(out)
    assert CALLS not in values
    assert "*" in values  # 1 to 7 show as *, and 9 rounds to 10
    assert "public version" in printed


def test_export_report_refuses_the_public_version_of_a_draft_and_writes_nothing(tmp_path, report):
    with pytest.raises(CommandError, match="only once the report is approved"):
        export_report(tmp_path, "xlsx", "--public")

    assert not (tmp_path / "report.xlsx").exists()


def test_export_report_takes_the_approved_report_and_says_its_figures_are_frozen(tmp_path, report, lead):
    report_actions.approve_report(report=report, by=lead)

    printed, out = export_report(tmp_path, "html")

    assert "(approved, figures as at " in printed
    assert report.title in out.read_text(encoding="utf-8")


def test_export_report_draft_of_a_year_with_only_an_approved_report_is_refused(tmp_path, report, lead):
    report_actions.approve_report(report=report, by=lead)

    with pytest.raises(CommandError, match="There is no draft report for 2021/22"):
        export_report(tmp_path, "html", "--draft")


def test_export_report_for_a_year_with_no_report_says_so_and_writes_nothing(tmp_path, db):
    with pytest.raises(CommandError, match="There is no report for 2021/22"):
        export_report(tmp_path, "html")

    assert not (tmp_path / "report.html").exists()


@pytest.mark.parametrize("year", ["2021/23", "21/22", "last year", ""])
def test_export_report_with_a_year_that_is_not_a_financial_year_names_the_argument(tmp_path, db, year):
    with pytest.raises(CommandError, match=r"--year .* is not a financial year: write it as 2021/22"):
        run("export_report", "--year", year, "--format", "html", "--out", str(tmp_path / "report.html"))


def test_export_report_with_an_unknown_format_names_the_argument(tmp_path, db):
    with pytest.raises(CommandError, match=r"argument --format: invalid choice: 'odt'"):
        run("export_report", "--year", "2021/22", "--format", "odt", "--out", str(tmp_path / "report.odt"))


@pytest.mark.parametrize("missing", ["--year", "--format", "--out"])
def test_export_report_without_a_required_argument_names_it(tmp_path, db, missing):
    given = {"--year": "2021/22", "--format": "html", "--out": str(tmp_path / "report.html")}
    args = [part for name, value in given.items() if name != missing for part in (name, value)]

    with pytest.raises(CommandError, match=f"the following arguments are required: {missing}"):
        run("export_report", *args)


# rebuild_counts


def test_rebuild_counts_brings_a_lost_figure_back_to_what_the_records_give(calls):
    from_records = Consultation.objects.filter(client_group=ClientGroup.CHILD, date__gte=YEAR.start).count()
    assert year_value("child_consultations", YEAR) == from_records == CALLS

    DailyCount.objects.all().delete()
    assert year_value("child_consultations", YEAR) != CALLS  # the figure is gone with its counts

    printed = run("rebuild_counts")

    assert "Daily counts rebuilt." in printed
    assert year_value("child_consultations", YEAR) == from_records
    assert year_value("child_consultations", FinancialYear(2020)) == 1


def daily_counts() -> list:
    return sorted(DailyCount.objects.values_list("series", "area_id", "service_id", "category_id", "day", "count"))


def test_rebuild_counts_twice_changes_nothing(calls):
    run("rebuild_counts")
    counts = daily_counts()

    run("rebuild_counts")

    assert daily_counts() == counts
    assert year_value("child_consultations", YEAR) == CALLS


def test_rebuild_counts_takes_no_arguments(db):
    with pytest.raises(CommandError, match="unrecognized arguments: --year"):
        run("rebuild_counts", "--year", "2021/22")


# load_demo (about 30 seconds: one test)


def test_load_demo_fills_the_database_says_what_it_added_and_on_a_later_day_adds_only_the_days_since(db):
    printed = run("load_demo")  # through the tests' fixed day, 20 July 2022 (settings.DEMO_UNTIL)

    assert printed.startswith("Demo loaded through 20 July 2022: ")
    assert "consultations" in printed and "reviews" in printed
    assert Consultation.objects.exists() and Review.objects.exists()
    assert Report.objects.filter(year=2021).exists()
    # The seed report's figure: "In 2021/22 there were 1,427 calls to the children's consultation line"
    assert year_value("child_consultations", YEAR) == 1427
    assert not Consultation.objects.filter(date__gt=date(2022, 7, 20)).exists()

    assert run("load_demo") == "Demo already loaded through 20 July 2022: nothing added.\n"

    printed = run("load_demo", "--until", "2022-07-27")
    week = Consultation.objects.filter(date__range=(date(2022, 7, 21), date(2022, 7, 27))).count()
    assert week > 0
    assert printed.startswith(f"Demo loaded through 27 July 2022: {week} consultations, ")
    assert "MASH enquiries brought up to date" in printed  # closed since the last load
    assert run("load_demo", "--until", "2022-07-27") == "Demo already loaded through 27 July 2022: nothing added.\n"


def test_load_demo_refuses_a_day_that_is_not_a_date(db):
    with pytest.raises(CommandError, match="--until '27/07/2022' is not a date: write it as 2026-11-30"):
        run("load_demo", "--until", "27/07/2022")
