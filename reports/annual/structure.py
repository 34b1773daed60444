"""The annual report's default sections and data blocks, following the seed report
(DESIGN.md). A new report starts from these; a safeguarding lead can then add to,
reorder or remove them. Areas and services are named by slug: they are data, and a
block naming one this trust does not have simply covers everything.
"""

from dataclasses import dataclass

from reports.annual.specs import (
    S42_ACTION_AND_RESULT,
    S42_CAPACITY,
    S42_LOCATION_BY_SOURCE,
    S42_PERSONAL,
    S42_RISK_BY_SOURCE,
    BlockSpec,
)

MENTAL_HEALTH = ("bucks-mh", "oxon-sw-mh")
# The Safeguarding Adults Collection's tables of the s.42 enquiries concluded in the period.
S42_BLOCKS = (
    BlockSpec("Concluded s.42 enquiries: type of risk by source of risk", (), kind=S42_RISK_BY_SOURCE),
    BlockSpec("Concluded s.42 enquiries: location of risk by source of risk", (), kind=S42_LOCATION_BY_SOURCE),
    BlockSpec("Concluded s.42 enquiries: action taken and result", (), kind=S42_ACTION_AND_RESULT),
    BlockSpec("Concluded s.42 enquiries: Making Safeguarding Personal", (), kind=S42_PERSONAL),
    BlockSpec("Concluded s.42 enquiries: mental capacity and advocacy", (), kind=S42_CAPACITY),
)


@dataclass(frozen=True)
class SectionSpec:
    title: str
    level: int = 1
    blocks: tuple[BlockSpec, ...] = ()
    narrative: str = ""


