"""A request id for every request, and an audit event for every refused one."""

import re
import uuid

from django.conf import settings

from audit.log import record
from audit.models import Action
from core.logging import current_request_id

REQUEST_ID_HEADER = "X-Request-ID"
_ACCEPTABLE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Makes an id for every request, or, where ``REQUEST_ID_FROM_PROXY`` says the proxy in front sets one,
    takes that one if it looks like an id; and returns it in the response so a user's report of a problem
    can be found in the logs. A header sent by the client itself is never trusted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "") if settings.REQUEST_ID_FROM_PROXY else ""
        request.request_id = given if _ACCEPTABLE_ID.match(given) else uuid.uuid4().hex
        # Every log line written while the request is handled carries its id (core.logging).
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class RefusedRequestMiddleware:
    """Every 403, whoever refused it (a permission check, CSRF, the lockout), is an audit event."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            record(request, Action.REFUSED, detail=f"{request.method} answered 403")
        return response
