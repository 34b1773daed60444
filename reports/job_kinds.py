"""The reports' background jobs.

A report download made in the background (a PDF), on a queue of its own. An approved report's file is made once
and kept (``reports.annual.actions.report_file``); the public version is refused for a draft, or while its public
narrative has an open flag, as the download page refuses it.

The schedule's check: the drafts of the reports whose period has ended are started (``reports.schedule``).
"""

from datetime import date

from django.conf import settings
from django.urls import reverse

from audit.log import record as audit
from audit.models import Action
from jobs import kinds
from jobs.kinds import JobFailed, JobKind, Outcome
from jobs.models import Job
from jobs.progress import Progress
from reports.annual.actions import PublicVersionRefused, report_file
from reports.annual.exporters import FORMATS
from reports.models import Report
from reports.schedule import scheduler_account, start_due_reports, started_summary, today

REPORT_EXPORT = "report_export"
REPORT_SCHEDULE = "report_schedule"


def make_report_file(job: Job, progress: Progress) -> Outcome:
    report = Report.objects.filter(pk=job.params["report"]).first()
    if report is None:
        raise JobFailed("The report no longer exists, so its file could not be made.")
    export_format = FORMATS[job.params["format"]]
    progress.stage(f"Reading the report's figures and laying out the {export_format.label}")
    try:
        content = report_file(report, job.params["format"], public=job.params["public"])
    except PublicVersionRefused as refused:
        raise JobFailed(str(refused)) from None
    return Outcome(message=f"The {export_format.label} is ready.", content=content)


def _links(job: Job) -> list[tuple[str, str]]:
    return [(reverse("report_detail", args=[job.params["report"]]), "Back to the report")]


def _downloaded(request, job: Job) -> None:
    audit(request, Action.REPORT_EXPORTED, detail=job.params.get("audit_detail", job.title))


_AGAIN = "Try again later; if it happens again, tell the service desk."
kinds.register(
    JobKind(
        name=REPORT_EXPORT,
        label="Annual report download",
        work=make_report_file,
        links=_links,
        queue=settings.REPORTS_QUEUE,
        download_permission="reports.export_reports",
        downloaded=_downloaded,
        waiting_note=" and download the file",
        failure_title="The file was not made",
        fault="Something went wrong and the file was not made.",
        out_of_time=f"The file {{took}} to make, so it was stopped. {_AGAIN}",
        out_of_memory=f"The file needed more memory to make than a job may use, so it was stopped. {_AGAIN}",
    )
)


def _to_the_reports(job: Job) -> list[tuple[str, str]]:
    return [(reverse("report_list"), "Go to the reports")]


def start_scheduled_reports(job: Job, progress: Progress) -> Outcome:
    day = date.fromisoformat(job.params["today"]) if job.params.get("today") else today()
    progress.stage(f"Starting the reports whose period ended before {day:%-d %B %Y}")
    return Outcome(message=started_summary(start_due_reports(day, by=scheduler_account())))


kinds.register(
    JobKind(
        name=REPORT_SCHEDULE,
        label="Scheduled reports",
        work=start_scheduled_reports,
        links=_to_the_reports,
        failure_title="The scheduled reports were not started",
        fault="Something went wrong and the scheduled reports were not started.",
        out_of_time=f"Starting the scheduled reports {{took}}, so it was stopped. {_AGAIN}",
        out_of_memory=f"Starting the scheduled reports needed more memory than a job may use. {_AGAIN}",
    )
)
