"""Hostile input, generated: the values, the fuzz settings, and what every answer to them must be.

Whatever is sent (NUL bytes, right-to-left marks, emoji, combining characters, 100,000-character
strings, text where a number or date belongs, several values for one field, script tags), the
answer is never a server error; a form either refuses with a message and writes nothing, or saves
everything it was given; and no page ever shows a script tag it was sent as markup. The exports a
list offers never let a spreadsheet read a typed value as a formula.

The tests are in tests/integration, a file for each kind of input, so that pytest-xdist spreads them over its
workers: test_hostile_record_forms.py (new records, archiving), test_hostile_record_edits.py (correcting a
record, a review's actions), test_hostile_returns_and_addresses.py (the returns grid, query strings, references
in addresses), test_hostile_reports.py, test_hostile_sign_in.py and test_hostile_input.py (uploads, imports and
exports). A test file takes the fixtures below by name: ``world = hostile.world``.
"""

import csv
import io
import os

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, seed, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from accounts import roles
from activity.models import (
    CdopCase,
    ClientGroup,
    Consultation,
    MashEnquiry,
    Referral,
    Review,
    S42Enquiry,
    SupervisionSession,
    TrainingSession,
)
from activity.record_types import record_type_of
from tests.factories import AreaFactory, CategoryFactory, ServiceFactory, TeamFactory, UserFactory

# In `make test` the same 20 examples a form every run (derandomized): a failure in CI fails the same way here.
# FUZZ_SEED=<n> searches elsewhere, 500 examples a form unless FUZZ_EXAMPLES says otherwise, for a nightly
# run; a failure there is replayed with the same FUZZ_SEED (and FUZZ_EXAMPLES).
FUZZ_SEED = os.environ.get("FUZZ_SEED")
FUZZ_SETTINGS = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES") or (500 if FUZZ_SEED else 20)),
    deadline=None,
    database=None,
    derandomize=not FUZZ_SEED,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def fuzz(test):
    """The suite's fuzz settings, and FUZZ_SEED's seed when one is given."""
    test = FUZZ_SETTINGS(test)
    return seed(int(FUZZ_SEED))(test) if FUZZ_SEED else test


SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
RAW_MARKUP = (SCRIPT, "<img src=x onerror=alert(1)>")
NASTY = [
    SCRIPT,
    IMG,
    "\x00",
    "AB\x00123",
    "AB\x01\x1b[31m\x7f",
    "AB\ufffe\uffff",
    "\u202eevil\u202c",
    "\u200f\u200eRTL",
    "😀👨‍👩‍👧",
    "e\u0301\u0301\u0301\u0301",
    "Z\u0338\u0321\u031b\u0353a\u0336l\u0337g\u0338o\u0335",
    "\ufeffBOM",
    '=HYPERLINK("http://example.invalid","Click")',
    "+44 1865",
    "-1",
    "@SUM(A1)",
    "'; DROP TABLE activity_consultation; --",
    "{{ 7|add:1 }}{% now 'Y' %}",
    "%s%n%x",
    "../../../etc/passwd",
    "\r\n",
    "\t",
    "   ",
    "",
    "0",
    "1e308",
    "NaN",
    "99999999999999999999999",
    "-99999999999999999999999",
    "2147483648",
    "9223372036854775808",
    "\u0663",  # ARABIC-INDIC DIGIT THREE: int() reads it as 3
    "\uff11\uff12",  # FULLWIDTH DIGITS ONE TWO: int() reads them as 12
    "31/02/2021",
    "9999-12-31",
    "0001-01-01",
    "01/06/2021",
    "true",
    "null",
    "[]",
]
HUGE = ["x" * 100_000, SCRIPT * 4_000]

# Lengths either side of the limits the models and forms set (40, 100, 120, 150, 200, 255).
LENGTHS = [39, 40, 41, 99, 100, 101, 119, 120, 121, 149, 150, 151, 199, 200, 201, 255, 256]

hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.integers().map(str),
    st.sampled_from(LENGTHS).map(lambda length: "é" * length),
    st.sampled_from(HUGE),
    st.text(max_size=30),
    st.builds(lambda before, after: before + SCRIPT + after, st.text(max_size=5), st.text(max_size=5)),
    st.builds(lambda before, after: before + IMG + after, st.text(max_size=5), st.text(max_size=5)),
)
# A field posted once, several times (a list), or not at all (an empty list).
hostile_value = st.one_of(hostile_text, st.lists(hostile_text, max_size=3))


