"""Response headers and error pages: what every response tells the browser, and what a failure shows.

The policy's effect in a real browser (charts drawn, nothing refused) is in tests/functional/test_csp.py.
"""

import re
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.template import loader
from django.test import Client
from django.urls import include, path, reverse

from accounts import roles
from activity.models import ClientGroup
from core.periods import FinancialYear
from reports.annual import actions
from tests.factories import AreaFactory, ConsultationFactory, UserFactory

ROOT = Path(__file__).resolve().parents[3]
SECRET = "hunter2 in /srv/safeguarding/activity/views/records.py"


def _refused(request):
    raise PermissionDenied(f"Area 7 is not yours ({SECRET})")


def _broken(request):
    raise RuntimeError(f"The database said no ({SECRET})")


# The project's pages and two that fail on purpose: the tests below that use them set ROOT_URLCONF to this module.
urlpatterns = [
    path("test-refused/", _refused),
    path("test-broken/", _broken),
    path("", include("safeguarding.urls")),
]


@pytest.fixture
def area(db):
    return AreaFactory(slug="trust", name="Trust")


@pytest.fixture
def consultation(area):
    return ConsultationFactory(area=area, date=date(2021, 6, 1), client_group=ClientGroup.CHILD)


def _policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


# --- Content-Security-Policy ---


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/login/", "/", "/dashboard/", "/admin/"])
def test_every_page_carries_a_content_security_policy_with_no_inline_script_or_eval(client, area, url):
    if url != "/login/":
        client.force_login(UserFactory(role=roles.LEAD, is_staff=True))
    response = client.get(url)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'"]
    # Styles: our files, and two <style> elements plotly.js makes, by hash (see settings.py); no attributes.
    assert policy["style-src"][0] == "'self'"
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", source) for source in policy["style-src"][1:])
    everything = " ".join(response["Content-Security-Policy"].split())
    for loophole in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", "*", "data:", "http"):
        assert loophole not in everything.split(), loophole


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
# The annual report's HTML download is a standalone file with its stylesheet inside it: it is
# saved, not shown in the app, and opened later it carries no policy at all.
DOWNLOADS = {"reports/annual/document.html"}


def _templates():
    for folder in (ROOT / "templates", *ROOT.glob("*/templates")):
        for template in folder.rglob("*.html"):
            name = template.relative_to(folder).as_posix()
            if name not in DOWNLOADS:
                yield name, template.read_text(encoding="utf-8")


def test_no_template_has_inline_script_event_handlers_or_style_attributes():
    """The policy would refuse them, silently: script belongs in static/js, styles in static/css."""
    found = [
        f"{name}: {match.group(0).strip()}"
        for name, text in _templates()
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE, re.compile("javascript:", re.IGNORECASE))
        for match in pattern.finditer(text)
    ]
    assert found == []


# --- The other browser protections ---


@pytest.mark.django_db
def test_pages_may_not_be_framed_sniffed_or_followed_by_a_referrer_from_another_site(client, lead):
    client.force_login(lead)
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_deny_themselves_the_camera_microphone_location_payment_and_devices(client):
    response = client.get("/login/")
    denied = {
        feature
        for feature, allowed in re.findall(r"([a-z-]+)=\(([^)]*)\)", response["Permissions-Policy"])
        if not allowed
    }
    assert {"camera", "microphone", "geolocation", "payment", "usb", "serial", "hid"} <= denied


@pytest.mark.django_db
def test_no_script_can_read_the_session_or_csrf_cookie_and_neither_goes_with_cross_site_posts(client, lead):
    response = client.get("/login/")
    csrf = response.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post("/login/", {"username": lead.username, "password": "a-long-test-password"})
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"


# --- Nothing a view returns may be stored ---


def _assert_not_stored(response):
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "private"} <= directives, response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


@pytest.mark.django_db
def test_a_record_page_is_not_stored(client, lead, consultation):
    client.force_login(lead)
    response = client.get(reverse("record_detail", args=["consultations", consultation.reference]))
    assert response.status_code == 200
    _assert_not_stored(response)


