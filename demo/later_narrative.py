"""The narrative of the demo's quarterly reports, written from the quarter's own figures.

Every number in it is read through ``reports.figures`` for the report's quarter and area when the report is
started, so it agrees with the tables beside it. Counts below eleven are written in words, as a person writing
the paper would, and so are never mistaken for a small count the public version must hide; a figure of none
says so.
"""

from activity.metrics import COMPLIANCE_DENOMINATOR, COMPLIANCE_NUMERATOR
from activity.models import Area
from core.periods import FinancialYear, Quarter, shifted
from reports.figures import year_table, year_tables
from reports.models import Target

_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def count(number: int | None) -> str:
    """A count as a sentence says it: words up to ten, figures with a thousands comma above."""
    number = number or 0
    return _WORDS[number] if number < len(_WORDS) else f"{number:,}"


def counted(number: int | None, one: str, many: str) -> str:
    """ "one rapid review", "no rapid reviews", "12 rapid reviews"."""
    return f"{count(number)} {one if number == 1 else many}"


def were(number: int | None) -> str:
    return "was" if number == 1 else "were"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def change(now: int | None, before: int | None) -> str:
    """How a figure moved on the same quarter a year before, without a number: a reader sees those in the table.
    A year before without a figure for the quarter (its figures came as yearly returns) is no comparison."""
    if before is None:
        return "with no figure for the same quarter last year to compare it with"
    now = now or 0
    if now == before:
        return "the same as in the same quarter last year"
    if before == 0:
        return "where there were none in the same quarter last year"
    return "more than in the same quarter last year" if now > before else "fewer than in the same quarter last year"


class QuarterFigures:
    """The figures of one quarter and the same quarter a year before, for an area or the whole trust."""

    def __init__(self, quarter: Quarter, area: Area | None, metrics: list[str]):
        self.quarter, self.area = quarter, area
        self.year_before = shifted(quarter, -1)
        tables = year_tables(metrics, [self.year_before, quarter], within=area)
        self.values = {slug: table.total.values for slug, table in tables.items()}

    def now(self, slug: str) -> int:
        return self.values[slug][1] or 0

    def moved(self, slug: str) -> str:
        return change(self.now(slug), self.values[slug][0])

    def top_categories(self, slug: str, how_many: int = 2) -> list[str]:
        """The categories of concern most often recorded this quarter, most common first."""
        table = year_table(slug, [self.quarter], by="category", within=self.area)
        ranked = sorted((row for row in table.rows if row.values[0]), key=lambda row: -row.values[0])
        return [row.label.lower() for row in ranked[:how_many]]


def training_compliance(quarter: Quarter) -> tuple[float | None, float | None]:
    """The share of staff up to date with their training for the quarter's financial year so far (as the
    report's compliance table shows it), and the Trust's target, both as percentages."""
    year = FinancialYear.containing(quarter.start)
    tables = year_tables([COMPLIANCE_NUMERATOR, COMPLIANCE_DENOMINATOR], [year])
    done, needed = tables[COMPLIANCE_NUMERATOR].total.values[0], tables[COMPLIANCE_DENOMINATOR].total.values[0]
    target = Target.objects.for_year(Target.Name.TRAINING_COMPLIANCE, year)
    percent = 100 * done / needed if done is not None and needed else None
    return percent, float(target.percent) if target else None


def compliance_sentence(quarter: Quarter) -> str:
    percent, target = training_compliance(quarter)
    if percent is None:
        return "The learning system has not yet given the training compliance figures for this year."
    if target is None:
        return f"{percent:.1f}% of staff who need safeguarding training are up to date with it."
    if percent >= target:
        return (
            f"{percent:.1f}% of staff who need safeguarding training are up to date with it, meeting the "
            f"{target:.0f}% target."
        )
    before, _ = training_compliance(shifted(quarter, -1))
    if before is None or before >= target:
        since = ""
    else:
        since = f"The gap has {'narrowed' if percent > before else 'not narrowed'} since last year. "
    return (
        f"{percent:.1f}% of staff who need safeguarding training are up to date with it, still short of the "
        f"{target:.0f}% target. {since}Managers of teams below the target have been sent the list of their staff "
        "who are due."
    )


# What the committee is asked to watch, as the summary names it.
WATCHED = {
    "training compliance": "training compliance, which is below the target",
    "review actions": "the actions from reviews that are past their due date",
}


def _below_target(quarter: Quarter) -> bool:
    percent, target = training_compliance(quarter)
    return percent is not None and target is not None and percent < target


def _how_busy(f: QuarterFigures) -> str:
    """How the consultation lines' calls compare with the same quarter last year: within a tenth either way is
    about as many. Nothing when last year has no figure for the quarter."""
    lines = ("child_consultations", "adult_consultations")
    if any(f.values[slug][0] is None for slug in lines):
        return ""
    now, before = sum(f.now(slug) for slug in lines), sum(f.values[slug][0] for slug in lines)
    if before and abs(now - before) <= before / 10:
        compared = "about as many calls as in"
    else:
        compared = "more calls than in" if now > before else "fewer calls than in"
    return f"The consultation lines took {compared} the same quarter last year. "


