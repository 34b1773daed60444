"""Every figure the dashboard and the report show, defined once.

A metric says what it counts, its unit, whether a rise is good news, and where its
numbers come from: records logged in the app (``records``), returns entered for it
(``accepts_returns``), or both. Where both exist for the same area and year, records
win and the return is flagged (see ``reports.figures``).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import F, Q

from activity.models.allegations import Allegation
from activity.models.records import (
    CdopCase,
    Consultation,
    MashEnquiry,
    Referral,
    Review,
    ReviewAction,
    S42Enquiry,
    SupervisionSession,
    TrainingSession,
)
from activity.models.reference import ClientGroup


@dataclass(frozen=True)
class Events:
    """Records whose ``on`` date falls in the period."""

    model: type
    on: str = "date"
    where: Q = field(default_factory=Q)


@dataclass(frozen=True)
class OpenAtEnd:
    """Records open on the last day of the period: started by then, not yet ended."""

    model: type
    started: str
    ended: str
    where: Q = field(default_factory=Q)


@dataclass(frozen=True)
class Metric:
    slug: str
    name: str
    description: str
    up_is_good: bool | None = None
    unit: str = "count"
    records: Events | OpenAtEnd | None = None
    accepts_returns: bool = True
    # Query parameters of the record list that shows the records behind the figure.
    list_filters: dict = field(default_factory=dict)
    # What is counted, to finish "In 2021/22 there were 1,427 ...": a sentence reads the metric's name otherwise.
    phrase: str = ""
    # Counted at a moment (staff who need training), not of events: a period's figure from returns is its latest
    # return, never the sum of its quarters' (``reports.figure_sql.latest_returns``).
    snapshot: bool = False
    # Counted from records nobody may list (allegations against staff): the figure never links to them, for anyone.
    restricted: bool = False

    @property
    def from_records(self) -> bool:
        return self.records is not None


_CHILD = Q(client_group=ClientGroup.CHILD)
_ADULT = Q(client_group=ClientGroup.ADULT)
_CHILD_PRACTICE_REVIEWS = Q(kind__in=Review.CHILD_PRACTICE_REVIEW_KINDS)
# An action counts as outstanding from its due date to its completion, so one completed in time never does
# (counting it would take it off before it was ever added: a negative figure). Actions of archived reviews
# are not counted, as the dashboard's list of overdue actions leaves them out.
_NOT_COMPLETED_IN_TIME = (Q(completed_on__isnull=True) | Q(completed_on__gt=F("due_on"))) & Q(
    review__archived_at__isnull=True
)

MASH_SHARED_IN_ONE_WORKING_DAY = "mash_health_shared_in_1_working_day"
# The seed's s.42 figure leaves out enquiries a local authority delegated to the Trust under a s.75 agreement; an
# enquiry whose delegation is not recorded (every one logged before it was asked) still counts.
S42_COUNTED = Q(delegated_s75__isnull=True) | Q(delegated_s75=False)

_DEFINITIONS = [
    Metric(
        "consultations",
        "Safeguarding consultations",
        "Calls and contacts to the safeguarding teams for advice, adults and children.",
        records=Events(Consultation),
    ),
    Metric(
        "adult_consultations",
        "Adult safeguarding consultations",
        "Calls and contacts to the adult safeguarding team for advice.",
        phrase="adult safeguarding consultations",
        records=Events(Consultation, where=_ADULT),
        list_filters={"client_group": "adult"},
    ),
    Metric(
        "child_consultations",
        "Children's consultation line calls",
        "Calls and contacts to the safeguarding children consultation line.",
        phrase="calls to the children's consultation line",
        records=Events(Consultation, where=_CHILD),
        list_filters={"client_group": "child"},
    ),
    Metric(
        "child_exploitation_consultations",
        "Children's consultations about exploitation",
        "Children's consultation line calls about child sexual or criminal exploitation.",
        phrase="calls to the consultation line about exploitation",
        records=Events(Consultation, where=_CHILD & Q(category__slug__in=["cse", "criminal-exploitation"])),
    ),
    Metric(
        "prevent_consultations",
        "Consultations about radicalisation (Prevent)",
        "Consultations, adults and children, whose category of concern is radicalisation.",
        phrase="consultations about radicalisation (Prevent)",
        records=Events(Consultation, where=Q(category__slug="radicalisation")),
    ),
    Metric(
        "fgm_consultations",
        "Consultations about female genital mutilation",
        "Consultations, adults and children, whose category of concern is female genital mutilation.",
        phrase="consultations about female genital mutilation",
        records=Events(Consultation, where=Q(category__slug="fgm")),
    ),
    Metric(
        "adult_referrals",
        "Adult referrals to local authorities",
        "Safeguarding adult referrals made by Trust staff to local authorities.",
        phrase="adult safeguarding referrals to local authorities",
        records=Events(Referral, where=_ADULT),
        list_filters={"client_group": "adult"},
    ),
    Metric(
        "child_referrals",
        "Referrals to children's social care",
        "Referrals made by Trust staff to children's social care.",
        phrase="referrals to children's social care",
        records=Events(Referral, where=_CHILD),
        list_filters={"client_group": "child"},
    ),
    Metric(
        "s42_enquiries",
        "s.42 enquiries undertaken",
        "Requests from local authorities for information for a Care Act s.42 enquiry. Enquiries delegated to the "
        "Trust under a s.75 agreement are left out, as the seed report leaves them out.",
        phrase="s.42 enquiries undertaken",
        records=Events(S42Enquiry, where=S42_COUNTED),
        list_filters={"delegated_s75": "counted"},
    ),
    Metric(
        "mash_enquiries",
        "MASH enquiries processed",
        "Enquiries processed by the Trust's health staff in a Multi-Agency Safeguarding Hub.",
        phrase="MASH enquiries processed",
        records=Events(MashEnquiry),
    ),
    Metric(
        "mash_open_cases",
        "MASH open cases at period end",
        "MASH enquiries received but not closed on the last day of the period.",
        phrase="MASH cases open at the end of the period",
        up_is_good=False,
        records=OpenAtEnd(MashEnquiry, started="date", ended="closed_on"),
    ),
    Metric(
        "mash_enquiries_closed",
        "MASH enquiries closed",
        "MASH enquiries closed in the period, by the day they were closed.",
        phrase="MASH enquiries closed",
        records=Events(MashEnquiry, on="closed_on"),
    ),
    Metric(
        "mash_enquiries_closed_in_3_days",
        "MASH enquiries closed within 3 days",
        "MASH enquiries closed in the period no more than 3 days after they were received: how timely the "
        "health checks were.",
        phrase="MASH enquiries closed within 3 days of being received",
        up_is_good=True,
        records=Events(MashEnquiry, on="closed_on", where=Q(closed_on__lte=F("date") + timedelta(days=3))),
    ),
    # Counted on the day the enquiry was received, as "MASH enquiries processed" is: the share within one working
    # day is the second over the first of those, and an enquiry still waiting counts against it (the dashboard
    # leaves out the days whose working day has not yet passed: ``reports.mash_timeliness``).
    Metric(
        "mash_health_shared",
        "MASH enquiries with health information shared",
        "MASH enquiries received in the period whose health information the Trust has shared with the hub.",
        phrase="MASH enquiries with health information shared",
        records=Events(MashEnquiry, where=Q(health_shared_on__isnull=False)),
    ),
    Metric(
        MASH_SHARED_IN_ONE_WORKING_DAY,
        "MASH enquiries with health information shared within one working day",
        "MASH enquiries received in the period whose health information was shared the same working day or the "
        "next (Monday to Friday, England's bank holidays not counted).",
        phrase="MASH enquiries with health information shared within one working day",
        up_is_good=True,
        records=Events(MashEnquiry, where=Q(health_shared_working_days__lte=1)),
    ),
    Metric(
        "cdop_cases_reviewed",
        "CDOP cases reviewed",
        "Child deaths whose CDOP review the Trust supported, by the date of review.",
        phrase="child deaths reviewed with the Trust's support",
        records=Events(CdopCase, on="reviewed_on"),
    ),
    Metric(
        "cdop_cases_known",
        "CDOP cases known to Trust services",
        "Child deaths notified in the period where the child or family was known to Trust services.",
        phrase="child deaths notified that were known to Trust services",
        records=Events(CdopCase, where=Q(known_to_trust_services=True)),
    ),
    Metric(
        "rapid_reviews_completed",
        "Rapid reviews completed",
        "Rapid reviews of serious child safeguarding incidents completed in the period.",
        records=Events(Review, on="rapid_review_completed_on"),
    ),
    Metric(
        "cspr_published",
        "CSPRs published",
        "Child safeguarding practice reviews (and joint or older serious case reviews) published.",
        records=Events(Review, on="published_on", where=_CHILD_PRACTICE_REVIEWS),
    ),
    Metric(
        "cspr_awaiting_publication",
        "CSPRs completed, awaiting publication",
        "Child safeguarding practice reviews completed but not published at period end.",
        records=OpenAtEnd(Review, started="completed_on", ended="published_on", where=_CHILD_PRACTICE_REVIEWS),
    ),
    Metric(
        "cspr_ongoing",
        "CSPRs ongoing",
        "Child safeguarding practice reviews commissioned and not completed at period end.",
        records=OpenAtEnd(Review, started="commissioned_on", ended="completed_on", where=_CHILD_PRACTICE_REVIEWS),
    ),
    Metric(
        "partnership_reviews",
        "Partnership reviews",
        "Partnership reviews the Trust took part in, by the date they began.",
        records=Events(Review, where=Q(kind=Review.Kind.PARTNERSHIP)),
    ),
    Metric(
        "review_actions_outstanding",
        "Review actions outstanding",
        "Actions from reviews, not archived, that were due by the last day of the period and not completed by "
        "then. An action completed on or before its due date is never outstanding.",
        up_is_good=False,
        records=OpenAtEnd(ReviewAction, started="due_on", ended="completed_on", where=_NOT_COMPLETED_IN_TIME),
    ),
    Metric(
        "child_training_sessions",
        "Safeguarding children training sessions delivered",
        "Level 2 and 3 safeguarding children training sessions delivered by the service.",
        phrase="safeguarding children training sessions",
        up_is_good=True,
        records=Events(TrainingSession, where=_CHILD),
        list_filters={"client_group": "child"},
    ),
    Metric(
        "adult_training_sessions",
        "Safeguarding adult training sessions delivered",
        "Level 2 and 3 safeguarding adult training sessions delivered by the service.",
        phrase="safeguarding adult training sessions",
        up_is_good=True,
        records=Events(TrainingSession, where=_ADULT),
        list_filters={"client_group": "adult"},
    ),
    Metric(
        "child_supervision_sessions",
        "Safeguarding children supervision sessions",
        "Safeguarding children supervision sessions delivered.",
        phrase="safeguarding children supervision sessions",
        up_is_good=True,
        records=Events(SupervisionSession, where=_CHILD),
        list_filters={"client_group": "child"},
    ),
    Metric(
        "reviews_open",
        "Reviews open",
        "Reviews of every kind started and not yet published at period end.",
        records=OpenAtEnd(Review, started="date", ended="published_on"),
    ),
    Metric(
        "reviews_published",
        "Reviews published",
        "Reviews of every kind published in the period.",
        records=Events(Review, on="published_on"),
    ),
    Metric(
        "training_staff_compliant",
        "Staff with their required safeguarding training",
        "Staff up to date with the safeguarding training their role requires (from the learning system).",
        up_is_good=True,
        snapshot=True,
    ),
    Metric(
        "training_staff_required",
        "Staff who need safeguarding training",
        "Staff whose role requires safeguarding training (from the learning system).",
        snapshot=True,
    ),
    Metric(
        "court_reports_supported",
        "Court reports supported",
        "Staff supported by the safeguarding children team to write reports for the family courts.",
        phrase="staff supported to write court reports",
    ),
    Metric(
        "allegations_against_staff",
        "Allegations against staff",
        "Allegations against staff managed under the allegations policy.",
        phrase="allegations against staff",
        records=Events(Allegation),
        restricted=True,
    ),
    Metric(
        "child_safeguarding_incidents",
        "Safeguarding children incidents",
        "Incidents identified as safeguarding children concerns, with their themes.",
        phrase="safeguarding children incidents",
    ),
    Metric(
        "service_audits_completed",
        "Safeguarding service audits completed",
        "Audits completed by the safeguarding service.",
        phrase="safeguarding service audits completed",
    ),
    Metric(
        "marac_referrals",
        "MARAC referrals made by the Trust",
        "Referrals by Trust staff to a multi-agency risk assessment conference.",
        phrase="MARAC referrals made by the Trust",
    ),
    Metric(
        "mappa_information_shares",
        "MAPPA information shares",
        "Information shared under multi-agency public protection arrangements.",
        phrase="MAPPA information shares",
    ),
    Metric(
        "fgm_cases_discussed",
        "FGM cases discussed",
        "Cases discussed at the monthly 'no names' FGM multi-agency meeting.",
        phrase="FGM cases discussed",
    ),
]

METRICS: dict[str, Metric] = {metric.slug: metric for metric in _DEFINITIONS}

# Training compliance is a ratio of two returns, checked against a local target.
COMPLIANCE_NUMERATOR = "training_staff_compliant"
COMPLIANCE_DENOMINATOR = "training_staff_required"


def get_metric(slug: str) -> Metric:
    try:
        return METRICS[slug]
    except KeyError:
        raise KeyError(f"No metric called {slug!r}") from None


def returnable_metric_choices() -> list[tuple[str, str]]:
    return [(metric.slug, metric.name) for metric in METRICS.values() if metric.accepts_returns]
