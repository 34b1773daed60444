"""The report commands a person runs by hand: start_report starts a draft of any template for any period and
area; export_report writes one to a file, chosen by template, period and area (``--year`` still says the annual
report to the Board); start_due_reports starts what the schedule has due. Each wrong argument stops the command
with a message that says what to write instead.
"""

import importlib.util
import io
import os
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from activity.models import ClientGroup
from core.periods import FinancialYear, Quarter
from jobs.models import Job
from reports import schedule
from reports.annual import actions
from reports.job_kinds import REPORT_SCHEDULE
from reports.models import Report, ReportTemplate
from reports.schedule import scheduler_account
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

Q4 = Quarter(FinancialYear(2021), 4)


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def template(slug: str) -> ReportTemplate:
    return ReportTemplate.objects.get(slug=slug)


# start_report


def test_start_report_starts_a_draft_for_the_whole_trust_and_says_so(db):
    printed = run("start_report", "--template", "quarterly-committee", "--period", "2021/22 Q4")

    report = Report.objects.get(template__slug="quarterly-committee", period="2021/22 Q4")
    assert report.area is None and report.status == Report.Status.DRAFT
    assert (report.period_start, report.period_end) == (date(2022, 1, 1), date(2022, 3, 31))
    assert "Started a draft: Quarterly safeguarding report, Q4 2021/22 (the whole trust)" in printed
    assert f"/reports/{report.pk}/" in printed
    history = report.history.earliest("history_date")
    assert history.history_user == scheduler_account()
    assert history.history_change_reason == "Started from the command line"


def test_start_report_for_an_area_starts_that_areas_pack(areas):
    printed = run("start_report", "--template", "quarterly-committee", "--period", "Q4 2021/22", "--area", "bsw")

    report = Report.objects.get(template__slug="quarterly-committee", period="2021/22 Q4")
    assert report.area == areas["bsw"]
    assert "(BSW)" in printed


def test_start_report_refuses_a_second_draft_of_the_same_report(db):
    run("start_report", "--template", "quarterly-committee", "--period", "2021/22 Q4")

    with pytest.raises(CommandError, match="There is already a draft of the quarterly report to the committee"):
        run("start_report", "--template", "quarterly-committee", "--period", "2021/22 Q4")

    assert Report.objects.filter(template__slug="quarterly-committee").count() == 1


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--template",
            "quarterly-board",
            r"There is no report template 'quarterly-board': write one of .*annual-board",
        ),
        ("--period", "2021/22 Q5", "2021/22 Q5 is not a quarter"),
        ("--period", "last quarter", "'last quarter' is not a period: write a financial year"),
        ("--area", "nowhere", "There is no area 'nowhere': write one of .*bsw"),
    ],
)
def test_start_report_with_a_wrong_argument_says_what_to_write(areas, option, value, message):
    given = {"--template": "quarterly-committee", "--period": "2021/22 Q4", option: value}

    with pytest.raises(CommandError, match=message):
        run("start_report", *[part for item in given.items() for part in item])

    assert not Report.objects.exists()


# export_report


@pytest.fixture
def oxon_calls(areas):
    """Three calls to the children's line in Oxfordshire in 2021/22 Q4 and two in BSW's Swindon."""
    for day in (3, 4, 5):
        ConsultationFactory(area=areas["oxon"], client_group=ClientGroup.CHILD, date=date(2022, 1, day))
    for day in (6, 7):
        ConsultationFactory(area=areas["swindon"], client_group=ClientGroup.CHILD, date=date(2022, 2, day))


def test_export_report_writes_the_quarterly_report_named_by_template_and_period(tmp_path, oxon_calls):
    run("start_report", "--template", "quarterly-committee", "--period", "2021/22 Q4")
    out = tmp_path / "q4.html"

    printed = run(
        "export_report",
        "--template",
        "quarterly-committee",
        "--period",
        "2021/22 Q4",
        "--format",
        "html",
        "--out",
        str(out),
    )

    assert "Quarterly safeguarding report, Q4 2021/22 (draft)" in printed
    assert "Quarterly safeguarding report, Q4 2021/22" in out.read_text(encoding="utf-8")


