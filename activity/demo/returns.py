"""The seed report's figures that cannot be held as records, entered as returns.

Years before 2021/22, and the long tail of the report (MARAC, MAPPA, FGM, court
reports, allegations, incidents, audits). Each is as printed in the seed report.
"""

from activity import actions
from activity.demo.reference import TRUST
from activity.models import Area, Service
from activity.periods import FinancialYear

SOURCE = "Annual safeguarding report 2021/22 (seed)"

# metric, area slug, service slug or None, financial year start, value, note
SEED_RETURNS = [
    *[("adult_consultations", TRUST, None, y, v, "") for y, v in ((2018, 402), (2019, 380), (2020, 336))],
    *[("adult_referrals", TRUST, None, y, v, "") for y, v in ((2018, 132), (2019, 173), (2020, 163))],
    *[("s42_enquiries", TRUST, None, y, v, "") for y, v in ((2018, 19), (2019, 16), (2020, 19))],
    ("child_consultations", TRUST, "oxon-sw-mh", 2020, 542, ""),
    ("child_consultations", TRUST, "bucks-mh", 2020, 216, ""),
    ("child_consultations", TRUST, "community-health", 2020, 297, ""),
    ("child_consultations", TRUST, "specialised", 2020, 21, ""),
    ("child_exploitation_consultations", TRUST, None, 2020, 17, ""),
    ("child_referrals", "oxfordshire", "oxon-sw-mh", 2020, 48, ""),
    ("child_referrals", "buckinghamshire", "bucks-mh", 2020, 28, ""),
    ("child_referrals", "bsw", "oxon-sw-mh", 2020, 55, ""),
    ("child_referrals", "oxfordshire", "community-health", 2020, 111, ""),
    (
        "child_safeguarding_incidents",
        TRUST,
        "bucks-mh",
        2021,
        19,
        "Child on 136, self-harm, suicide, communication, elderly relative with dementia showing aggression "
        "towards children, eating disorder, overdose",
    ),
    (
        "child_safeguarding_incidents",
        TRUST,
        "community-health",
        2021,
        67,
        "Sunburn, non-accidental injury, information sharing, domestic abuse, dog bite, unexplained injury",
    ),
    (
        "child_safeguarding_incidents",
        TRUST,
        "oxon-sw-mh",
        2021,
        58,
        "Exploitation, self-harm, suicide, parental mental health, non-recent disclosure of child sexual abuse, "
        "eating disorder",
    ),
    (
        "child_safeguarding_incidents",
        TRUST,
        "specialised",
        2021,
        5,
        "Patient met with children when not allowed contact",
    ),
    ("child_training_sessions", TRUST, None, 2020, 12, ""),
    ("adult_training_sessions", TRUST, None, 2020, 14, ""),
    ("child_supervision_sessions", TRUST, None, 2019, 147, ""),
    ("child_supervision_sessions", TRUST, None, 2020, 153, ""),
    ("court_reports_supported", TRUST, None, 2020, 19, ""),
    ("court_reports_supported", TRUST, None, 2021, 13, ""),
    ("allegations_against_staff", "oxfordshire", None, 2021, 3, "None proceeded to a formal investigation."),
    ("allegations_against_staff", "swindon", None, 2021, 1, "Did not proceed to a formal investigation."),
    ("allegations_against_staff", "buckinghamshire", None, 2021, 0, ""),
    ("service_audits_completed", TRUST, None, 2021, 4, ""),
    ("mash_enquiries", "oxfordshire", None, 2019, 3336, ""),
    ("mash_enquiries", "oxfordshire", None, 2020, 4834, ""),
    ("mash_enquiries", "buckinghamshire", None, 2019, 364, ""),
    ("mash_enquiries", "buckinghamshire", None, 2020, 367, ""),
    ("mash_open_cases", "buckinghamshire", None, 2019, 110, ""),
    ("mash_open_cases", "buckinghamshire", None, 2020, 139, ""),
    ("cdop_cases_reviewed", "berkshire", None, 2020, 1, ""),
    ("cdop_cases_reviewed", "bsw", None, 2020, 8, ""),
    ("cdop_cases_reviewed", "buckinghamshire", None, 2020, 31, ""),
    ("cdop_cases_reviewed", "oxfordshire", None, 2020, 21, ""),
    ("marac_referrals", "oxfordshire", None, 2020, 4, ""),
    ("marac_referrals", "buckinghamshire", None, 2020, 3, ""),
    ("marac_referrals", "bsw", None, 2020, 0, ""),
    ("marac_referrals", "oxfordshire", None, 2021, 2, ""),
    ("marac_referrals", "buckinghamshire", None, 2021, 1, ""),
    ("marac_referrals", "bsw", None, 2021, 0, ""),
    *[("mappa_information_shares", TRUST, None, y, v, "") for y, v in ((2019, 43), (2020, 51), (2021, 21))],
    ("fgm_cases_discussed", "oxfordshire", None, 2020, 19, ""),
    ("fgm_cases_discussed", "oxfordshire", None, 2021, 30, "Monthly 'no names' multi-agency meeting."),
]


def load_returns(*, by) -> None:
    areas = {area.slug: area for area in Area.objects.all()}
    services = {service.slug: service for service in Service.objects.all()}
    for metric, area, service, year, value, note in SEED_RETURNS:
        actions.enter_return(
            metric=metric,
            area=areas[area],
            service=services[service] if service else None,
            period=FinancialYear(year),
            value=value,
            source=SOURCE,
            note=note,
            by=by,
        )
