"""Training compliance by level in the demo: the learning system's export as at the end of 2021/22 and as at the end
of the latest quarter, imported through a saved mapping as a lead would (so each import keeps its data-quality
summary).

The seed report gives no figures by level, only that training fell short of its targets after the learning system
changed, and that a regular meeting with learning and development followed in 2022/23. The staff below are made
up (employee numbers E000001 and on, never a name) and drawn from a fixed seed, so every load makes the same files:
at the end of 2021/22 most levels are below target; by the latest quarter the foundation levels recover while
level 3 and Prevent still fall short.
"""

import csv
import io
import random
from datetime import date, timedelta

from activity.importing.mapping import save_mapping
from activity.models import ImportMapping
from core.periods import FinancialYear
from training.actions import import_compliance
from training.importing import KIND_SLUG
from training.models import ComplianceImport

MAPPING_NAME = "Learning and development system"
SEED = 2022
STAFF = 640
END_OF_2021_22 = date(2022, 3, 31)
HEADINGS = [
    "Assignment Number",
    "Staff Group",
    "Locality",
    "Directorate",
    "Team",
    "Competence Name",
    "Achieved On",
    "Safeguarding Supervision Required",
    "Last Safeguarding Supervision",
]
COURSES = {
    "NHS|CSTF|Safeguarding Adults - Level 1": "adults-1",
    "NHS|CSTF|Safeguarding Adults - Level 2": "adults-2",
    "Safeguarding Adults Level 3 (Trust)": "adults-3",
    "Safeguarding Adults Level 4 (Named professionals)": "adults-4",
    "NHS|CSTF|Safeguarding Children - Level 1": "children-1",
    "NHS|CSTF|Safeguarding Children - Level 2": "children-2",
    "Safeguarding Children Level 3 (Trust)": "children-3",
    "Safeguarding Children Level 4 (Named professionals)": "children-4",
    "NHS|CSTF|Preventing Radicalisation - Basic Prevent Awareness": "prevent-basic",
    "NHS|CSTF|Preventing Radicalisation - Prevent Awareness (WRAP)": "prevent-wrap",
}
COURSE_OF = {level: course for course, level in COURSES.items()}
STAFF_GROUPS = {
    # how the electronic staff record writes them: ours
    "Add Prof Scientific and Technic": "scientific",
    "Additional Clinical Services": "clinical_support",
    "Administrative and Clerical": "admin",
    "Allied Health Professionals": "ahp",
    "Estates and Ancillary": "estates",
    "Medical and Dental": "medical",
    "Nursing and Midwifery Registered": "nursing",
}
# staff group, its share of the staff, whether it is clinical
GROUPS = [
    ("Nursing and Midwifery Registered", 30, True),
    ("Additional Clinical Services", 20, True),
    ("Administrative and Clerical", 18, False),
    ("Allied Health Professionals", 12, True),
    ("Medical and Dental", 8, True),
    ("Add Prof Scientific and Technic", 7, True),
    ("Estates and Ancillary", 5, False),
]
# service, team, area, whether its staff work with children (and so need safeguarding supervision)
TEAMS = [
    ("Oxon & South West Mental Health", "CAMHS Oxfordshire", "Oxfordshire", True),
    ("Oxon & South West Mental Health", "CAMHS BSW", "Swindon", True),
    ("Oxon & South West Mental Health", "Adult Mental Health Oxfordshire", "Oxfordshire", False),
    ("Oxon & South West Mental Health", "Inpatient units Swindon", "Swindon", False),
    ("Bucks Mental Health", "CAMHS Buckinghamshire", "Buckinghamshire", True),
    ("Bucks Mental Health", "Adult Mental Health Buckinghamshire", "Buckinghamshire", False),
    ("Community Health", "Health Visiting", "Oxfordshire", True),
    ("Community Health", "School Health Nurses", "Oxfordshire", True),
    ("Community Health", "Family Nurse Partnership", "Oxfordshire", True),
    ("Community Health", "Community Hospitals", "Oxfordshire", False),
    ("Specialised Services", "Eating Disorders", "Oxfordshire", False),
    ("Specialised Services", "Forensic Services", "Wiltshire", False),
]
# The share of each level's staff with it in date: at the end of 2021/22, after the change of learning system,
# and after a year of the meeting with learning and development.
IN_DATE = {
    "2021/22": {
        "adults-1": 0.87, "adults-2": 0.84, "adults-3": 0.74, "adults-4": 0.80,
        "children-1": 0.88, "children-2": 0.85, "children-3": 0.76, "children-4": 0.80,
        "prevent-basic": 0.72, "prevent-wrap": 0.70,
    },
    "later": {
        "adults-1": 0.93, "adults-2": 0.91, "adults-3": 0.81, "adults-4": 1.00,
        "children-1": 0.94, "children-2": 0.92, "children-3": 0.83, "children-4": 1.00,
        "prevent-basic": 0.78, "prevent-wrap": 0.76,
    },
}  # fmt: skip
SUPERVISED_IN_DATE = {"2021/22": 0.70, "later": 0.82}


