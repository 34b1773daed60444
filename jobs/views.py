"""A job's page, its status for the page's script, and its file. A job is its requester's alone:
to anyone else it does not exist (404)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from activity.importing import IMPORT_KINDS
from activity.record_types import RECORD_TYPES
from audit.log import record as audit
from audit.models import Action
from jobs.models import Job

# The permission a kind's file needs (checked again at download: a role can change while a job runs).
DOWNLOAD_PERMISSION = {Job.Kind.REPORT_EXPORT: "reports.export_reports"}


def _own_job(request, job_id, *, with_result: bool = False) -> Job:
    jobs = Job.objects.filter(requested_by=request.user)
    return get_object_or_404(jobs if with_result else jobs.defer("result"), pk=job_id)


def _links(job: Job) -> list[tuple[str, str]]:
    """Where the page offers to go next: (address, words)."""
    params, state = job.params, job.state
    if job.kind == Job.Kind.REPORT_EXPORT:
        return [(reverse("report_detail", args=[params["report"]]), "Back to the report")]
    upload = reverse("import_new")
    preview = reverse("import_preview", args=[params["batch"]])
    if job.kind == Job.Kind.IMPORT_CHECK:
        return [(upload, "Upload the file again" if state == Job.Status.FAILED else "Upload another file")]
    if state == Job.Status.DONE:
        kind = params.get("record_type", "")
        if kind in RECORD_TYPES:
            return [
                (reverse("record_list", args=[kind]), f"See the {IMPORT_KINDS[kind].lower()}"),
                (upload, "Import another file"),
            ]
        return [(reverse("returns_grid"), "See the returns"), (upload, "Import another file")]
    if state == Job.Status.FAILED:
        return [(preview, "See the file's page"), (upload, "Upload a corrected file")]
    return [(preview, "Back to the file's page")]


def job_detail(request, job_id):
    job = _own_job(request, job_id)
    if job.kind == Job.Kind.IMPORT_CHECK and job.state == Job.Status.DONE:
        return redirect("import_preview", job.params["batch"])  # the check's outcome is the file's own page
    context = {"job": job, "links": _links(job), "status_url": reverse("job_status", args=[job.pk])}
    return TemplateResponse(request, "jobs/detail.html", context)


def job_status(request, job_id):
    job = _own_job(request, job_id)
    return JsonResponse(
        {
            "state": job.state,
            "finished": job.is_finished,
            "text": job.progress_text,
            "stage": job.stage,
            "percent": job.percent,
        }
    )


def job_download(request, job_id):
    job = _own_job(request, job_id, with_result=True)
    if job.state != Job.Status.DONE or job.result is None:
        raise Http404("This job has no file")
    permission = DOWNLOAD_PERMISSION.get(job.kind)
    if permission and not request.user.has_perm(permission):
        raise PermissionDenied
    response = HttpResponse(bytes(job.result), content_type=job.result_type)
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    if job.kind == Job.Kind.REPORT_EXPORT:
        audit(request, Action.REPORT_EXPORTED, detail=job.params.get("audit_detail", job.title))
    return response