QUARTERLY_METRICS = [
    "child_consultations",
    "adult_consultations",
    "child_referrals",
    "adult_referrals",
    "s42_enquiries",
    "mash_enquiries",
    "mash_open_cases",
    "rapid_reviews_completed",
    "cspr_published",
    "cspr_ongoing",
    "review_actions_outstanding",
    "child_training_sessions",
    "adult_training_sessions",
    "child_supervision_sessions",
]


def quarterly_narrative(quarter: Quarter, area: Area | None) -> dict[str, str]:
    """The committee's quarterly report, section by section."""
    f = QuarterFigures(quarter, area, QUARTERLY_METRICS)
    child_top, adult_top = f.top_categories("child_consultations"), f.top_categories("adult_consultations")
    outstanding = f.now("review_actions_outstanding")
    below_target = _below_target(quarter)
    watched = (("training compliance", below_target), ("review actions", bool(outstanding)))
    under_way = [name for name, needs_action in watched if needs_action]
    return {
        "Summary": (
            f"This paper sets out the safeguarding service's work across the Trust from {quarter.start:%-d %B} to "
            f"{quarter.end:%-d %B %Y}. "
            + _how_busy(f)
            + (
                f"The committee is asked to watch {'two matters: ' if len(under_way) == 2 else ''}"
                f"{'; and '.join(WATCHED[name] for name in under_way)}."
                if under_way
                else "Nothing this quarter needs the committee's particular attention."
            )
        ),
        "Safeguarding activity": (
            f"The children's consultation line took {count(f.now('child_consultations'))} calls this quarter, "
            f"{f.moved('child_consultations')}. "
            + (
                f"The concerns raised most often were {child_top[0]} and {child_top[1]}. "
                if len(child_top) == 2
                else ""
            )
            + f"The adult safeguarding team gave advice on {count(f.now('adult_consultations'))} consultations, "
            f"{f.moved('adult_consultations')}"
            + (f", most often about {adult_top[0]}. " if adult_top else ". ")
            + f"Staff made {count(f.now('child_referrals'))} referrals to children's social care and "
            f"{count(f.now('adult_referrals'))} adult safeguarding referrals to local authorities. "
            f"Local authorities asked the Trust for information for {count(f.now('s42_enquiries'))} s.42 "
            "enquiries."
        ),
        "Multi-Agency Safeguarding Hubs (MASH)": (
            f"Health staff in the Oxfordshire and Buckinghamshire hubs processed {count(f.now('mash_enquiries'))} "
            f"MASH enquiries, {f.moved('mash_enquiries')}. Almost all Oxfordshire enquiries are closed within "
            "three days. In Buckinghamshire, where health staff also join strategy meetings, an enquiry stays open "
            f"longer: {count(f.now('mash_open_cases'))} MASH cases were open at the end of the quarter. The "
            "service does not collect MASH figures for BSW, where the work goes through the CAMHS duty system."
        ),
        "Reviews and their actions": (
            f"{capitalised(counted(f.now('rapid_reviews_completed'), 'rapid review', 'rapid reviews'))} "
            f"{were(f.now('rapid_reviews_completed'))} completed this quarter, and "
            f"{counted(f.now('cspr_published'), 'practice review', 'practice reviews')} "
            f"{were(f.now('cspr_published'))} published. "
            f"{capitalised(counted(f.now('cspr_ongoing'), 'practice review', 'practice reviews'))} commissioned "
            f"earlier {'is' if f.now('cspr_ongoing') == 1 else 'are'} still ongoing. "
            + (
                f"At the end of the quarter {counted(outstanding, 'review action', 'review actions')} "
                f"{were(outstanding)} outstanding: past the due date and not completed. Each owner has been asked "
                "for a date by which the action will be done."
                if outstanding
                else "No review action was outstanding at the end of the quarter."
            )
        ),
        "Training and supervision": (
            f"The service delivered {count(f.now('child_training_sessions'))} safeguarding children training "
            f"sessions and {count(f.now('adult_training_sessions'))} safeguarding adult training sessions, and "
            f"{count(f.now('child_supervision_sessions'))} safeguarding children supervision sessions. "
            + compliance_sentence(quarter)
        ),
        "Risks and issues for the committee": (
            (
                "Training compliance remains below the target. The risk is that staff miss signs of abuse that "
                "up-to-date training would help them see; it stays on the safeguarding risk register. "
                if below_target
                else "Training compliance meets the target; the risk on the safeguarding register has been reduced. "
            )
            + (
                "Review actions past their due date are followed up with their owners each month until they close."
                if outstanding
                else "No review actions are overdue."
            )
        ),
        "Recommendation": (
            "The committee is asked to note the quarter's activity, "
            + (f"to note the actions under way on {' and on '.join(under_way)}, " if under_way else "")
            + "and to say whether it is assured that the Trust's safeguarding arrangements are working."
        ),
    }


