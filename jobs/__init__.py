"""Background jobs: work too long for a request (a PDF of the annual report, a big import), run as a task.

A ``Job`` is what the user watches: who asked, what it is doing, how far it has got, how it ended,
and the file it made. The task itself (queued, claimed by a worker, run) belongs to django-tasks
and its database backend (``manage.py db_worker``); a job keeps only its task's id.

    job = actions.start_job(kind="report_export", by=user, title=..., params={...})
    redirect("job_detail", job.pk)  # the page polls /jobs/<id>/status/ until the job has finished

This app knows no kind of job: each app declares its own in its ``job_kinds`` module (``jobs.kinds``), with
its work, queue, links, download permission and messages. Adding a kind touches only that module.
"""
