"""The seed trust's governance records for 2021/22: its audits and the action taken, its priorities ("we said,
we did") and next year's, the policies it reviewed, and what it learnt from safeguarding adult reviews and child
safeguarding practice reviews. Written from the seed report's facts, in the demo's own words.

Each record is found by what names it (an audit by its year and name, a priority by its year and title, an
update by its priority and date, a policy by its title, learning by its year, kind and area), and written
only when it is missing: loading the demo again writes nothing.
"""

import datetime

from activity.models import Area
from governance.actions import save_record
from governance.models import Policy, Priority, PriorityUpdate, ReviewLearning, ServiceAudit

YEAR, NEXT_YEAR = 2021, 2022
REASON = "Demo: from the seed trust's annual report 2021/22"
_d = datetime.date

# name, scope, area slug (None: trust-wide), started, completed, findings, action taken
AUDITS = [
    (
        "Deprivation of Liberty Safeguards (DoLS) in community hospitals",
        "How community hospital wards apply for, record and review DoLS authorisations for their patients.",
        "oxfordshire",
        _d(2021, 5, 4),
        _d(2021, 9, 30),
        "Wards had no shared procedure for DoLS applications and reviews, so practice varied from ward to ward.",
        "The named nurse worked with ward managers and modern matrons to write a DoLS standard operating "
        "procedure and a flowchart, and to change practice on the wards.",
    ),
    (
        "Welfare checks of a child on an adult ward (health-based place of safety and section 136)",
        "How welfare checks are made and recorded when a young person is held in a health-based place of safety "
        "or cared for on an adult ward.",
        None,
        _d(2021, 9, 1),
        _d(2022, 2, 28),
        "The checks were not always made and recorded in the same way; practice needed to change.",
        "A working group of place-of-safety ward staff, modern matrons, the bed flow and case managers and the "
        "leads for the child-on-adult-ward guidance agreed changes in practice, which start in August 2022.",
    ),
    (
        "Safeguarding supervision audit",
        "The benefits, drawbacks and quality of safeguarding supervision given virtually, from a survey of the "
        "practitioners who attend.",
        None,
        _d(2021, 6, 1),
        _d(2021, 11, 30),
        "Practitioners' feedback was positive: virtual groups are easier to attend, use time well, feel safe and "
        "orderly, and larger groups bring a wider range of professional views.",
        "The supervision groups offered across the Trust were reviewed; the service worked with clinical leaders "
        "on group sizes and session times, and led discussions within the service about supervision style and "
        "giving supervision virtually.",
    ),
    (
        "Dip sample: domestic abuse in risk assessments",
        "Whether clinical risk assessments consider domestic abuse, tested against the Trust's domestic abuse policy.",
        None,
        _d(2021, 10, 1),
        _d(2022, 3, 15),
        "Strengths in practice and gaps against the policy, in particular where risk assessments did not ask "
        "about domestic abuse.",
        "The service has worked with the trainer for the clinical risk assessment (CRAM) course; work with wards "
        "and clinical staff starts in the autumn of 2022.",
    ),
]

