"""The seed trust's Section 11 results for 2021/22 as an assurance self-assessment, and, for 2022/23, the
integrated care board's toolkit with one standard rated amber and its action overdue (so the dashboard's "what
needs attention" has a line). The seed report gives the results; the standards and the evidence are the demo's
own words.

- Oxfordshire: a joint children's and adults' self-assurance and Section 11 audit, then a peer review event;
  rated green.
- Buckinghamshire: the children's Section 11 audit, completed in March 2021; no actions for the trust. The seed
  gives no rating, so none is recorded.
- Swindon and Wiltshire: one joint audit (Bath and North East Somerset audits separately), completed in October
  2021; rated green. Kept for each of the two partnerships.

Everything is found by what names it (a framework by its name, a standard by its number, an assessment by its
standard, year and area, an action by its description) and written only when missing: loading again writes
nothing.
"""

import datetime

from activity.models import Area
from governance import assurance_actions
from governance.actions import save_record
from governance.models import Assessment, AssuranceAction, AssuranceFramework, AssuranceStandard

REASON = "Demo: from the seed trust's annual report 2021/22"
SECTION_11 = "Section 11 audit (Children Act 2004)"
ICB_TOOLKIT = "ICB safeguarding commissioning assurance toolkit"

# number, title, what good looks like
SECTION_11_STANDARDS = [
    ("1", "Leadership and accountability",
     "A named executive leads on safeguarding; the Board hears an annual report and acts on it."),
    ("2", "Safe recruitment and managing allegations",
     "Checks are made before anyone starts work; allegations against staff go to the LADO within a working day."),
    ("3", "Training and supervision",
     "Staff have training at the level their role needs, and those working with children have regular "
     "safeguarding supervision."),
    ("4", "The voice of the child",
     "Records show what children said and how it shaped the plan for them."),
    ("5", "Information sharing and working with partners",
     "Staff know when and how to share information, and the trust takes part in the partnership's audits."),
]  # fmt: skip
ICB_STANDARDS = [
    ("1", "Named and designated professionals",
     "Named nurses and doctors for adults and children are in post, with the time the role needs."),
    ("2", "Safeguarding training compliance",
     "Staff meet the training target for every level, recorded in one learning system."),
    ("3", "Learning from reviews",
     "Learning from safeguarding adult reviews and child safeguarding practice reviews reaches staff."),
]  # fmt: skip

# area slug, evidence, self scores, moderated scores (None: not moderated), RAG by standard (None: not rated)
SECTION_11_2021 = [
    ("oxfordshire",
     "A joint safeguarding children and adults self-assurance and Section 11 audit, followed by a peer review "
     "event with the partnership.",
     [4, 3, 3, 3, 4], [4, 3, 3, 3, 4], True),
    ("buckinghamshire",
     "The partnership's children's Section 11 audit, completed in March 2021. No actions for the trust were "
     "identified.",
     [3, 3, 3, 3, 3], None, False),
    ("swindon",
     "The joint Swindon and Wiltshire Section 11 audit, completed in October 2021 (Bath and North East Somerset "
     "audits separately).",
     [3, 4, 3, 3, 3], [3, 4, 3, 3, 3], True),
    ("wiltshire",
     "The joint Swindon and Wiltshire Section 11 audit, completed in October 2021 (Bath and North East Somerset "
     "audits separately).",
     [3, 4, 3, 3, 3], [3, 4, 3, 3, 3], True),
]  # fmt: skip
ICB_YEAR = 2022
# standard number: (self score, moderated score)
ICB_SCORES = {"1": (4, 4), "2": (3, 2), "3": (3, 3)}
ICB_ACTION = (
    "2",
    "Move every staff group's training records to the new learning system and check each level against its target",
    datetime.date(2022, 6, 30),
)


def load_assurance(*, by, moderator) -> int:
    """Write what is missing; ``by`` self-scores and ``moderator`` (another person) moderates. Returns how many
    rows were written."""
    areas = {area.slug: area for area in Area.objects.filter(slug__in=[row[0] for row in SECTION_11_2021])}
    written = 0
    section_11, new = _framework(SECTION_11, AssuranceFramework.Kind.SECTION_11, by)
    written += new
    standards, new = _standards(section_11, SECTION_11_STANDARDS, by)
    written += new
    for slug, evidence, self_scores, moderated, rated in SECTION_11_2021:
        if slug not in areas:
            continue
        for index, standard in enumerate(standards):
            self_score, score = self_scores[index], moderated[index] if moderated else None
            written += _assess(standard, 2021, areas[slug], evidence, self_score, score, rated, by, moderator)

    toolkit, new = _framework(ICB_TOOLKIT, AssuranceFramework.Kind.ICB_TOOLKIT, by)
    written += new
    toolkit_standards, new = _standards(toolkit, ICB_STANDARDS, by)
    written += new
    evidence = "The trust's safeguarding assurance return to the integrated care board for the year."
    for standard in toolkit_standards:
        self_score, score = ICB_SCORES[standard.number]
        written += _assess(standard, ICB_YEAR, None, evidence, self_score, score, True, by, moderator)
    number, description, due_on = ICB_ACTION
    assessment = Assessment.objects.get(standard__framework=toolkit, standard__number=number, year=ICB_YEAR)
    if not assessment.actions.filter(description=description).exists():
        action = AssuranceAction(assessment=assessment, description=description, owner=moderator, due_on=due_on)
        assurance_actions.save_action(action, by=moderator, reason=REASON)
        written += 1
    return written


def _framework(name, kind, by) -> tuple[AssuranceFramework, int]:
    found = AssuranceFramework.objects.filter(name=name).first()
    if found:
        return found, 0
    framework = AssuranceFramework(name=name, kind=kind, lowest_score=1, highest_score=4, amber_from=2, green_from=3)
    return save_record(framework, by=by, reason=REASON), 1


def _standards(framework, rows, by) -> tuple[list[AssuranceStandard], int]:
    held = {standard.number: standard for standard in framework.standards.all()}
    written = 0
    for position, (number, title, good) in enumerate(rows, start=1):
        if number not in held:
            standard = AssuranceStandard(
                framework=framework, number=number, position=position, title=title, good_looks_like=good
            )
            held[number] = save_record(standard, by=by, reason=REASON)
            written += 1
    return [held[number] for number, _, _ in rows], written


def _assess(standard, year, area, evidence, self_score, moderated, rated, by, moderator) -> int:
    if Assessment.objects.filter(standard=standard, year=year, area=area).exists():
        return 0
    assessment = assurance_actions.assessment_for(standard, year, area)
    assurance_actions.save_evidence(assessment, by=by, evidence=evidence, self_score=self_score, reason=REASON)
    if moderated is not None:
        assurance_actions.moderate(assessment, by=moderator, score=moderated, reason=REASON)
    if not rated and assessment.rag:
        assurance_actions.set_rag(assessment, by=moderator, rag="", rag_reason="", reason=REASON)
    return 1
