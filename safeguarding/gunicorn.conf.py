"""gunicorn's settings for running it for real: `make serve` (scripts/serve.py gives --bind). See docs/operations.md.

Workers: WEB_CONCURRENCY, else 2 x cores + 1. Each is a sync worker, one request at a time, so `timeout` is a
hard limit on a request: a runaway one (a query gone wrong) is killed and its worker replaced, and a worker
that dies takes only its own request with it. Requests here are short (exports go to background jobs), so a
few processes keep the cores busy while some wait on PostgreSQL. (gthread's timeout bounds only its main
loop, not a request.) A sync worker assumes a proxy in front that buffers slow clients: the TLS proxy does.
"""

import multiprocessing
import os

from core.logging import ACCESS_LOG_FORMAT, TEXT_FORMAT

wsgi_app = "safeguarding.wsgi:application"

workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
# Seconds a request may take before its worker is killed (the client gets no answer) and replaced.
timeout = 30
# On a stop or a reload, workers finish the requests they hold for up to this long.
graceful_timeout = 30
# A worker is replaced after this many requests (staggered by the jitter), so slow growth never builds up.
max_requests = 1000
max_requests_jitter = 100
# The application is loaded once, in the master, then forked: safeguarding.wsgi.settle_heap froze what it
# built (gc.freeze), so the workers share those pages with the master instead of copying them.
preload_app = True
# No runtime control socket (gunicorn 25.1+ makes one in $HOME by default, shared by every instance).
control_socket_disable = True


def pre_fork(server, worker):
    """No database connection may cross a fork: two processes would talk on one socket."""
    from django.db import connections

    connections.close_all()


# Logs: one line each to standard output, JSON unless LOG_FORMAT=text, as the application's own
# (safeguarding/settings.py LOGGING): gunicorn's messages, and an access line per request with its
# request id (the response's X-Request-ID), method, path (no query string), status, size and time.
access_log_format = ACCESS_LOG_FORMAT
_json = os.environ.get("LOG_FORMAT", "json") != "text"


def _handler(formatter: str) -> dict:
    return {
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stdout",
        "filters": ["request_id"],
        "formatter": formatter,
    }


logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
    "formatters": {
        "lines": {"()": "core.logging.JsonFormatter"} if _json else {"format": TEXT_FORMAT},
        "access": {"()": "core.logging.AccessJsonFormatter"} if _json else {"format": TEXT_FORMAT},
    },
    "handlers": {"lines": _handler("lines"), "access": _handler("access")},
    "root": {"level": "INFO", "handlers": ["lines"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["lines"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
    },
}
