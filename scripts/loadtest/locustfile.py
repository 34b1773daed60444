"""The load test: practitioners logging and listing, executives on the dashboard, a secretary exporting.

Run against `make serve` holding the bench data (see docs/benchmarks.md, "Load"):
    .venv/bin/locust -f scripts/loadtest/locustfile.py --headless --users 50 --spawn-rate 5 \
        --run-time 5m --host http://127.0.0.1:8000 --csv load/results --only-summary

Every simulated person signs in through the real sign-in page with a demo account, keeps
their own session, and pauses between pages as a person would (1 to 5 seconds). Each
request is named by its page, so the figures read per page, not per address.
"""

import random
import re
import uuid
from datetime import date
from html.parser import HTMLParser

from locust import HttpUser, between, task

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECORD_LINK = re.compile(r'href="(/records/consultations/CON-[^/"]+/)"')
REPORT_LINK = re.compile(r'href="/reports/(\d+)/"')


class SelectedOptions(HTMLParser):
    """The option chosen (or else the first real one) of every <select> in a form."""

    def __init__(self):
        super().__init__()
        self.values, self._select, self._first = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._select, self._first = attrs.get("name"), None
        elif tag == "option" and self._select and attrs.get("value"):
            self._first = self._first or attrs["value"]
            if "selected" in attrs:
                self.values[self._select] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            self.values.setdefault(self._select, self._first or "")
            self._select = None


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    username = ""

    def on_start(self):
        page = self.client.get("/login/", name="sign in (page)")
        self.client.post(
            "/login/",
            {
                "username": self.username,
                "password": demo_password(self.username),
                "csrfmiddlewaretoken": _csrf(page.text),
            },
            name="sign in",
        )

    def form_post(self, url, data, name):
        page = self.client.get(url, name=f"{name} (form)")
        return self.client.post(url, {**data, "csrfmiddlewaretoken": _csrf(page.text)}, name=name)


class Practitioner(Person):
    weight = 40
    username = "practitioner"

    @task(3)
    def log_a_consultation(self):
        form = self.client.get("/records/consultations/new/", name="log a consultation (form)")
        chosen = SelectedOptions()
        chosen.feed(form.text)
        data = {
            **chosen.values,
            "date": date.today().strftime("%d/%m/%Y"),
            "client_group": "child",
            "mode": "telephone",
            "outcome": "advice",
            "case_reference": f"LT{uuid.uuid4().hex[:8]}",
            "csrfmiddlewaretoken": _csrf(form.text),
        }
        data.pop("team", None)
        with self.client.post(
            "/records/consultations/new/",
            data,
            name="log a consultation",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"not saved: {response.status_code}")

    @task(3)
    def list_consultations(self):
        self.client.get("/records/consultations/", name="consultations list")

    @task(1)
    def filter_consultations(self):
        year = random.choice([2022, 2023, 2024])
        self.client.get(f"/records/consultations/?financial_year={year}", name="consultations list, filtered")

    @task(2)
    def open_a_consultation(self):
        listing = self.client.get("/records/consultations/", name="consultations list")
        links = RECORD_LINK.findall(listing.text)
        if links:
            self.client.get(random.choice(links), name="a consultation")


class Executive(Person):
    weight = 8
    username = "executive"

    @task
    def dashboard(self):
        year = random.choice([2023, 2024])
        self.client.get(f"/dashboard/?year={year}", name="dashboard")


class Secretary(Person):
    weight = 2
    username = "secretary"

    @task(3)
    def preview_the_report(self):
        listing = self.client.get("/reports/", name="reports list")
        reports = REPORT_LINK.findall(listing.text)
        if reports:
            self.client.get(f"/reports/{reports[0]}/", name="report preview")

    @task(1)
    def export_the_report(self):
        listing = self.client.get("/reports/", name="reports list")
        reports = REPORT_LINK.findall(listing.text)
        if reports:
            self.client.get(f"/reports/{reports[0]}/export/xlsx/", name="report export (XLSX)")


def demo_password(username: str) -> str:
    """As demo.users has it (this file runs under locust, without Django)."""
    return f"{username}-demo"


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    return found.group(1) if found else ""
