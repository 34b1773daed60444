"""Running it for real: /healthz, a 503 (never a stack trace) while the database is unreachable, log lines that
carry the request id, the settings `make serve` runs with, and gunicorn's configuration.

The fault drills against a running server (PostgreSQL restarted, a worker killed) are scripts/drill_faults.py.
"""

import importlib.util
import io
import json
import logging
import os
import secrets
import socket
import subprocess
import sys
import time
import types
import urllib.request
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.template import loader
from django.test import Client
from django.urls import get_resolver
from gunicorn.glogging import Logger, SafeAtoms

from core.logging import ACCESS_LOG_FORMAT, AccessJsonFormatter, JsonFormatter, RequestIdFilter
from safeguarding import errors

ROOT = Path(__file__).resolve().parents[3]
GUNICORN_CONF = ROOT / "safeguarding" / "gunicorn.conf.py"
REQUEST_ID = "probe-0123456789"
SECRET = "CASE-REF-7731"


def _load(path: Path, name: str, **environment) -> types.ModuleType:
    """A module from its file, imported afresh with these environment variables (None: unset)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    with mock.patch.dict(os.environ):
        for key, value in environment.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        spec.loader.exec_module(module)
    return module


def _assert_not_stored(response):
    assert "no-store" in response["Cache-Control"]


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.REQUEST_ID_FROM_PROXY = True
    return settings


# --- /healthz ---


def test_healthz_answers_ok_with_one_query_and_no_cookie_while_the_database_answers(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert not response.cookies  # no session, no CSRF token
    _assert_not_stored(response)


@pytest.mark.parametrize("failure", [OperationalError, InterfaceError])
def test_healthz_answers_503_while_the_database_does_not(client, db, failure):
    with mock.patch.object(CursorWrapper, "execute", side_effect=failure("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "database unavailable"}
    _assert_not_stored(response)


@pytest.mark.two_factor
def test_healthz_needs_no_sign_in_no_code_and_no_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/login/").status_code == 301  # everything else goes to HTTPS
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_takes_only_get_and_head(client, db):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


# --- A failure while the database is unreachable: 503, never a stack trace ---


def _assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(errors.RETRY_AFTER)
    page = response.content.decode()
    assert "Sorry, the service is unavailable" in page
    assert "Try again in a minute." in page
    for detail in ("Traceback", "OperationalError", "InterfaceError", "server closed", SECRET):
        assert detail not in page
    assert response["X-Request-ID"] == REQUEST_ID
    assert "Content-Security-Policy" in response
    _assert_not_stored(response)


@pytest.mark.parametrize("failure", [OperationalError, InterfaceError])
def test_a_database_failure_in_a_view_answers_503_with_retry_after_and_no_detail(production, practitioner, failure):
    client = Client(raise_request_exception=False)
    client.force_login(practitioner)
    gone = failure(f"server closed the connection unexpectedly ({SECRET})")
    with mock.patch("safeguarding.views.FinancialYear.containing", side_effect=gone):
        response = client.get("/", HTTP_X_REQUEST_ID=REQUEST_ID)
    _assert_unavailable_page(response)


def test_a_database_failure_reading_the_session_in_a_middleware_answers_503(production, practitioner):
    client = Client(raise_request_exception=False)
    client.force_login(practitioner)
    gone = OperationalError(f"connection to server failed ({SECRET})")
    with mock.patch("django.contrib.sessions.backends.db.SessionStore._get_session_from_db", side_effect=gone):
        response = client.get("/", HTTP_X_REQUEST_ID=REQUEST_ID)
    _assert_unavailable_page(response)


def test_a_failure_raised_from_a_database_failure_answers_503(production, practitioner):
    client = Client(raise_request_exception=False)
    client.force_login(practitioner)

    def fails(*_):
        try:
            raise OperationalError("terminating connection due to administrator command")
        except OperationalError as exc:
            raise RuntimeError(f"could not count ({SECRET})") from exc

    with mock.patch("safeguarding.views.FinancialYear.containing", side_effect=fails):
        response = client.get("/", HTTP_X_REQUEST_ID=REQUEST_ID)
    _assert_unavailable_page(response)


def test_any_other_failure_keeps_the_generic_500_page(production, practitioner):
    client = Client(raise_request_exception=False)
    client.force_login(practitioner)
    with mock.patch("safeguarding.views.FinancialYear.containing", side_effect=RuntimeError(SECRET)):
        response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert SECRET not in page and "Traceback" not in page


def test_the_site_answers_failures_with_its_own_handler():
    assert get_resolver("safeguarding.urls").resolve_error_handler(500) is errors.server_error


def test_the_unavailable_page_needs_no_context_and_no_database():
    """No db mark: pytest-django fails any database access."""
    page = loader.get_template("503.html").render()
    assert "<h1>Sorry, the service is unavailable</h1>" in page
    assert "{{" not in page and "None" not in page


# --- Log lines ---


@pytest.fixture
def log_lines():
    """What the application logs while the test runs, formatted as settings.LOGGING does with LOG_FORMAT=json."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_a_failure_is_logged_as_one_json_line_with_the_request_id_and_no_query_string(
    production, practitioner, log_lines
):
    client = Client(raise_request_exception=False)
    client.force_login(practitioner)
    with mock.patch("safeguarding.views.FinancialYear.containing", side_effect=OperationalError("gone")):
        response = client.get(f"/?case_reference={SECRET}", HTTP_X_REQUEST_ID=REQUEST_ID)
    assert response.status_code == 503
    [line] = [line for line in log_lines() if line["logger"] == "django.request"]
    assert line["request_id"] == REQUEST_ID
    assert line["level"] == "ERROR"
    assert line["message"] == "Service Unavailable: /"
    assert "OperationalError: gone" in line["exc_info"]  # the detail is in the log, not on the page
    assert "request" not in line
    assert SECRET not in json.dumps(line)


