"""A learning system's export as these tests write it, the saved mapping that reads it, and the places it names.

The file's headings are the learning system's, not ours, and it carries a name column the mapping leaves out.
"""

import csv
import io
from datetime import date

import pytest

from activity.importing.mapping import save_mapping
from tests.factories import ServiceFactory, TeamFactory
from training.importing import KIND_SLUG

AS_AT = date(2022, 3, 31)
HEADINGS = [
    "Employee No",
    "Full Name",
    "Staff Group",
    "Locality",
    "Service Line",
    "Team Name",
    "Course Title",
    "Completion Date",
    "Supervision Required",
    "Last Supervision",
]
COLUMNS = {
    "Staff identifier": "Employee No",
    "Staff group": "Staff Group",
    "Area": "Locality",
    "Service": "Service Line",
    "Team": "Team Name",
    "Level": "Course Title",
    "Completed on": "Completion Date",
    "Needs safeguarding supervision": "Supervision Required",
    "Last supervised on": "Last Supervision",
}
COURSES = {
    "Safeguarding Adults L1 (e-learning)": "adults-1",
    "Safeguarding Adults L3": "adults-3",
    "Safeguarding Children L2": "children-2",
    "Prevent Awareness": "prevent-basic",
}


def export(*rows: dict) -> bytes:
    """A CSV as the learning system writes it; each row gives only what differs from a good default."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADINGS)
    writer.writeheader()
    for number, row in enumerate(rows, start=1):
        writer.writerow(
            {
                "Employee No": f"E{number:06d}",
                "Full Name": f"Person {number}",
                "Staff Group": "Nursing and midwifery registered",
                "Locality": "Oxfordshire",
                "Service Line": "Community mental health",
                "Team Name": "",
                "Course Title": "Safeguarding Adults L3",
                "Completion Date": "01/06/2021",
                "Supervision Required": "No",
                "Last Supervision": "",
                **row,
            }
        )
    return out.getvalue().encode()


@pytest.fixture
def places(areas):
    community = ServiceFactory(name="Community mental health", slug="cmh")
    children = ServiceFactory(name="Children's community", slug="childrens")
    return {
        "community": community,
        "children": children,
        "north": TeamFactory(service=community, name="North"),
        "south": TeamFactory(service=community, name="South"),
        "health visiting": TeamFactory(service=children, name="Health visiting"),
        **areas,
    }


@pytest.fixture
def mapping(lead, places):
    return save_mapping(
        kind=KIND_SLUG, name="Learning system", columns=COLUMNS, values={"Level": COURSES}, by=lead, reason="Made"
    )
