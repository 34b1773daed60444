"""What most integration tests share: the area tree, one user per role, and clients signed in as them.

Ask for them by name (``def test_x(client, lead, areas)``); each is made afresh for the test and rolled
back after it. A file that needs something else defines its own under a name that says how it differs
(``seed_areas``, ``signed_in_lead``, ``demo_lead``), so a name here means the same thing in every file.

The users follow the demo's (demo/users.py): a practitioner sees Oxfordshire only, a lead every
area by role, and the executive, the secretary and the administrator no records at all.
"""

import pytest
from django.test import Client

from accounts import roles
from tests.factories import AreaFactory, UserFactory


@pytest.fixture
def areas(db):
    """The trust, with Oxfordshire and BSW in it, and Swindon in BSW."""
    trust = AreaFactory(slug="trust", name="Trust")
    bsw = AreaFactory(slug="bsw", name="BSW", parent=trust)
    return {
        "trust": trust,
        "oxon": AreaFactory(slug="oxon", name="Oxfordshire", parent=trust),
        "bsw": bsw,
        "swindon": AreaFactory(slug="swindon", name="Swindon", parent=bsw),
    }


@pytest.fixture
def practitioner(areas):
    """Logs and corrects records in Oxfordshire, and sees no other area."""
    return UserFactory(
        username="pat", first_name="Pat", last_name="Shah", role=roles.PRACTITIONER, areas=[areas["oxon"]]
    )


@pytest.fixture
def lead(db):
    """A safeguarding lead: every area by role (no areas of their own), and the admin site, as the demo's."""
    return UserFactory(
        username="lee",
        first_name="Lee",
        last_name="Morgan",
        email="lee@trust.invalid",
        role=roles.LEAD,
        is_staff=True,
    )


@pytest.fixture
def executive(db):
    """Reads the dashboard and the reports: figures, never a record."""
    return UserFactory(username="chris", first_name="Chris", last_name="Okafor", role=roles.EXECUTIVE)


@pytest.fixture
def secretary(db):
    """The report secretary: reads the dashboard and returns, drafts and exports the report."""
    return UserFactory(username="sam", first_name="Sam", last_name="Taylor", role=roles.SECRETARY)


@pytest.fixture
def administrator(db):
    """Keeps users and reference data (the admin site) and proposes changes of access; sees no records."""
    return UserFactory(
        username="alex",
        first_name="Alex",
        last_name="Reid",
        email="alex@trust.invalid",
        role=roles.ADMINISTRATOR,
        is_staff=True,
    )


@pytest.fixture
def client_for(db):
    """``client_for(user)``: a new test client signed in as ``user``, beside the test's own ``client``."""

    def signed_in(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return signed_in