DEFAULT_SECTIONS = [
    SectionSpec("Executive summary"),
    SectionSpec("Introduction"),
    SectionSpec(
        "Safeguarding service priorities: we said, we did",
        1,
        (BlockSpec("Our priorities for the year: what we said and what we did", (), kind="priorities"),),
    ),
    SectionSpec(
        "Priorities for the year ahead",
        1,
        (BlockSpec("Our priorities for the year ahead", (), kind="next_priorities"),),
    ),
    SectionSpec("National context"),
    SectionSpec("The safeguarding service"),
    SectionSpec("Safeguarding activity"),
    SectionSpec(
        "Adult activity",
        2,
        (
            BlockSpec(
                "Adult safeguarding activity",
                ("adult_consultations", "adult_referrals", "s42_enquiries"),
                years=4,
            ),
            BlockSpec(
                "Adult safeguarding activity",
                ("adult_consultations", "adult_referrals", "s42_enquiries"),
                years=4,
                kind="chart",
            ),
            *S42_BLOCKS,
        ),
    ),
    SectionSpec(
        "Children activity",
        2,
        (
            BlockSpec("Staff supported to write court reports", ("court_reports_supported",)),
            BlockSpec(
                "Allegations against staff by area",
                ("allegations_against_staff",),
                by="area",
                years=1,
                area_rows="leaves",
            ),
        ),
    ),
    SectionSpec(
        "Referrals to children's social care",
        2,
        (
            BlockSpec(
                "Referrals to children's social care by mental health services",
                ("child_referrals",),
                by="area",
                services=MENTAL_HEALTH,
            ),
            BlockSpec(
                "Referrals to children's social care by Community Health (children's services), Oxfordshire",
                ("child_referrals",),
                within="oxfordshire",
                services=("community-health",),
            ),
        ),
    ),
    SectionSpec(
        "Safeguarding children's incidents",
        2,
        (
            BlockSpec(
                "Safeguarding children incidents by directorate",
                ("child_safeguarding_incidents",),
                by="service",
                years=1,
            ),
        ),
    ),
    SectionSpec(
        "Consultations",
        2,
        (
            BlockSpec("Children's consultation line calls by service", ("child_consultations",), by="service"),
            BlockSpec(
                "Children's consultation line calls by service", ("child_consultations",), by="service", kind="chart"
            ),
            BlockSpec("Consultation line calls about exploitation", ("child_exploitation_consultations",)),
            BlockSpec(
                "Children's consultation line calls by category of concern",
                ("child_consultations",),
                by="category",
                years=1,
            ),
        ),
    ),
    SectionSpec(
        "Training",
        2,
        (
            BlockSpec(
                "Safeguarding training sessions delivered", ("child_training_sessions", "adult_training_sessions")
            ),
            BlockSpec("Safeguarding training compliance against target", (), kind="training_compliance"),
        ),
    ),
    SectionSpec(
        "Supervision",
        2,
        (BlockSpec("Safeguarding children supervision sessions", ("child_supervision_sessions",), years=3),),
    ),
    SectionSpec(
        "Audits",
        2,
        (
            BlockSpec("Safeguarding service audits completed", ("service_audits_completed",), years=1),
            BlockSpec("The year's audit programme: findings and action taken", (), kind="audits"),
            BlockSpec("Section 11 and assurance self-assessment: ratings and open actions", (), kind="assurance"),
        ),
    ),
    SectionSpec(
        "Policy and procedures", 1, (BlockSpec("Policies and procedures reviewed in the year", (), kind="policies"),)
    ),
    SectionSpec("Multi-agency working"),
    SectionSpec(
        "Multi-Agency Safeguarding Hubs (MASH)",
        2,
        (
            BlockSpec("MASH enquiries processed by area", ("mash_enquiries",), by="area", years=3),
            BlockSpec("MASH enquiries processed by area", ("mash_enquiries",), by="area", years=3, kind="chart"),
            BlockSpec(
                "MASH enquiries processed a working day, by area",
                ("mash_enquiries",),
                by="area",
                years=3,
                layout="per_working_day",
            ),
            BlockSpec("MASH cases open at the end of the year, by area", ("mash_open_cases",), by="area", years=3),
        ),
    ),
    SectionSpec(
        "Safeguarding adult reviews",
        2,
        (BlockSpec("Learning from safeguarding adult reviews", (), kind="sar_learning"),),
    ),
    SectionSpec(
        "Child safeguarding practice reviews",
        2,
        (
            BlockSpec(
                "CSPRs and rapid reviews undertaken",
                (
                    "rapid_reviews_completed",
                    "cspr_published",
                    "cspr_awaiting_publication",
                    "cspr_ongoing",
                    "partnership_reviews",
                    "review_actions_outstanding",
                ),
                by="area",
                layout="metrics",
                area_rows="leaves",
            ),
            BlockSpec("Learning from child safeguarding practice reviews", (), kind="cspr_learning"),
        ),
    ),
    SectionSpec("Child Death Overview Process (CDOP)"),
    SectionSpec(
        "CDOP data",
        2,
        (
            BlockSpec("CDOP cases reviewed by area", ("cdop_cases_reviewed",), by="area"),
            BlockSpec("Child deaths known to Trust services, by area", ("cdop_cases_known",), by="area", years=1),
        ),
    ),
    SectionSpec("Multi-agency neglect work"),
    SectionSpec("Public protection work"),
    SectionSpec("Prevent", 2),
    SectionSpec(
        "Domestic abuse and MARAC",
        2,
        (BlockSpec("MARAC referrals made by the Trust, by area", ("marac_referrals",), by="area"),),
    ),
    SectionSpec(
        "Multi-agency public protection arrangements (MAPPA)",
        2,
        (BlockSpec("MAPPA information shares", ("mappa_information_shares",), years=3),),
    ),
    SectionSpec("Female genital mutilation (FGM)", 2, (BlockSpec("FGM cases discussed", ("fgm_cases_discussed",)),)),
    SectionSpec("Modern slavery", 2),
    SectionSpec("Serious violence and exploitation", 2),
    SectionSpec("Glossary"),
]
