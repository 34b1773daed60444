"""Background jobs: work too long for a request (a PDF of the annual report, a big import), run as a task.

A ``Job`` is what the user watches: who asked, what it is doing, how far it has got, how it ended,
and the file it made. The task itself (queued, claimed by a worker, run) belongs to django-tasks
and its database backend (``manage.py db_worker``); a job keeps only its task's id.

    job = actions.start_job(kind=Job.Kind.REPORT_EXPORT, by=user, title=..., params={...})
    redirect("job_detail", job.pk)  # the page polls /jobs/<id>/status/ until the job has finished
"""
