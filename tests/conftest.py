import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# Property and fuzz tests draw the same examples on every run (derandomized, no example database), so a
# failure in CI is replayed by running the same test here. FUZZ_SEED (tests/hostile.py) searches wider.
hypothesis_settings.register_profile("replayable", derandomize=True, database=None)
hypothesis_settings.load_profile("replayable")

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# live-server tests make from that thread are safe (they are not concurrent).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def _chromium() -> str | None:
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/lib/chromium/chromium", shutil.which("chromium")]
    return next((path for path in candidates if path and os.path.exists(path)), None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = _chromium()
    if chromium is None:
        message = "Debian's Chromium is not installed (apt-get install chromium): browser tests cannot run"
        if os.environ.get("REQUIRE_BROWSER_TESTS"):
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def axe_check():
    """Run axe-core in a page and fail on any WCAG 2.2 A/AA violation."""

    def check(page):
        # The page's own scripts first: the NHS.UK header lays out its menu when they run, and a page
        # that has just reloaded itself (a job's page, when the job ends) may not have run them yet.
        page.wait_for_load_state("load")
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does
        # not govern: a <script> tag (page.add_script_tag) would be refused like any inline script.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        result = page.evaluate(
            """() => axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in result["violations"]
        ]
        assert violations == [], f"Accessibility violations on {page.url}:\n" + "\n".join(violations)

    return check


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.5 s a user by design; tests need the behaviour, not the cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _two_factor_only_where_tested(request, settings):
    """Most tests are about what a signed-in user may do, not how they signed in: they run
    without the one-time code, and the tests of two-factor sign-in (marked) run with it."""
    settings.TWO_FACTOR_REQUIRED = request.node.get_closest_marker("two_factor") is not None


# Every test load of the demo runs through this day, not today: its figures (and its last complete quarter,
# 2022/23 Q1) stay the same whatever the date, and a load makes about four months after the seed's year.
DEMO_UNTIL = date(2022, 7, 20)


@pytest.fixture(scope="session", autouse=True)
def _demo_through_a_fixed_day():
    from django.conf import settings

    settings.DEMO_UNTIL = DEMO_UNTIL


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module that asks for it and rolled back after it."""
    from django.db import transaction

    from demo.loader import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)