def test_export_report_with_an_area_writes_that_areas_pack_not_the_trusts(tmp_path, oxon_calls):
    run("start_report", "--template", "quarterly-committee", "--period", "2021/22 Q4")
    run("start_report", "--template", "quarterly-committee", "--period", "2021/22 Q4", "--area", "bsw")
    out = tmp_path / "bsw.html"

    printed = run(
        "export_report",
        "--template",
        "quarterly-committee",
        "--period",
        "2021/22 Q4",
        "--area",
        "bsw",
        "--format",
        "html",
        "--out",
        str(out),
    )

    assert "Quarterly safeguarding report, Q4 2021/22: BSW" in printed
    assert "Quarterly safeguarding report, Q4 2021/22: BSW" in out.read_text(encoding="utf-8")


def test_export_report_year_is_the_annual_report_to_the_board_of_that_year(tmp_path, lead, oxon_calls):
    annual = actions.create_report(year=FinancialYear(2021), by=lead)
    actions.create_report(template=template("quarterly-committee"), period=Q4, by=lead)
    out = tmp_path / "annual.html"

    printed = run("export_report", "--year", "2021/22", "--format", "html", "--out", str(out))

    assert f"Wrote {out}: {annual.title} (draft)" in printed


def test_export_report_without_the_report_says_how_to_start_it(tmp_path, areas):
    out = tmp_path / "none.html"

    with pytest.raises(CommandError) as refused:
        run(
            "export_report",
            "--template",
            "icb-assurance",
            "--period",
            "2021/22 Q4",
            "--area",
            "oxon",
            "--format",
            "html",
            "--out",
            str(out),
        )

    assert str(refused.value) == (
        "There is no report for Q4 2021/22 (assurance return to the ICB, Oxfordshire): start one with "
        'manage.py start_report --template icb-assurance --period "2021/22 Q4" --area oxon'
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--year", "2021/22", "--template", "annual-board"], "Give either --year or --template and --period"),
        (["--template", "quarterly-committee"], "the following arguments are required: --year, or --template"),
        (["--period", "2021/22 Q4"], "the following arguments are required: --template"),
        (["--template", "quarterly-committee", "--period", "2021/22 Q5"], "2021/22 Q5 is not a quarter"),
        (["--template", "no-such-report", "--period", "2021/22 Q4"], "There is no report template 'no-such-report'"),
        (["--template", "quarterly-committee", "--period", "2021/22 Q4", "--area", "atlantis"], "no area 'atlantis'"),
    ],
)
def test_export_report_with_a_wrong_choice_of_report_says_what_to_write(tmp_path, areas, options, message):
    with pytest.raises(CommandError, match=message):
        run("export_report", *options, "--format", "html", "--out", str(tmp_path / "report.html"))


# start_due_reports


def test_start_due_reports_starts_what_is_due_then_says_nothing_was(monkeypatch):
    monkeypatch.setattr(schedule, "today", lambda: date(2022, 4, 20))

    first = run("start_due_reports")
    second = run("start_due_reports")

    assert first.startswith("Started 3 drafts: ")
    assert "Quarterly safeguarding report, Q4 2021/22" in first
    assert "Annual safeguarding report 2021/22" in first
    assert second.startswith("No report was due")
    assert Report.objects.count() == 3


def test_start_due_reports_in_the_background_queues_the_check_as_a_job(monkeypatch):
    monkeypatch.setattr(schedule, "today", lambda: date(2022, 4, 20))

    printed = run("start_due_reports", "--background")

    job = Job.objects.get(kind=REPORT_SCHEDULE)
    assert printed == f"Queued the check as background job {job.pk}.\n"
    assert job.requested_by == scheduler_account()
    # The tests run a job as it is queued: it is done already.
    assert job.status == Job.Status.DONE and job.message.startswith("Started 3 drafts: ")
    assert Report.objects.count() == 3


def _serve_script():
    spec = importlib.util.spec_from_file_location(
        "serve_script", Path(__file__).resolve().parents[3] / "scripts/serve.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_serve_runs_the_schedules_check_at_start_then_once_each_hour(tmp_path):
    serve = _serve_script()
    runs = tmp_path / "runs"
    command = [sys.executable, "-c", f"open({str(runs)!r}, 'a').write('ran ')"]
    check = serve.Every(command, dict(os.environ), serve.SCHEDULE_EVERY)
    assert serve.SCHEDULE_EVERY == 3600

    check.run_when_due()  # at start
    check.process.wait(timeout=30)
    for _ in range(3):  # the loop goes round every half second: nothing more until the hour is up
        check.run_when_due()
    assert check.process is None
    assert runs.read_text() == "ran "

    check.due_at = time.monotonic()  # an hour later
    check.run_when_due()
    check.process.wait(timeout=30)
    assert runs.read_text() == "ran ran "