# title, what we said, [(date, what we did)]
PRIORITIES = [
    (
        "Communication",
        "Clear communication within the Trust and with our partners.",
        [
            (_d(2021, 6, 30), "Promoted the safeguarding newsletter in governance reports and in email signatures."),
            (
                _d(2021, 9, 30),
                "Took part in work arising from safeguarding reviews, and worked with partner agencies across the "
                "health economy as their arrangements changed.",
            ),
            (
                _d(2021, 12, 31),
                "Took part in the Trust's peer reviews, and strengthened and formalised our place at directorate "
                "governance meetings.",
            ),
            (
                _d(2022, 3, 31),
                "Presented at conferences and ran multi-agency training with partners; our intranet pages hold a "
                "growing library of resources, and we plan to join social work forums to make joint working "
                "smoother.",
            ),
        ],
    ),
    (
        "One safeguarding service",
        "The adults' and children's safeguarding teams fully integrated into one service, working in a way that "
        "fits the Trust after the pandemic.",
        [
            (
                _d(2021, 7, 31),
                "Changed how we work in line with Trust guidance: a blended approach, face to face and virtual, "
                "with staff well-being and required training kept in view.",
            ),
            (
                _d(2022, 3, 31),
                "The structure of the service changed a great deal, so integration continues as a priority for "
                "2022/23; a safeguarding strategy setting out the service's vision and culture is being drafted.",
            ),
        ],
    ),
    (
        "Audit",
        "An audit programme in place for the safeguarding service.",
        [
            (_d(2021, 11, 30), "Started working with the Trust's new audit system."),
            (_d(2022, 3, 31), "Produced an annual report of the service's audit activity."),
        ],
    ),
    (
        "Training",
        "A robust programme of safeguarding training.",
        [
            (_d(2021, 6, 30), "Delivered training in a blended way, online and, as restrictions eased, in person."),
            (
                _d(2021, 12, 31),
                "Worked closely with Learning and Development on problems with the new electronic learning system.",
            ),
            (
                _d(2022, 3, 31),
                "Made good progress with the learning passport, where staff record further safeguarding training "
                "and learning from experience.",
            ),
        ],
    ),
    (
        "Public protection",
        "Play our part in protecting the public alongside other agencies, and pass on what is learnt to every "
        "directorate.",
        [
            (
                _d(2021, 9, 30),
                "Represented the Trust at public protection forums and reported into the Trust's governance; the "
                "new integrated care boards are likely to shape this work.",
            ),
            (
                _d(2022, 3, 31),
                "Agreed extra MASH resource for 2022/23, and kept national guidance under review and built it into "
                "practice.",
            ),
        ],
    ),
    (
        "Whole family approach",
        "Work with services towards a whole family approach across the Trust.",
        [
            (_d(2021, 12, 31), "Supported quality improvement projects and initiatives on thinking family."),
            (
                _d(2022, 3, 31),
                "The integration of the service itself models the approach, and work towards it goes on.",
            ),
        ],
    ),
]

# title, what we will do
NEXT_PRIORITIES = [
    (
        "Core work",
        "After recent changes of staff, concentrate on the service's core work: advice, training, supervision "
        "and representing the Trust with its partners.",
    ),
    (
        "A safeguarding strategy",
        "Agree a safeguarding strategy that sets clear priorities and brings the adults' and children's work "
        "closer together.",
    ),
    (
        "Learning from reviews in quality processes",
        "Work with the Trust's governance teams so that safeguarding adult reviews and child safeguarding "
        "practice reviews are built into the Trust's quality processes.",
    ),
    (
        "The service's structure",
        "Review the structure of the safeguarding service, as the Chief Nurse asked in March 2022, and complete "
        "the integration of the adults' and children's teams.",
    ),
    (
        "Training data",
        "Meet Learning and Development regularly to put right data quality problems and raise compliance on "
        "every safeguarding course.",
    ),
    (
        "Outcomes of s.42 enquiries",
        "Agree with the local authorities how the outcomes of section 42 enquiries are shared with the Trust.",
    ),
]

# title, reference, owner (a role), last reviewed, review due
POLICIES = [
    ("Allegations Policy", "HP33", "Head of Safeguarding", _d(2021, 10, 14), _d(2024, 10, 13)),
    ("Safeguarding Adults Policy", "CP25", "Head of Safeguarding", _d(2022, 1, 20), _d(2025, 1, 19)),
]