ICB_METRICS = [
    "child_consultations",
    "adult_consultations",
    "child_referrals",
    "adult_referrals",
    "s42_enquiries",
    "child_supervision_sessions",
    "rapid_reviews_completed",
    "cspr_ongoing",
    "cspr_awaiting_publication",
    "review_actions_outstanding",
    "allegations_against_staff",
    "prevent_consultations",
    "fgm_consultations",
    "fgm_cases_discussed",
]


def icb_narrative(quarter: Quarter, area: Area | None) -> dict[str, str]:
    """The assurance return to the integrated care board, for one partnership's area."""
    f = QuarterFigures(quarter, area, ICB_METRICS)
    place = area.short_name or area.name if area else "the Trust"
    allegations, prevent = f.now("allegations_against_staff"), f.now("prevent_consultations")
    outstanding = f.now("review_actions_outstanding")
    below_target = _below_target(quarter)
    return {
        "Summary of assurance": (
            f"This return gives the integrated care board the agreed safeguarding indicators for the Trust's services "
            f"in {place} from {quarter.start:%-d %B} to {quarter.end:%-d %B %Y}. The Trust is assured that its "
            "staff in the area seek advice and refer when they should. The exceptions are training compliance, "
            "which is reported for the Trust as a whole, and the figures the Trust does not collect for this area, "
            "which the tables show as not collected rather than as none."
        ),
        "Training compliance": (
            "The learning system reports safeguarding training compliance for the Trust as a whole, not by area, "
            "so the figure here is the Trust's. " + compliance_sentence(quarter)
        ),
        "Supervision": (
            f"Teams in {place} took part in {count(f.now('child_supervision_sessions'))} safeguarding children "
            f"supervision sessions, {f.moved('child_supervision_sessions')}. Supervision gives practitioners time "
            "to think through their most worrying cases with a safeguarding specialist."
        ),
        "Consultations and referrals": (
            f"The children's consultation line took {count(f.now('child_consultations'))} calls about children "
            f"in {place}, {f.moved('child_consultations')}, and staff made {count(f.now('child_referrals'))} "
            "referrals to children's social care. "
            + (
                "The Trust's adult safeguarding team and its s.42 enquiries are in Oxfordshire and Buckinghamshire, "
                f"so there are no adult consultations, adult referrals or s.42 enquiries for {place}."
                if not (f.now("adult_consultations") or f.now("adult_referrals") or f.now("s42_enquiries"))
                else f"The adult safeguarding team gave advice on {count(f.now('adult_consultations'))} consultations."
            )
        ),
        "MASH activity and timeliness": (
            f"The Trust's health staff do not work in a Multi-Agency Safeguarding Hub in {place}: the work goes "
            "through the CAMHS duty system, and the safeguarding service does not collect it. The tables show "
            "these figures as not collected, which is not the same as none."
        ),
        "Reviews and outstanding actions": (
            f"{capitalised(counted(f.now('rapid_reviews_completed'), 'rapid review', 'rapid reviews'))} in {place} "
            f"{were(f.now('rapid_reviews_completed'))} completed this quarter, and "
            f"{counted(f.now('cspr_ongoing'), 'practice review', 'practice reviews')} "
            f"{'is' if f.now('cspr_ongoing') == 1 else 'are'} ongoing. "
            + (
                f"{capitalised(counted(outstanding, 'review action', 'review actions'))} {were(outstanding)} "
                "outstanding at the end of the quarter; each has an owner and a new date."
                if outstanding
                else "No review action was outstanding at the end of the quarter."
            )
        ),
        "Allegations against staff": (
            f"{capitalised(counted(allegations, 'allegation', 'allegations'))} against staff working in {place} "
            f"{were(allegations)} managed under the allegations policy this quarter"
            + (", with advice from the local authority designated officer." if allegations else ".")
        ),
        "Prevent": (
            f"Staff sought advice about radicalisation in {counted(prevent, 'consultation', 'consultations')} "
            "this quarter, and the safeguarding team advised on whether a Prevent referral was needed."
            if prevent
            else "No consultation this quarter was about radicalisation. The team continues to remind staff how "
            "to raise a Prevent concern."
        ),
        "Female genital mutilation (FGM)": (
            f"There {'was' if f.now('fgm_consultations') == 1 else 'were'} "
            f"{counted(f.now('fgm_consultations'), 'consultation', 'consultations')} about female genital "
            f"mutilation for people in {place}. FGM cases are discussed at Oxfordshire's monthly multi-agency "
            f"meeting, which does not cover {place}."
        ),
        "Exceptions and actions": (
            (
                "Training compliance is below the target across the Trust; the actions are in the Trust's quarterly "
                "report to its committee. "
                if below_target
                else ""
            )
            + f"MASH figures are not collected for {place}. There are no other exceptions this quarter."
        ),
    }


NARRATIVE_WRITERS = {"quarterly-committee": quarterly_narrative, "icb-assurance": icb_narrative}