def test_a_line_logged_after_the_middleware_has_returned_still_carries_the_request_id():
    """Django logs a 4xx answer after the middleware chain has returned, passing the request along."""
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden: %s", ("/x/",), None)
    record.request = types.SimpleNamespace(request_id=REQUEST_ID)
    assert RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == REQUEST_ID
    assert "request" not in line


def test_a_line_outside_any_request_says_so():
    record = logging.LogRecord("gunicorn.error", logging.INFO, __file__, 1, "Booting worker", (), None)
    RequestIdFilter().filter(record)
    assert json.loads(JsonFormatter().format(record))["request_id"] == "-"


def test_gunicorns_access_line_is_json_with_the_request_id_and_no_query_string():
    """Built from gunicorn's own atoms for one request, as its Logger.access hands them to the access logger."""
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/records/consultations/?reference={SECRET}",
        "PATH_INFO": "/records/consultations/",
        "QUERY_STRING": f"reference={SECRET}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_COOKIE": "sessionid=abc",
    }
    response = types.SimpleNamespace(status="200 OK", sent=5120, headers=[("X-Request-ID", REQUEST_ID)])
    request = types.SimpleNamespace(headers=[("COOKIE", "sessionid=abc")])
    gunicorn_logger = types.SimpleNamespace(_get_user=lambda environ: None, now=lambda: "[01/Jan/2026:00:00:00 +0000]")
    atoms = SafeAtoms(Logger.atoms(gunicorn_logger, response, request, environ, timedelta(milliseconds=42)))
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, ACCESS_LOG_FORMAT, (atoms,), None)
    RequestIdFilter().filter(record)
    text = AccessJsonFormatter().format(record)
    line = json.loads(text)
    assert line["request_id"] == REQUEST_ID
    assert {key: line[key] for key in ("method", "path", "status", "bytes", "duration_ms")} == {
        "method": "GET",
        "path": "/records/consultations/",
        "status": 200,
        "bytes": 5120,
        "duration_ms": 42,
    }
    assert SECRET not in text and "sessionid" not in text


# --- The settings make serve runs with (decided at import: a fresh process each) ---

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SETTINGS_MODULE": "safeguarding.settings",
}
SETTINGS_NAMES = [
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_REDIRECT_EXEMPT",
    "LOG_FORMAT",
]
SHOW_SETTINGS = f"""
import json, logging, django
from django.conf import settings
django.setup()
logging.getLogger("safeguarding.check").warning("started")
values = {{name: getattr(settings, name) for name in {SETTINGS_NAMES!r}}}
values["CONN_MAX_AGE"] = settings.DATABASES["default"]["CONN_MAX_AGE"]
values["CONN_HEALTH_CHECKS"] = settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]
print(json.dumps(values))
"""


