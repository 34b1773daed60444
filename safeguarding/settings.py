"""Settings, read from the environment.

Local use needs nothing set: SQLite in the project folder, DEBUG on, a development
secret key. Production sets DEBUG=false and must then give SECRET_KEY and
ALLOWED_HOSTS, or the process refuses to start (see docs/configuration in README).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the application needs a secret key: "
            'generate one with `python -c "import secrets; print(secrets.token_urlsafe(64))"` '
            "and set it in the environment."
        )
    SECRET_KEY = "development-only-key-never-used-with-debug-off-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: list the host names this service answers to.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core",
    "accounts",
    "audit",
    "work",
    "activity",
    "training",
    "governance",
    "reports",
    "django_tasks",
    "django_tasks_db",
    "jobs",
    "demo",
    "safeguarding",
]

MIDDLEWARE = [
    # While a request is answered, a user's access changes only through an approved change (accounts.guard).
    "accounts.guard.AnsweringRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "audit.middleware.RequestIdMiddleware",
    "audit.middleware.RefusedRequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "safeguarding.headers.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-axes asks to be last: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safeguarding.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safeguarding.navigation.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "safeguarding.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
# Two roles on PostgreSQL (core/database_roles.py; docs/operations.md, Database roles). DATABASE_URL is the
# application's role, which owns nothing; MIGRATION_DATABASE_URL, the owner's. A process given MIGRATION_DATABASE_URL
# (migrate, backup, restore; never the web server or the worker, `make serve` keeps it from them) connects as the
# owner, and after each migrate and restore grants DATABASE_APP_ROLE, the user in DATABASE_URL, what it needs.
DATABASE_APP_ROLE = ""
if _migration_url := os.environ.get("MIGRATION_DATABASE_URL"):
    _app = DATABASES["default"]
    _owner = dj_database_url.parse(_migration_url, conn_max_age=_app["CONN_MAX_AGE"], conn_health_checks=True)
    if {_app["ENGINE"], _owner["ENGINE"]} != {"django.db.backends.postgresql"}:
        raise ImproperlyConfigured(
            "MIGRATION_DATABASE_URL is for PostgreSQL: set both it and DATABASE_URL to postgres:// URLs."
        )
    if _app["NAME"] != _owner["NAME"]:
        raise ImproperlyConfigured(
            f"DATABASE_URL and MIGRATION_DATABASE_URL must name the same database, not {_app['NAME']!r} "
            f"and {_owner['NAME']!r}."
        )
    if not _app["USER"] or _app["USER"] == _owner["USER"]:
        raise ImproperlyConfigured(
            "DATABASE_URL must name the application's role (postgres://sg_app@host/database), "
            "a different user from MIGRATION_DATABASE_URL's, the owner."
        )
    DATABASE_APP_ROLE = _app["USER"]
    DATABASES["default"] = _owner

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# While developing (and in tests), serve static files straight from the app folders.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security: the browser-facing protections apply everywhere; the HTTPS-only ones
# are on whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Cookies go with requests from other sites only on top-level navigation, and no script reads them.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
# A session ends after 30 minutes without a request (see the sign-in section below).
SESSION_COOKIE_AGE = 30 * 60
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Take a request's id from the X-Request-ID header only where the proxy in front sets it (and drops any
# the client sent); otherwise anyone could write an id of their choosing into the audit log.
REQUEST_ID_FROM_PROXY = env_bool("REQUEST_ID_FROM_PROXY", False)

# Logs go to standard output, one line each, carrying the request's id (core.logging): JSON
# by default with DEBUG off, for the log collector; plain text while developing. LOG_FORMAT=json|text.
LOG_FORMAT = os.environ.get("LOG_FORMAT") or ("text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own lines reach the handler above through the root, and only there: not its
        # stderr console while DEBUG (each line twice), nor e-mail to ADMINS (a traceback by e-mail).
        "django": {"handlers": [], "level": "INFO"},
        # django-axes announces its configuration at INFO whenever Django starts, every manage.py command included.
        "axes.apps": {"level": "WARNING"},
        # WeasyPrint reports each step of laying out a PDF at INFO.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

SERVICE_NAME = "Safeguarding activity"

# --- Sign-in, sessions and two-factor (accounts; docs/security.md) ---
# Safeguarding leads and administrators must give a one-time code (TOTP) at sign-in.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
# django-otp: the name authenticator apps show, and the back-off after a wrong code
# (1, 2, 4, 8... seconds between attempts; TOTPDevice.verify_is_allowed).
OTP_TOTP_ISSUER = SERVICE_NAME
OTP_TOTP_THROTTLE_FACTOR = 1

# django-axes checks every sign-in first and refuses a locked-out username and address
# before any password is tried; ModelBackend then checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# 5 wrong passwords for one username from one address lock that pair out for 15 minutes
# (a page with status 429 that says the same whether or not the account exists). A
# successful sign-in clears the count. Behind a proxy, REMOTE_ADDR is the proxy's address,
# so the lockout then falls on the username alone.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429

# Argon2 for new and changed passwords; the others only read older hashes, which are
# rehashed with Argon2 at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Sessions end after 30 minutes idle and 10 hours after sign-in whatever happens:
# accounts.middleware.SessionLimitsMiddleware enforces both from times kept in the session,
# and notes activity at most once a minute (so a request rarely writes the session), which
# also renews the stored session's SESSION_COOKIE_AGE. The cookie goes when the browser closes.
SESSION_IDLE_LIMIT = timedelta(seconds=SESSION_COOKIE_AGE)
SESSION_MAXIMUM_AGE = timedelta(hours=10)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Response headers and error pages (safeguarding.headers; docs/security.md) ---
# Content-Security-Policy (django-csp). Every script and stylesheet is a file we serve:
# no inline script, no eval, nothing from another origin, no plugins, no framing.
# style-src allows two inline <style> elements by the hash of their exact text, both made
# by plotly.js (static/vendor/plotly) as it loads, and nothing else:
# - the empty element plotly.js creates and then fills through the CSSOM (insertRule, which
#   CSP does not govern) with the rules that lay a chart's SVG layers over each other. Blocked,
#   the layers stack instead: the title, the legend and the hover labels fall out of the chart.
#   An empty <style> element can carry nothing.
# - maplibre's stylesheet, bundled in plotly.js and added whether or not a map is drawn; we
#   draw none, but blocked it is a violation on every dashboard. Text fixed by the vendored file.
# Style attributes stay blocked: plotly.js sets styles through the CSSOM. Upgrading plotly.js
# can change either text; tests/functional/test_csp.py then fails, naming the hash Chrome wants.
PLOTLY_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # "" (the empty <style>)
    "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='",  # maplibre-gl's CSS in plotly.js 4.1.1
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, *PLOTLY_STYLE_HASHES],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Permissions-Policy (django-permissions-policy): no page here needs a camera, a microphone,
# the user's location, payment or any device, so every page denies them to itself and to any
# frame. Only features Chrome knows are listed: it logs an error for any other.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

# Cache-Control: no-store on every response from a view: safeguarding.headers.NoStoreMiddleware.
# Error pages: templates/400.html, 403.html, 404.html and 500.html (400 and 500 stand alone).

# --- Email: one-time links to set a password (accounts.password_links), the daily digest of tasks, escalations
# and the notice that a consultation needs a lead (work.reminders). ``EMAIL_URL`` says where mail goes, as one URL
# (dj-email-url): smtp://user:password@host:25, submission://user:password@host:587 (STARTTLS), smtps://...:465,
# console: (printed), locmem: (kept in memory). While developing it is the console; otherwise SMTP on
# localhost:25. The separate EMAIL_* variables still override single parts. The tests use the in-memory outbox.
_email = dj_email_url.parse(os.environ.get("EMAIL_URL") or ("console:" if DEBUG else "smtp://localhost:25"))
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or _email["EMAIL_BACKEND"]
EMAIL_HOST = os.environ.get("EMAIL_HOST") or _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or _email["EMAIL_PORT"] or 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER") or _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD") or _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", bool(_email["EMAIL_USE_TLS"]))
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", bool(_email["EMAIL_USE_SSL"]))
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "safeguarding-activity@localhost")
# The address people reach the app at: emails link to it (they hold a link, never a case reference or notes).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Tasks (work): the daily digest lists what is overdue or due within this many days; a task overdue by
# TASK_ESCALATION_DAYS is escalated to the leads by email, once; a MASH enquiry open longer than
# MASH_TASK_AFTER_WORKING_DAYS working days becomes a task.
TASK_DIGEST_DAYS_AHEAD = int(os.environ.get("TASK_DIGEST_DAYS_AHEAD", "7"))
TASK_ESCALATION_DAYS = int(os.environ.get("TASK_ESCALATION_DAYS", "5"))
MASH_TASK_AFTER_WORKING_DAYS = int(os.environ.get("MASH_TASK_AFTER_WORKING_DAYS", "5"))
# A link to set a password works once, and for 24 hours at most.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60

# --- Audit (audit app; docs/security.md) ---
# A record's history keeps the whole reason given for a change (a form allows 200 characters;
# django-simple-history's default column holds 100).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# --- Serving: logs, database connections, health (make serve; docs/operations.md) ---
# `make serve` (scripts/serve.py) runs gunicorn (safeguarding/gunicorn.conf.py) with DEBUG off; logs: LOGGING above.
# Database connections are kept for a minute between requests with DEBUG off (CONN_MAX_AGE overrides), and
# checked at the start of each request that uses one (conn_health_checks), so a connection PostgreSQL
# dropped (a restart) is replaced at the next request instead of failing it.
if not DEBUG and not os.environ.get("CONN_MAX_AGE"):
    DATABASES["default"]["CONN_MAX_AGE"] = 60
# /healthz (safeguarding.views.healthz) answers a load balancer's probe over plain HTTP too.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# SERVE_PLAIN_HTTP=true: with DEBUG off, serve over plain HTTP on this machine, no TLS: no redirect to
# HTTPS, cookies sent over HTTP (a browser or a load-test client at http://127.0.0.1 needs both). `make
# serve` sets it when HOST is 127.0.0.1 or localhost; it is refused unless ALLOWED_HOSTS names only this machine.
SERVE_PLAIN_HTTP = env_bool("SERVE_PLAIN_HTTP", False)
if SERVE_PLAIN_HTTP and not DEBUG:
    if set(ALLOWED_HOSTS) - {"127.0.0.1", "localhost", "[::1]", "::1"}:
        raise ImproperlyConfigured(
            "SERVE_PLAIN_HTTP is only for serving on this machine: ALLOWED_HOSTS may then name only "
            f"127.0.0.1, localhost and [::1], not {ALLOWED_HOSTS}."
        )
    SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False

# --- Background jobs (django-tasks; docs/operations.md) ---
# Work that takes more than a few seconds (a PDF of the annual report, checking and importing a big
# file) runs as a task of django-tasks (the backport of Django 6's django.tasks), and the user
# watches a job page (jobs app) until it is done. TASKS_BACKEND chooses who runs the tasks:
# - database: tasks wait in the database (django-tasks-db) until `manage.py db_worker` runs them.
#   Production and `make serve`, which start the worker beside the web server.
# - immediate: each task runs at once, inside the request that starts it; the job page then shows
#   it done. For the development server (`make run`) and the tests, where no worker runs.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND") or ("immediate" if DEBUG else "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be database or immediate, not {TASKS_BACKEND!r}")
# Report downloads have a queue of their own, with a worker of its own (scripts/serve.py), so a PDF
# never waits behind a big import; everything else goes to the default queue.
REPORTS_QUEUE = "reports"
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default", REPORTS_QUEUE]}}
# Each job runs in a child process of the worker, stopped when it runs past the time or asks for more
# address space (beyond the worker's own) than these (jobs.limits). The longest real work measured
# (docs/benchmarks.md): checking a 200,000-row Excel file, about 80 s, then writing it, about 90 s; a
# 100,000-row import peaks 140 MB above Django; a PDF at a million records, 5 s. Eight minutes is under
# the 10 after which a silent job shows as stalled. Off with the immediate backend (make run, tests),
# which runs each job inside its request.
JOBS_IN_CHILD_PROCESS = env_bool("JOBS_IN_CHILD_PROCESS", TASKS_BACKEND == "database")
JOB_TIME_LIMIT_SECONDS = int(os.environ.get("JOB_TIME_LIMIT_SECONDS", "480"))
JOB_MEMORY_LIMIT_MB = int(os.environ.get("JOB_MEMORY_LIMIT_MB", "1536"))
# Annual report formats made by a job rather than in the request (reports.views.annual.report_export).
# A PDF takes 6 to 7 s at 1,000,000 consultations and Word 5 to 6 s, most of it LibreOffice laying the file out
# once to number its contents (docs/benchmarks.md); Excel and HTML take under a second.
REPORT_BACKGROUND_FORMATS = env_list("REPORT_BACKGROUND_FORMATS", ["pdf", "docx"])
# Imports: an uploaded file bigger than this is checked by a job (checking takes about 0.3 s a MB
# of CSV and 3 s a MB of Excel, whose rows are packed smaller), and a confirmed import of more rows
# than this is written by a job (about 2,400 rows a second are written; docs/benchmarks.md).
IMPORT_BACKGROUND_BYTES = int(os.environ.get("IMPORT_BACKGROUND_BYTES", str(2**20)))
IMPORT_BACKGROUND_ROWS = int(os.environ.get("IMPORT_BACKGROUND_ROWS", "2000"))
# A job and the file it made are deleted this many days after it was started
# (whenever a job starts, and by `manage.py delete_old_jobs`).
JOBS_KEPT_DAYS = int(os.environ.get("JOBS_KEPT_DAYS", "7"))
# An uploaded file's content is deleted once it is imported; a file never imported (refused, or
# abandoned at its preview) is deleted, with what its preview showed, this many days after its upload
# (by the same clean-up as old jobs).
IMPORT_UPLOADS_KEPT_DAYS = int(os.environ.get("IMPORT_UPLOADS_KEPT_DAYS", "7"))

# Disclosure control for the public version of the annual report (reports.annual.disclosure).
REPORT_DISCLOSURE_THRESHOLD = int(os.environ.get("REPORT_DISCLOSURE_THRESHOLD", "7"))
REPORT_DISCLOSURE_ROUNDING = int(os.environ.get("REPORT_DISCLOSURE_ROUNDING", "5"))
# The s.42 tables shaped like the Safeguarding Adults Collection's are published by that collection's own rule:
# counts from 1 to this shown as "*", the rest rounded to the nearest multiple of the second.
S42_DISCLOSURE_THRESHOLD = int(os.environ.get("S42_DISCLOSURE_THRESHOLD", "4"))
S42_DISCLOSURE_ROUNDING = int(os.environ.get("S42_DISCLOSURE_ROUNDING", "5"))
# A public percentage change is shown only where rounding could not move it by more than this many points.
REPORT_PUBLIC_PERCENT_TOLERANCE = float(os.environ.get("REPORT_PUBLIC_PERCENT_TOLERANCE", "3"))
# No percentage change from a base below this (the counts and their change only), in tables and findings.
REPORT_SMALL_BASE = int(os.environ.get("REPORT_SMALL_BASE", "10"))
# How many key findings the summary shows (the rest stay under their own tables).
REPORT_KEY_FINDINGS = int(os.environ.get("REPORT_KEY_FINDINGS", "8"))
# A picture for a report (the structure chart) larger than this is refused before it is read.
REPORT_IMAGE_MAX_BYTES = int(os.environ.get("REPORT_IMAGE_MAX_BYTES", str(5 * 2**20)))
# A file of evidence for an assurance standard larger than this is refused before it is read.
ASSURANCE_ATTACHMENT_MAX_BYTES = int(os.environ.get("ASSURANCE_ATTACHMENT_MAX_BYTES", str(10 * 2**20)))
