"""A job's page, its status for the page's script, and its file. A job is its requester's alone:
to anyone else it does not exist (404)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from jobs import kinds
from jobs.models import Job


def _own_job(request, job_id, *, with_result: bool = False) -> Job:
    jobs = Job.objects.filter(requested_by=request.user)
    return get_object_or_404(jobs if with_result else jobs.defer("result"), pk=job_id)


def job_detail(request, job_id):
    job = _own_job(request, job_id)
    kind = kinds.get(job.kind)
    elsewhere = kind.page_when_done(job) if kind.page_when_done and job.state == Job.Status.DONE else None
    if elsewhere:
        return redirect(elsewhere)
    context = {"job": job, "links": kind.links(job), "status_url": reverse("job_status", args=[job.pk])}
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
    kind = kinds.get(job.kind)
    if kind.download_permission and not request.user.has_perm(kind.download_permission):
        raise PermissionDenied
    response = HttpResponse(bytes(job.result), content_type=job.result_type)
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    if kind.downloaded:
        kind.downloaded(request, job)
    return response
