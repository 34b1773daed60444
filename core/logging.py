"""Log lines, each carrying the id of the request it belongs to (settings.LOGGING, safeguarding/gunicorn.conf.py).

audit.middleware.RequestIdMiddleware gives every request an id, returns it in ``X-Request-ID`` and keeps it in
``current_request_id`` while the request is handled, so the lines a request writes, its access log line and its
audit events can be found together from the id a user reads off a problem.

A line holds when, how bad, which logger, the message, the request id and, in the access log, the method, the
path (never the query string), the status, the size and the time taken. Never a request's body, a password, a
cookie or anything typed into a record.

Nothing here may import a model: Django reads LOGGING before the apps are loaded.
"""

import logging
from contextvars import ContextVar

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

NO_REQUEST = "-"
current_request_id: ContextVar[str] = ContextVar("current_request_id", default=NO_REQUEST)

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

# gunicorn's access log: its "atoms" (gunicorn.glogging.Logger.atoms) for one request, and our names for them.
ACCESS_ATOMS = {
    "remote_addr": "h",
    "method": "m",
    "path": "U",
    "status": "s",
    "bytes": "B",
    "duration_ms": "M",
}
ACCESS_REQUEST_ID = "{x-request-id}o"  # the response's X-Request-ID header
ACCESS_LOG_FORMAT = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def _request_id(record: logging.LogRecord) -> str:
    request_id = current_request_id.get()
    if request_id != NO_REQUEST:
        return request_id
    # Django logs a 4xx answer after the middleware has returned, passing the request along.
    request_id = getattr(getattr(record, "request", None), "request_id", None)
    if request_id:
        return request_id
    # gunicorn writes its access line after the response has gone, with the response's headers.
    if record.name == "gunicorn.access" and isinstance(record.args, dict):
        return str(record.args.get(ACCESS_REQUEST_ID) or NO_REQUEST)
    return NO_REQUEST


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request: start-up, gunicorn's own lines)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id(record)
        return True


class JsonFormatter(_JsonFormatter):
    """One JSON object a line: time, level, logger, message, request_id, and any ``extra`` the caller gave."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", ["asctime", "levelname", "name", "message", "request_id"])
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        # Django passes the HttpRequest as ``extra`` on django.request lines; its text carries the query string.
        log_data.pop("request", None)
        log_data.pop("server_time", None)


class AccessJsonFormatter(JsonFormatter):
    """gunicorn's access line as JSON, the request's figures as fields of their own."""

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        if isinstance(record.args, dict):
            for field, atom in ACCESS_ATOMS.items():
                value = record.args.get(atom)
                if isinstance(value, str):
                    # gunicorn escapes double quotes in the atoms it hands to its format string.
                    value = int(value) if field == "status" and value.isdigit() else value.replace('\\"', '"')
                log_data[field] = value