@pytest.mark.django_db
def test_a_records_export_is_not_stored(client, lead, consultation):
    client.force_login(lead)
    response = client.get(reverse("record_list", args=["consultations"]), {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    _assert_not_stored(response)


@pytest.mark.django_db
def test_the_dashboard_is_not_stored(client, lead, consultation):
    client.force_login(lead)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    _assert_not_stored(response)


@pytest.mark.django_db
def test_a_report_download_is_not_stored(client, lead, consultation):
    report = actions.create_report(year=FinancialYear(2021), by=lead)
    client.force_login(lead)
    response = client.get(reverse("report_export", args=[report.pk, "html"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    _assert_not_stored(response)


@pytest.mark.django_db
def test_the_sign_in_page_and_a_redirect_to_it_are_not_stored(client):
    _assert_not_stored(client.get("/login/"))
    redirect = client.get("/dashboard/")
    assert redirect.status_code == 302
    _assert_not_stored(redirect)


@pytest.mark.django_db
def test_static_files_keep_their_caching(client):
    """WhiteNoise serves them before the no-store middleware: they hold no record and may be cached."""
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    response.close()


# --- Error pages ---


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    return settings


@pytest.mark.django_db
def test_a_missing_page_shows_the_generic_page_and_nothing_of_the_request(client, production, lead):
    client.force_login(lead)
    response = client.get(reverse("record_detail", args=["consultations", "NO-SUCH-REFERENCE"]))
    assert response.status_code == 404
    assert response.templates[0].name == "404.html"
    page = response.content.decode()
    assert "Page not found" in page
    assert "NO-SUCH-REFERENCE" not in page
    assert "matches the given query" not in page  # get_object_or_404's message
    assert "Content-Security-Policy" in response
    _assert_not_stored(response)


@pytest.mark.django_db
def test_a_missing_page_shows_the_generic_page_before_sign_in_too(client, production):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "no-such-page" not in response.content.decode()


@pytest.mark.django_db
def test_a_refused_page_shows_the_generic_page_and_not_the_reason(client, production, lead):
    production.ROOT_URLCONF = __name__
    client.force_login(lead)
    response = client.get("/test-refused/")
    assert response.status_code == 403
    assert response.templates[0].name == "403.html"
    page = response.content.decode()
    assert "You do not have permission to see this page" in page
    assert "Area 7" not in page and SECRET not in page


@pytest.mark.django_db
def test_a_role_without_the_permission_gets_the_generic_refusal(client, production, area):
    client.force_login(UserFactory(role=roles.PRACTITIONER))
    response = client.get(reverse("report_list"))
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()


@pytest.mark.django_db
def test_a_failure_shows_the_generic_page_and_no_detail_of_the_error(production, lead):
    production.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    client.force_login(lead)
    response = client.get("/test-broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    for detail in ("The database said no", SECRET, "Traceback", "RuntimeError", "test-broken"):
        assert detail not in page
    assert "Content-Security-Policy" in response
    _assert_not_stored(response)


@pytest.mark.django_db
def test_a_request_for_another_host_gets_the_generic_bad_request_page(client, production):
    response = client.get("/login/", HTTP_HOST="safeguarding.attacker.example")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sorry, there is a problem with your request" in page
    assert "attacker" not in page and "ALLOWED_HOSTS" not in page


@pytest.mark.parametrize("template", ["400.html", "500.html"])
def test_the_bad_request_and_failure_pages_need_no_context_and_no_database(template):
    """No db mark: pytest-django fails any database access. Django renders them with no context."""
    page = loader.get_template(template).render()
    assert "<h1>Sorry, there is a problem with" in page
    assert "{{" not in page and "None" not in page


@pytest.mark.django_db
def test_a_form_sent_without_its_security_token_gets_the_generic_page(production, lead):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead)
    response = client.post(reverse("report_list"), {"year": "2021"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Sorry, that form could not be sent" in page
    assert "CSRF" not in page and "Referer" not in page