def _run_settings(**environment):
    unset = {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "CONN_MAX_AGE", "LOG_FORMAT", "SERVE_PLAIN_HTTP"}
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env.update(PRODUCTION, **environment)
    return subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_with_debug_off_logs_are_json_on_stdout_and_connections_persist_with_health_checks():
    result = _run_settings()
    assert result.returncode == 0, result.stderr
    log_line, settings_line = result.stdout.strip().splitlines()[-2:]
    log = json.loads(log_line)
    assert (log["logger"], log["level"], log["message"], log["request_id"]) == (
        "safeguarding.check",
        "WARNING",
        "started",
        "-",
    )
    values = json.loads(settings_line)
    assert values["LOG_FORMAT"] == "json"
    assert values["CONN_MAX_AGE"] == 60 and values["CONN_HEALTH_CHECKS"] is True
    assert values["SECURE_SSL_REDIRECT"] and values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_REDIRECT_EXEMPT"] == [r"^healthz$"]


def test_serve_plain_http_turns_off_https_only_settings_on_this_machine():
    result = _run_settings(SERVE_PLAIN_HTTP="true", LOG_FORMAT="text", CONN_MAX_AGE="5")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert not (values["SECURE_SSL_REDIRECT"] or values["SESSION_COOKIE_SECURE"] or values["CSRF_COOKIE_SECURE"])
    assert values["CONN_MAX_AGE"] == 5
    assert "WARNING safeguarding.check [-] started" in result.stdout


def test_serve_plain_http_is_refused_for_a_host_name_other_than_this_machine():
    result = _run_settings(SERVE_PLAIN_HTTP="true", ALLOWED_HOSTS="safeguarding.example.nhs.uk")
    assert result.returncode != 0
    assert "SERVE_PLAIN_HTTP is only for serving on this machine" in result.stderr


# --- scripts/serve.py ---


@pytest.fixture
def serve():
    return _load(ROOT / "scripts" / "serve.py", "serve_script")


def test_serve_makes_a_secret_key_readable_by_its_owner_only_and_reuses_it(serve, tmp_path):
    path = tmp_path / ".secret_key"
    key = serve.secret_key(path)
    assert len(key) >= 50
    assert path.stat().st_mode & 0o777 == 0o600
    assert serve.secret_key(path) == key


def test_serve_runs_with_debug_off_and_plain_http_only_on_this_machine(serve):
    given = {"SECRET_KEY": "k" * 60, "DEBUG": "true"}
    local = serve.environment("127.0.0.1", given)
    assert (local["DEBUG"], local["SECRET_KEY"], local["ALLOWED_HOSTS"]) == (
        "false",
        "k" * 60,
        "127.0.0.1,localhost,[::1]",
    )
    assert local["SERVE_PLAIN_HTTP"] == "true"
    assert "SERVE_PLAIN_HTTP" not in serve.environment("0.0.0.0", given)


# --- gunicorn ---


def test_gunicorn_takes_its_worker_count_from_web_concurrency_or_the_cores():
    assert _load(GUNICORN_CONF, "gunicorn_conf", WEB_CONCURRENCY="3").workers == 3
    conf = _load(GUNICORN_CONF, "gunicorn_conf", WEB_CONCURRENCY=None)
    assert conf.workers == 2 * os.cpu_count() + 1
    assert conf.worker_class == "sync"
    assert conf.preload_app is True
    assert conf.timeout == 30 and conf.max_requests and conf.max_requests_jitter


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_serves_healthz_and_logs_json_lines_with_the_request_id(tmp_path):
    """The real thing, one worker, on a database of its own (SELECT 1 needs no table)."""
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"CONN_MAX_AGE", "LOG_FORMAT"}}
    static_root = tmp_path / "static"  # collected files are not needed; a missing folder would be warned about
    static_root.mkdir()
    env.update(
        PRODUCTION,
        SERVE_PLAIN_HTTP="true",
        REQUEST_ID_FROM_PROXY="true",
        WEB_CONCURRENCY="1",
        DATABASE_URL=f"sqlite:///{tmp_path}/db",
        STATIC_ROOT=str(static_root),
    )
    command = [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF), "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/healthz", headers={"X-Request-ID": REQUEST_ID}
                )
                with urllib.request.urlopen(request, timeout=5) as response:
                    assert json.load(response) == {"status": "ok"}
                    assert response.headers["X-Request-ID"] == REQUEST_ID
                break
            except (ConnectionError, urllib.error.URLError):
                assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.3)
    finally:
        server.terminate()
        stdout, stderr = server.communicate(timeout=60)
    lines = [json.loads(line) for line in stdout.splitlines()]  # every line JSON, on stdout
    [access] = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert (access["path"], access["status"], access["request_id"]) == ("/healthz", 200, REQUEST_ID)
    assert any(line["logger"] == "gunicorn.error" and "Booting worker" in line["message"] for line in lines)
    assert stderr == ""