def fields(good: dict, *, hostile_only=None) -> st.SearchStrategy:
    """A form's data: each field (or only those in ``hostile_only``) either its good value or a hostile one."""
    names = set(good) if hostile_only is None else set(hostile_only)
    return st.fixed_dictionaries(
        {
            name: st.one_of(st.just(value), hostile_value) if name in names else st.just(value)
            for name, value in good.items()
        }
    )


def data_for(good: dict, text_fields) -> st.SearchStrategy:
    """Hostile values anywhere, or (so that saves happen too) only in the free-text fields."""
    return st.one_of(fields(good), fields(good, hostile_only=text_fields))


def assert_safe(response) -> None:
    assert response.status_code < 500
    if response.get("Content-Type", "").startswith("text/html"):
        page = response.content.decode()
        for markup in RAW_MARKUP:
            assert markup not in page


def last(value):
    """The value Django reads from a field posted as ``value``: the last of several."""
    if isinstance(value, list):
        return value[-1] if value else ""
    return value


def saved(response) -> bool:
    """Saved, and sent on to the next page."""
    return bool(response.redirect_chain)


def refused(response) -> bool:
    """Re-rendered with the errors shown (or refused outright with 400): nothing was saved."""
    if response.status_code == 400:
        return True
    form = response.context and response.context.get("form")
    return response.status_code == 200 and not response.redirect_chain and form is not None and bool(form.errors)


# The world each test posts into


@pytest.fixture
def world(db):
    trust = AreaFactory(slug="trust", name="Trust")
    oxon = AreaFactory(slug="oxon", name="Oxfordshire", parent=trust)
    service = ServiceFactory(slug="community", name="Community Health")
    team = TeamFactory(service=service, name="Health Visiting")
    category = CategoryFactory(slug="neglect", name="Neglect", client_group=ClientGroup.CHILD)
    lead = UserFactory(role=roles.LEAD, areas=[trust])
    return {"trust": trust, "oxon": oxon, "service": service, "team": team, "category": category, "lead": lead}


@pytest.fixture
def lead_client(client, world):
    client.force_login(world["lead"])
    return client


def good_record(model, world) -> dict:
    common = {"date": "01/06/2021", "area": str(world["oxon"].pk), "case_reference": "AB123", "notes": "Seen at home"}
    service = {"service": str(world["service"].pk), "team": str(world["team"].pk)}
    return {
        Consultation: {
            **common,
            **service,
            "client_group": "child",
            "category": str(world["category"].pk),
            "mode": "telephone",
            "outcome": "advice",
        },
        Referral: {
            **common,
            **service,
            "client_group": "child",
            "category": str(world["category"].pk),
            "referred_to": "childrens_social_care",
        },
        S42Enquiry: {**common, "service": str(world["service"].pk), "outcome_shared_on": "02/06/2021"},
        MashEnquiry: {**common, "client_group": "child", "closed_on": "03/06/2021", "strategy_meeting": "on"},
        CdopCase: {**common, "reviewed_on": "04/06/2021", "known_to_trust_services": "on", "cdrm_held": "on"},
        Review: {**common, "kind": "cspr", "title": "Rapid review 1", "commissioned_on": "05/06/2021"},
        TrainingSession: {
            **{name: common[name] for name in ("date", "area", "notes")},
            "client_group": "adult",
            "level": "3",
            "title": "Level 3 adults",
            "delivery": "virtual",
            "attendees": "12",
            "service": str(world["service"].pk),
        },
        SupervisionSession: {
            **{name: common[name] for name in ("date", "area", "notes")},
            **service,
            "client_group": "child",
            "format": "group",
            "attendees": "6",
        },
    }[model]


TEXT_FIELDS = {"case_reference", "notes", "title"}


def check_saved_text(record, data: dict) -> None:
    """Everything typed into a free-text field was kept, as Django reads it (trimmed)."""
    for name in TEXT_FIELDS & set(data):
        assert getattr(record, name) == last(data[name]).strip(), name


def check_pages_and_exports(client, model, record) -> None:
    """The saved record's page, its list and both exports still work, and show nothing as markup or formula."""
    slug = record_type_of(model).slug
    assert_safe(client.get(reverse("record_detail", args=[slug, record.reference])))
    assert_safe(client.get(reverse("record_list", args=[slug])))
    csv_export = client.get(reverse("record_list", args=[slug]), {"export": "csv"})
    assert csv_export.status_code == 200
    for row in csv.reader(io.StringIO(csv_export.content.decode("utf-8-sig"), newline="")):
        assert not [cell for cell in row if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    xlsx_export = client.get(reverse("record_list", args=[slug]), {"export": "xlsx"})
    assert xlsx_export.status_code == 200
    for row in load_workbook(io.BytesIO(xlsx_export.content)).active.iter_rows():
        assert not [cell.coordinate for cell in row if cell.data_type == "f"]
