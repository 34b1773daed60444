"""Background jobs: a PDF of the annual report and big imports run as tasks of django-tasks, and the user
watches the job's page until it offers the file or says how the import went.

Most tests here use the database backend, as production does: the request queues a task (a row of
django-tasks-db), and ``run_worker`` runs the real ``db_worker`` command until the queue is empty.
"""

import dataclasses
import importlib.util
import resource
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from accounts import roles
from activity import bulk_writes
from activity.job_kinds import IMPORT, IMPORT_CHECK
from activity.models import ClientGroup, Consultation, ImportBatch
from audit.models import Action, AuditEvent
from core.periods import FinancialYear
from jobs import actions as job_actions
from jobs import kinds
from jobs import progress as job_progress
from jobs.kinds import Outcome
from jobs.models import Job
from jobs.progress import Progress
from reports.annual import actions as report_actions
from reports.job_kinds import REPORT_EXPORT
from reports.models import Report
from tests.factories import AreaFactory, ConsultationFactory, UserFactory
from tests.workers import run_every_queued_task

HEADER = "Reference,Date,Area,Client group,Service,Team,Category of concern,Mode,Outcome,Case reference\n"
PDF = "application/pdf"


def _rows(count: int, prefix: str = "JOB") -> str:
    return HEADER + "".join(
        f"{prefix}-{n},01/06/2021,Oxfordshire,Child,,,,Telephone,Advice given,C{n}\n" for n in range(1, count + 1)
    )


@pytest.fixture
def oxon(db):
    trust = AreaFactory(slug="trust", name="Trust")
    oxon = AreaFactory(slug="oxon", name="Oxfordshire", short_name="Oxon", parent=trust)
    for day in (date(2020, 6, 1), date(2021, 6, 1), date(2021, 7, 1)):
        ConsultationFactory(area=oxon, date=day, client_group=ClientGroup.CHILD)
    return oxon


@pytest.fixture
def report(oxon):
    return report_actions.create_report(year=FinancialYear(2021), by=UserFactory(role=roles.LEAD))


@pytest.fixture
def signed_in_secretary(client, secretary, report):
    """The secretary, signed in on the test's client, with a report to export."""
    client.force_login(secretary)
    return secretary


@pytest.fixture
def signed_in_lead(client, lead, oxon):
    """The lead, signed in on the test's client, with records in Oxfordshire."""
    client.force_login(lead)
    return lead


