"""What a failure shows (``handler500`` in safeguarding/urls.py): while the database is unreachable, a page
that says so with status 503, so that a browser, a load balancer and a person all know to try again soon;
any other failure, the generic 500 page. Neither shows anything of the error; the log has it.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

# Seconds a client should wait before trying again; templates/503.html says "in a minute".
RETRY_AFTER = 60


def _database_unreachable(exception: BaseException | None) -> bool:
    """Whether the failure came from losing the database: it, or an exception it was raised from or during."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, OperationalError | InterfaceError):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def server_error(request, template_name="500.html"):
    """Django calls this, with no context, while handling an uncaught exception (sys.exc_info() is it),
    raised in a view or in a middleware (reading the session or the signed-in user needs the database)."""
    if _database_unreachable(sys.exc_info()[1]):
        # Rendered with no request and no context: no context processor runs, nothing needs the database.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return defaults.server_error(request, template_name=template_name)