_SAR, _CSPR = ReviewLearning.Kind.SAR, ReviewLearning.Kind.CSPR
# kind, area slug (None: across the trust), themes, recommendations, how the learning was shared
LEARNING = [
    (
        _SAR,
        "oxfordshire",
        "People whom services found hard to engage, and the tension between a person's right to make their own "
        "choices and the duty of care. This review built on the thematic review of the deaths of people who "
        "were homeless, completed in 2020/21.",
        "Staff to know which legal framework they are working in, and to use skilled communication within what "
        "their service can offer.",
        "Published on the Oxfordshire Safeguarding Adults Board's website; its themes are taught in adult "
        "safeguarding training and discussed in supervision and the newsletter.",
    ),
    (
        _SAR,
        "buckinghamshire",
        "People whom services found hard to engage, and balancing their autonomy against the duty of care.",
        "Staff to know the legal framework for their service and to work with people who disengage using "
        "skilled communication.",
        "Published on the Buckinghamshire Safeguarding Adults Board's website; discussed at the community mental "
        "health team forums, which use a supervision approach to reflect on safeguarding.",
    ),
    (
        _CSPR,
        None,
        "Recognising and talking about child sexual abuse, so that children feel heard and safe. Reading "
        "behaviour as a sign of trauma when a child cannot say what is wrong, especially a child who does not "
        "speak. Asking what has happened to a child rather than what is wrong with them, in speech and in "
        "records. The lasting effect of adverse childhood experiences into adolescence. Emotional abuse and "
        "neglect, and the part blaming the child plays. Safe sleep advice for every parent and carer, not only "
        "mothers. Knowing the fathers and male carers around a child.",
        "More focused support for teenage parents, especially children in care and care leavers, many of whom "
        "have lived through trauma (a project plan is being written by the Care Leavers and Parenthood Work "
        "Group).",
        "Multi-agency learning events with the partnerships; level three children's training; the monthly "
        "safeguarding children newsletter; governance and locality meetings; team visits, supervision and "
        "consultations.",
    ),
    (
        _CSPR,
        "oxfordshire",
        "The exploitation of a young person, and how agencies recognise and respond to exploitation.",
        "Three work streams (working together, education and child exploitation) to put the learning into "
        "practice and revise Oxfordshire's system for tackling exploitation.",
        "Trust staff sit on each work stream; a school health nurse helped write a resource for schools to "
        "recognise and respond to exploitation, due on the partnership's website in September 2022.",
    ),
]


def load_governance(*, by) -> int:
    """Write the demo's governance records that are missing. Returns how many rows were written."""
    areas = {area.slug: area for area in Area.objects.all()}
    written = _audits(areas, by) + _priorities(by) + _policies(by) + _learning(areas, by)
    return written


def _audits(areas, by) -> int:
    held = set(ServiceAudit.objects.filter(year=YEAR).values_list("name", flat=True))
    missing = [audit for audit in AUDITS if audit[0] not in held]
    for name, scope, area, started, completed, findings, action in missing:
        audit = ServiceAudit(
            year=YEAR,
            name=name,
            scope=scope,
            area=areas.get(area),
            status=ServiceAudit.Status.COMPLETED,
            started_on=started,
            completed_on=completed,
            findings=findings,
            action_taken=action,
        )
        save_record(audit, by=by, reason=REASON)
    return len(missing)


def _priorities(by) -> int:
    held = {(p.year, p.title): p for p in Priority.objects.filter(year__in=(YEAR, NEXT_YEAR))}
    updated = set(PriorityUpdate.objects.filter(priority__year=YEAR).values_list("priority__title", "on"))
    written = 0
    for position, (title, we_said, updates) in enumerate(PRIORITIES, start=1):
        priority = held.get((YEAR, title))
        if priority is None:
            priority = Priority(year=YEAR, position=position, title=title, we_said=we_said)
            save_record(priority, by=by, reason=REASON)
            written += 1
        for on, we_did in updates:
            if (title, on) not in updated:
                save_record(PriorityUpdate(priority=priority, on=on, we_did=we_did), by=by, reason=REASON)
                written += 1
    for position, (title, we_said) in enumerate(NEXT_PRIORITIES, start=1):
        if (NEXT_YEAR, title) not in held:
            priority = Priority(year=NEXT_YEAR, position=position, title=title, we_said=we_said)
            save_record(priority, by=by, reason="Demo: the seed trust's priorities for 2022/23")
            written += 1
    return written


def _policies(by) -> int:
    held = set(Policy.objects.values_list("title", flat=True))
    missing = [policy for policy in POLICIES if policy[0] not in held]
    for title, reference, owner, reviewed, due in missing:
        policy = Policy(title=title, reference=reference, owner=owner, last_reviewed=reviewed, review_due=due)
        save_record(policy, by=by, reason=REASON)
    return len(missing)


def _learning(areas, by) -> int:
    held = set(ReviewLearning.objects.filter(year=YEAR).values_list("kind", "area__slug"))
    missing = [each for each in LEARNING if (each[0], each[1]) not in held]
    for kind, area, themes, recommendations, shared in missing:
        learning = ReviewLearning(
            year=YEAR,
            kind=kind,
            area=areas.get(area),
            themes=themes,
            recommendations=recommendations,
            shared_how=shared,
        )
        save_record(learning, by=by, reason=REASON)
    return len(missing)