@pytest.fixture
def database_tasks(settings):
    """Tasks wait in the database for a worker, as in production (settings: TASKS_BACKEND=database)."""
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def run_worker(database_tasks, monkeypatch, request):
    """Run `manage.py db_worker --batch`: every queued task, then stop, as the worker of `make serve` would."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        # Between tasks the worker closes connections it thinks stale; inside a test's transaction
        # that would abort the transaction the test runs in.
        monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    return run_every_queued_task


def _report_pk():
    return Report.objects.get().pk


def _export(client, fmt="pdf", query=""):
    return client.post(reverse("report_export", args=[_report_pk(), fmt]) + query)


def _job() -> Job:
    return Job.objects.get()


def _status(client, job):
    return client.get(reverse("job_status", args=[job.pk])).json()


# -- an annual report's PDF -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "file_name", "detail"),
    [
        ("", "safeguarding-annual-report-2021-22-draft.pdf", "2021/22 (draft), PDF, full version"),
        (  # the public version comes only from an approved report
            "?version=public",
            "safeguarding-annual-report-2021-22-approved-public.pdf",
            "2021/22 (approved), PDF, public version",
        ),
    ],
)
def test_a_pdf_is_queued_made_by_the_worker_and_downloaded_once_ready(
    client, signed_in_secretary, lead, run_worker, query, file_name, detail
):
    if query:
        report_actions.approve_report(report=Report.objects.get(), by=lead)
    response = _export(client, query=query)
    job = _job()
    assert response.status_code == 302 and response["Location"] == reverse("job_detail", args=[job.pk])
    assert job.status == Job.Status.QUEUED and job.requested_by == signed_in_secretary
    task = DBTaskResult.objects.get()
    assert str(task.id) == job.task_result_id and task.status == "READY"
    assert (
        task.task_path == "jobs.tasks.run_job"
        and task.queue_name == "reports"
        and task.args_kwargs == {"args": [str(job.pk)], "kwargs": {}}
    )

    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "Waiting to start" in page
    assert f'data-job-status-url="{reverse("job_status", args=[job.pk])}"' in page
    assert "js/job-progress.js" in page and '<meta http-equiv="refresh" content="5">' in page
    assert 'role="status"' in page
    assert _status(client, job) == {
        "state": "queued",
        "finished": False,
        "text": "Waiting to start",
        "stage": "",
        "percent": None,
    }
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.REPORT_EXPORTED).exists()

    run_worker()

    task.refresh_from_db()
    job.refresh_from_db()
    assert task.status == "SUCCESSFUL" and job.status == Job.Status.DONE
    assert job.started_at <= job.finished_at and job.result_name == file_name
    assert _status(client, job)["finished"] is True
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert f"Download {file_name}" in page and "The PDF is ready." in page
    assert "job-progress.js" not in page and "refresh" not in page.split("<body")[0]

    download = client.get(reverse("job_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == PDF
    assert download["Content-Disposition"] == f'attachment; filename="{file_name}"'
    assert download.content.startswith(b"%PDF-")
    event = AuditEvent.objects.get(action=Action.REPORT_EXPORTED)
    assert event.user == signed_in_secretary and event.detail == detail
    assert event.path == reverse("job_download", args=[job.pk])


def test_with_the_immediate_backend_the_job_has_run_by_the_time_its_page_opens(client, signed_in_secretary):
    """`make run` and the tests: no worker, so the task runs inside the request that starts it."""
    response = _export(client, "pdf")
    job = _job()
    assert job.status == Job.Status.DONE and job.task_result_id
    page = client.get(response["Location"]).content.decode()
    assert "Download safeguarding-annual-report-2021-22-draft.pdf" in page
    assert client.get(reverse("job_download", args=[job.pk])).content.startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action=Action.REPORT_EXPORTED).count() == 1


def test_the_fast_formats_still_download_at_once(client, signed_in_secretary):
    response = client.get(reverse("report_export", args=[_report_pk(), "xlsx"]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    assert not Job.objects.exists()
    assert AuditEvent.objects.filter(action=Action.REPORT_EXPORTED).count() == 1


def test_the_pdf_is_started_by_a_post_only(client, signed_in_secretary):
    assert client.get(reverse("report_export", args=[_report_pk(), "pdf"])).status_code == 405
    assert not Job.objects.exists()


def test_the_pdf_and_the_word_file_are_made_in_the_background(client, signed_in_secretary):
    assert client.get(reverse("report_export", args=[_report_pk(), "docx"])).status_code == 405
    response = _export(client, "docx")
    assert response.status_code == 302
    assert _job().result_name.endswith(".docx")
    page = client.get(reverse("report_detail", args=[_report_pk()])).content.decode()
    assert page.count('<button class="app-link-button') == 2  # PDF and Word are buttons (a POST); the rest links


def test_the_formats_made_in_the_background_are_a_setting(client, signed_in_secretary, settings):
    settings.REPORT_BACKGROUND_FORMATS = ["pdf"]
    assert client.get(reverse("report_export", args=[_report_pk(), "xlsx"])).status_code == 200
    page = client.get(reverse("report_detail", args=[_report_pk()])).content.decode()
    assert page.count('<button class="app-link-button') == 1  # only the PDF is a button now


def test_someone_elses_job_is_not_found(client, signed_in_secretary, database_tasks):
    _export(client)
    job = _job()
    for other in (UserFactory(role=roles.SECRETARY), UserFactory(role=roles.LEAD)):
        client.force_login(other)
        for name in ("job_detail", "job_status", "job_download"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404, name


def test_a_job_that_does_not_exist_is_not_found(client, signed_in_secretary):
    assert client.get(reverse("job_detail", args=[uuid.uuid4()])).status_code == 404


def test_the_file_needs_the_export_permission_when_it_is_downloaded(client, signed_in_secretary):
    _export(client)
    signed_in_secretary.groups.clear()
    assert client.get(reverse("job_download", args=[_job().pk])).status_code == 403
    assert not AuditEvent.objects.filter(action=Action.REPORT_EXPORTED).exists()


def test_a_failing_export_says_so_without_the_error_or_its_traceback(
    client, signed_in_secretary, run_worker, monkeypatch
):
    def broken(document, fmt):
        raise RuntimeError("a secret value from deep inside /srv/app/reports/annual/exporters/pdf.py")

    monkeypatch.setattr(report_actions, "export", broken)  # the exporter the job's file is made by
    _export(client)
    run_worker()

    job = _job()
    task = DBTaskResult.objects.get()
    assert job.status == Job.Status.FAILED and task.status == "FAILED"
    assert "secret value" in task.traceback  # the task keeps the traceback for the log and the admin ...
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    status = _status(client, job)
    for shown in (page, str(status), job.message):  # ... and the user never sees it
        assert "secret" not in shown and "RuntimeError" not in shown and "Traceback" not in shown
    assert "The file was not made" in page
    assert job.message == (
        "Something went wrong and the file was not made. "
        f"Try again; if it fails again, tell the service desk, quoting {job.pk}."
    )
    assert job.message in page
    assert status["state"] == "failed" and status["finished"] is True
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404


def test_a_stalled_job_shows_as_failed(client, signed_in_secretary, database_tasks):
    """A job whose worker was killed still says "running"; after ten minutes of silence it is taken as failed."""
    _export(client)
    job = _job()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, updated_at=timezone.now() - timedelta(minutes=11))
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "The job stopped before it finished, and nothing was saved. Try again." in page
    assert _status(client, job)["state"] == "failed"
    assert not Job.objects.unfinished().exists()  # so the same import, say, can be started again


def test_a_job_still_waiting_after_a_while_says_so(client, signed_in_secretary, database_tasks):
    _export(client)
    job = _job()
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=3))
    assert _status(client, job)["text"] == (
        "Still waiting to start, 3 minutes after it was asked for. If it does not start soon, tell the service desk."
    )


def test_a_deleted_job_is_skipped_by_the_worker(client, signed_in_secretary, run_worker):
    _export(client)
    Job.objects.all().delete()
    run_worker()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_job_page_asks_a_fixed_number_of_queries_and_never_reads_the_file(
    client, signed_in_secretary, django_assert_max_num_queries
):
    _export(client)
    job = _job()
    # The session, the user and the job; the page adds the user's permissions, for its navigation.
    for name, most in (("job_status", 3), ("job_detail", 5)):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=[job.pk])).status_code == 200
        job_queries = [query["sql"] for query in queries if "jobs_job" in query["sql"]]
        assert len(job_queries) == 1 and '"result"' not in job_queries[0].replace('"result_', ""), name
        with django_assert_max_num_queries(most):
            client.get(reverse(name, args=[job.pk]))


# -- cleaning up -------------------------------------------------------------------------------------------


def test_jobs_older_than_the_kept_days_are_deleted_with_their_files_and_tasks(
    client, signed_in_secretary, database_tasks
):
    _export(client)
    old = _job()
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    assert DBTaskResult.objects.count() == 1

    _export(client)  # starting a job deletes those past their time

    assert Job.objects.count() == 1 and not Job.objects.filter(pk=old.pk).exists()
    assert DBTaskResult.objects.count() == 1 and str(DBTaskResult.objects.get().id) == Job.objects.get().task_result_id


def test_the_command_deletes_old_jobs_too(client, signed_in_secretary, settings, database_tasks):
    _export(client)
    _export(client)
    Job.objects.filter(pk=Job.objects.order_by("created_at").first().pk).update(
        created_at=timezone.now() - timedelta(days=settings.JOBS_KEPT_DAYS, minutes=1)
    )
    call_command("delete_old_jobs", verbosity=0)
    assert Job.objects.count() == 1
    assert job_actions.delete_old_jobs() == 0


# -- imports -----------------------------------------------------------------------------------------------


def _upload(client, text, name="consultations.csv"):
    upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("import_new"), {"kind": "consultations", "file": upload})


@pytest.fixture
def big_imports(settings, monkeypatch):
    """An import of more than 3 rows is a big one here, written 2 rows a batch, each count reported."""
    settings.IMPORT_BACKGROUND_ROWS = 3
    monkeypatch.setattr(bulk_writes, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(job_progress, "WRITE_EVERY", 0)


@pytest.fixture
def written(monkeypatch):
    """Every count of rows written that a job reported, as (done, total)."""
    counts = []
    original = Progress.rows

    def rows(self, done, total):
        counts.append((done, total))
        original(self, done, total)

    monkeypatch.setattr(Progress, "rows", rows)
    return counts


def test_a_big_import_is_written_by_a_job_all_of_it_with_its_progress(
    client, signed_in_lead, big_imports, written, run_worker
):
    _upload(client, _rows(5))
    batch = ImportBatch.objects.get()
    assert batch.summary["new"] == 5

    response = client.post(reverse("import_confirm", args=[batch.pk]))
    job = _job()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert job.kind == IMPORT and job.title == "Import consultations.csv"
    assert not Consultation.objects.filter(reference__startswith="JOB-").exists()
    assert "Waiting to start" in client.get(response["Location"]).content.decode()
    # A second click finds the job already queued rather than queueing another.
    assert client.post(reverse("import_confirm", args=[batch.pk]))["Location"] == response["Location"]
    assert DBTaskResult.objects.count() == 1

    run_worker()

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.message == "consultations.csv imported: 5 new, 0 changed, 0 unchanged."
    assert written == [(2, 5), (4, 5), (5, 5)]
    assert Consultation.objects.filter(reference__startswith="JOB-", created_by=signed_in_lead).count() == 5
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "5 new, 0 changed, 0 unchanged" in page
    assert f'href="{reverse("record_list", args=["consultations"])}">See the consultations' in page


def test_a_small_import_is_still_written_in_the_request(client, signed_in_lead, big_imports):
    _upload(client, _rows(3))
    response = client.post(reverse("import_confirm", args=[ImportBatch.objects.get().pk]))
    assert response["Location"] == reverse("record_list", args=["consultations"])
    assert Consultation.objects.filter(reference__startswith="JOB-").count() == 3
    assert not Job.objects.exists()


def test_a_big_import_that_fails_half_way_saves_nothing_and_says_so_safely(
    client, signed_in_lead, big_imports, written, run_worker, monkeypatch
):
    original = bulk_writes._Stamp.__call__
    stamped = []

    def third_row_fails(self, row, *args, **kwargs):
        stamped.append(row)
        if len(stamped) == 3:
            raise RuntimeError("disk full at /var/lib/postgresql, row JOB-3 case reference C3")
        return original(self, row, *args, **kwargs)

    monkeypatch.setattr(bulk_writes._Stamp, "__call__", third_row_fails)
    _upload(client, _rows(5))
    client.post(reverse("import_confirm", args=[ImportBatch.objects.get().pk]))
    run_worker()

    job = _job()
    assert len(stamped) == 3 and written == [(2, 5)]  # the first two rows were written, then rolled back
    assert not Consultation.objects.filter(reference__startswith="JOB-").exists()
    assert ImportBatch.objects.get().status == ImportBatch.Status.PREVIEWED
    assert job.status == Job.Status.FAILED and DBTaskResult.objects.get().status == "FAILED"
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "Nothing was imported" in page and "Something went wrong and nothing was saved." in page
    for secret in ("disk full", "C3", "RuntimeError", "Traceback"):
        assert secret not in page and secret not in job.message
    # The file can be confirmed again: the failed job no longer stands in the way.
    monkeypatch.setattr(bulk_writes._Stamp, "__call__", original)
    client.post(reverse("import_confirm", args=[ImportBatch.objects.get().pk]))
    assert Job.objects.filter(status=Job.Status.QUEUED).count() == 1


def test_a_big_import_that_no_longer_imports_cleanly_lists_the_problems(
    client, signed_in_lead, big_imports, run_worker
):
    _upload(client, _rows(5))
    batch = ImportBatch.objects.get()
    client.post(reverse("import_confirm", args=[batch.pk]))
    signed_in_lead.groups.set([Group.objects.get(name=roles.EXECUTIVE)])  # may no longer import when the worker runs
    run_worker()

    job = _job()
    assert job.status == Job.Status.FAILED
    assert job.message.endswith("The file's page lists the problems.")
    assert not Consultation.objects.filter(reference__startswith="JOB-").exists()
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert f'href="{reverse("import_preview", args=[batch.pk])}">See the file' in page


def test_a_big_file_is_checked_by_a_job_and_then_previewed(client, signed_in_lead, settings, run_worker):
    settings.IMPORT_BACKGROUND_BYTES = 100
    response = _upload(client, _rows(5))
    job = _job()
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk]) and job.kind == IMPORT_CHECK
    assert batch.summary == {}
    # The file's page waits for the check; confirming before it is done changes nothing.
    assert client.get(reverse("import_preview", args=[batch.pk]))["Location"] == response["Location"]
    assert client.post(reverse("import_confirm", args=[batch.pk]))["Location"] == reverse(
        "import_preview", args=[batch.pk]
    )

    run_worker()

    assert client.get(response["Location"])["Location"] == reverse("import_preview", args=[batch.pk])
    preview = client.get(reverse("import_preview", args=[batch.pk]))
    assert preview.context["summary"]["new"] == 5
    assert not Consultation.objects.filter(reference__startswith="JOB-").exists()


def test_a_file_whose_check_never_ran_asks_to_be_uploaded_again(client, signed_in_lead, settings, database_tasks):
    settings.IMPORT_BACKGROUND_BYTES = 100
    _upload(client, _rows(5))
    Job.objects.all().delete()
    page = client.get(reverse("import_preview", args=[ImportBatch.objects.get().pk])).content.decode()
    assert "The file was not checked: upload it again." in page


@pytest.mark.django_db(transaction=True)
def test_the_count_of_rows_written_is_seen_at_once_while_the_import_runs(
    client, big_imports, written, run_worker, monkeypatch
):
    """The rows are written in one transaction; the count goes to the job's row through a connection of its
    own, so the page reads it as it grows (PostgreSQL). SQLite has one writer, the import, so there only
    the stage shows until the end."""
    AreaFactory(slug="oxon", name="Oxfordshire")
    client.force_login(UserFactory(role=roles.LEAD))
    seen = []
    original = Progress.rows

    def rows_seen_elsewhere(self, done, total):
        original(self, done, total)
        if connection.vendor == "postgresql":
            other = connections.create_connection("default")
            try:
                with other.cursor() as cursor:
                    cursor.execute("SELECT done_count, total_count, stage FROM jobs_job WHERE id = %s", [self.job_id])
                    seen.append(cursor.fetchone())
                    cursor.execute("SELECT count(*) FROM activity_consultation")
                    seen.append(cursor.fetchone())
            finally:
                other.close()

    monkeypatch.setattr(Progress, "rows", rows_seen_elsewhere)
    _upload(client, _rows(5))
    client.post(reverse("import_confirm", args=[ImportBatch.objects.get().pk]))
    run_worker()

    assert _job().status == Job.Status.DONE and Consultation.objects.count() == 5
    if connection.vendor == "postgresql":
        # Each count was visible outside the import's transaction, while its rows were not yet.
        assert seen == [(2, 5, "Writing rows"), (0,), (4, 5, "Writing rows"), (0,), (5, 5, "Writing rows"), (0,)]
    else:
        assert seen == []


# -- limits: each job in a child process, stopped past its time or memory; report downloads' own queue ------


def _sleeps(job, progress):
    time.sleep(120)


def _allocates_a_gigabyte(job, progress):
    held = bytearray(2**30)
    return Outcome(message=f"held {len(held)}")


def _quick(job, progress):
    return Outcome(message="Checked quickly.", content=b"\x00made in the child\xff")


def _checks_with(monkeypatch, work) -> None:
    """Checking a file does ``work`` instead, for as long as the test runs."""
    monkeypatch.setitem(kinds._KINDS, IMPORT_CHECK, dataclasses.replace(kinds.get(IMPORT_CHECK), work=work))


@pytest.fixture
def limited(settings):
    """Jobs run in a child process of the worker, as with the database backend in production."""
    settings.JOBS_IN_CHILD_PROCESS = True
    settings.JOB_TIME_LIMIT_SECONDS = 5
    settings.JOB_MEMORY_LIMIT_MB = 200


def _check_job(user, title="Check a file.csv") -> Job:
    return job_actions.start_job(kind=IMPORT_CHECK, by=user, title=title, params={"batch": "none"})


@pytest.mark.django_db(transaction=True)
def test_a_job_past_its_time_limit_is_stopped_saying_so_and_the_next_job_runs(
    client, signed_in_secretary, limited, run_worker, monkeypatch, settings
):
    # The PDF behind it gets a real job's memory and time enough on a busy machine: under the memory test's
    # 200 MB WeasyPrint could not always start its threads, and at 5 s a loaded machine ran past the limit.
    settings.JOB_MEMORY_LIMIT_MB = 1536
    settings.JOB_TIME_LIMIT_SECONDS = 12
    _checks_with(monkeypatch, _sleeps)
    slow = _check_job(signed_in_secretary)
    _export(client)  # a PDF, queued behind it
    run_worker()

    slow.refresh_from_db()
    assert slow.status == Job.Status.FAILED
    assert slow.message == (
        "The file took more than 1 minute to check, so it was stopped. Nothing was saved. "
        "Split it into smaller files and upload them one at a time."
    )
    pdf = Job.objects.get(kind=REPORT_EXPORT)
    assert pdf.status == Job.Status.DONE and bytes(pdf.result).startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_a_job_past_its_memory_limit_is_stopped_saying_so_and_the_worker_keeps_its_memory(
    signed_in_secretary, limited, run_worker, monkeypatch
):
    _checks_with(monkeypatch, _allocates_a_gigabyte)
    greedy = _check_job(signed_in_secretary)
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run_worker()
    _checks_with(monkeypatch, _quick)
    quick = _check_job(signed_in_secretary, "Check another.csv")
    run_worker()

    greedy.refresh_from_db()
    assert greedy.status == Job.Status.FAILED
    assert greedy.message == (
        "The file needed more memory to check than a job may use, so it was stopped. Nothing was saved. "
        "Split it into smaller files and upload them one at a time."
    )
    quick.refresh_from_db()
    assert quick.status == Job.Status.DONE and quick.message == "Checked quickly."
    assert bytes(quick.result) == b"\x00made in the child\xff"  # the child's file, through its pipe
    # The gigabyte was asked for in the child: the worker's own peak grew by nowhere near it (KiB on Linux).
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 256 * 1024


def test_inside_a_transaction_a_job_runs_in_the_workers_own_process(signed_in_secretary, limited, monkeypatch):
    """A child could not see what the transaction has not committed (the tests' own transaction, here)."""
    _checks_with(monkeypatch, _quick)
    job = _check_job(signed_in_secretary)  # the immediate backend: it runs here
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.message == "Checked quickly."


def test_report_downloads_have_a_queue_of_their_own_with_a_worker_of_its_own(
    client, signed_in_secretary, database_tasks
):
    _export(client)
    _check_job(signed_in_secretary)
    queues = dict(Job.objects.values_list("kind", "task_result_id"))
    queues = {kind: DBTaskResult.objects.get(id=task_id).queue_name for kind, task_id in queues.items()}
    assert queues == {REPORT_EXPORT: "reports", IMPORT_CHECK: "default"}
    assert settings_queues() == ["default", "reports"] == _serve_script().WORKER_QUEUES


def test_a_worker_of_the_default_queue_leaves_report_downloads_to_the_reports_worker(
    client, signed_in_secretary, database_tasks, monkeypatch
):
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    _checks_with(monkeypatch, _quick)
    _export(client)
    _check_job(signed_in_secretary)

    for queue in ("default", "reports"):
        run_every_queued_task(queue)
        states = dict(Job.objects.values_list("kind", "status"))
        if queue == "default":
            assert states == {IMPORT_CHECK: Job.Status.DONE, REPORT_EXPORT: Job.Status.QUEUED}
    assert states == {IMPORT_CHECK: Job.Status.DONE, REPORT_EXPORT: Job.Status.DONE}


def settings_queues():
    return django_settings.TASKS["default"]["QUEUES"]


def _serve_script():
    spec = importlib.util.spec_from_file_location(
        "serve_script", Path(__file__).resolve().parents[3] / "scripts/serve.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