def _levels_for(clinical: bool, children: bool, named: bool) -> list[str]:
    """The levels a member of staff needs (the intercollegiate documents' shape, simplified)."""
    levels = ["adults-1", "children-1", "prevent-basic"]
    if clinical:
        levels += ["adults-2", "children-2", "prevent-wrap"]
        levels.append("children-3" if children else "adults-3")
    if named:
        levels += ["adults-4", "children-4"]
    return levels


def _staff() -> list[dict]:
    """The made-up staff: the same every load."""
    chosen = random.Random(SEED)
    weights = [share for _, share, _ in GROUPS]
    staff = []
    for number in range(1, STAFF + 1):
        group, _, clinical = chosen.choices(GROUPS, weights=weights)[0]
        service, team, area, children = chosen.choice(TEAMS)
        named = number <= 4  # the named professionals
        staff.append(
            {
                "id": f"E{number:06d}",
                "group": group,
                "service": service,
                "team": team,
                "area": area,
                "levels": _levels_for(clinical or named, children, named),
                "supervised": clinical and children,
            }
        )
    return staff


def export_as_at(as_at: date, period: str) -> bytes:
    """The learning system's export as at ``as_at``, as a CSV in its own headings and course titles."""
    chosen = random.Random(f"{SEED}-{as_at.isoformat()}")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    for person in _staff():
        last_supervised = ""
        if person["supervised"]:
            in_date = chosen.random() < SUPERVISED_IN_DATE[period]
            days_ago = chosen.randint(1, 88) if in_date else chosen.randint(95, 300)
            last_supervised = (as_at - timedelta(days=days_ago)).strftime("%d/%m/%Y")
        for level in person["levels"]:
            draw = chosen.random()
            share = IN_DATE[period][level]
            if draw < share:
                achieved = (as_at - timedelta(days=chosen.randint(5, 1000))).strftime("%d/%m/%Y")
            elif draw < share + (1 - share) / 2:
                achieved = (as_at - timedelta(days=chosen.randint(1120, 1800))).strftime("%d/%m/%Y")
            else:
                achieved = ""  # never completed: often carried across badly from the old system
            writer.writerow(
                [
                    person["id"],
                    person["group"],
                    person["area"],
                    person["service"],
                    person["team"],
                    COURSE_OF[level],
                    achieved,
                    "Y" if person["supervised"] else "N",
                    last_supervised,
                ]
            )
    return out.getvalue().encode()


def _mapping(by) -> ImportMapping:
    saved = ImportMapping.objects.filter(kind=KIND_SLUG, name=MAPPING_NAME).first()
    if saved is not None:
        return saved
    return save_mapping(
        kind=KIND_SLUG,
        name=MAPPING_NAME,
        columns={
            "Staff identifier": "Assignment Number",
            "Staff group": "Staff Group",
            "Area": "Locality",
            "Service": "Directorate",
            "Team": "Team",
            "Level": "Competence Name",
            "Completed on": "Achieved On",
            "Needs safeguarding supervision": "Safeguarding Supervision Required",
            "Last supervised on": "Last Safeguarding Supervision",
        },
        values={"Level": COURSES, "Staff group": STAFF_GROUPS},
        by=by,
        reason="The demo's learning system",
    )


def latest_quarter_end(until: date) -> date:
    """The end of the latest quarter ended by ``until``."""
    quarters = [
        quarter.end
        for year in (FinancialYear.containing(until).previous, FinancialYear.containing(until))
        for quarter in year.quarters
        if quarter.end <= until
    ]
    return max(quarters)


def load_compliance_exports(*, until: date, by) -> int:
    """Import the exports not imported yet (by their file's name). Returns how many were imported."""
    wanted = {END_OF_2021_22: "2021/22"}
    latest = latest_quarter_end(until)
    if latest > END_OF_2021_22:
        wanted[latest] = "later"
    mapping = _mapping(by)
    imported = 0
    for as_at, period in wanted.items():
        file_name = f"safeguarding-competences-{as_at:%Y-%m-%d}.csv"
        if ComplianceImport.objects.filter(as_at=as_at, file_name=file_name).exists():
            continue
        check, saved = import_compliance(
            content=export_as_at(as_at, period), file_name=file_name, as_at=as_at, mapping=mapping, by=by
        )
        if saved is None:
            raise ValueError(f"The demo's export as at {as_at} did not import: {check.problems[:5]}")
        imported += 1
    return imported
