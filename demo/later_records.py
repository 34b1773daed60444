"""The records of each working day after 2021/22, planned as the seed's year continued.

Each kind of record on each day is drawn from its own ``random.Random`` seeded by the day and the kind, so a day's
plan is the same whenever it is made: loading through a day in one go makes the records that loading through an
earlier day and then that day makes. The mix (services, areas, teams, client groups, categories) is the seed's;
the volume grows by about 3% a year, dips in August and over Christmas, and there are no records at weekends.

A plan holds every follow-up date the record will ever have (a MASH enquiry's closing, a CDOP review, an s.42
outcome, a review's stages, an action's completion). ``until_day`` takes off those still to come, so a record
whose follow-up is after the day the demo is loaded to is left open; ``FOLLOW_UPS`` and ``LONGEST_WAIT`` say
which dates those are and how long after its day a record's last follow-up can come.
"""

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from activity.models import (
    Area,
    Category,
    CdopCase,
    ClientGroup,
    Consultation,
    MashEnquiry,
    Referral,
    Review,
    ReviewAction,
    S42Enquiry,
    Service,
    SupervisionSession,
    Team,
    TrainingSession,
)
from activity.models.records import new_reference
from demo.records import (
    ADULT_CATEGORIES,
    ADULT_REFERRAL_CATEGORIES,
    CHILD_REFERRAL_CATEGORIES,
    DEMO_PREFIX,
    health_shared_on,
    weekdays,
)

FIRST_DAY = date(2022, 4, 1)
CHILD, ADULT = ClientGroup.CHILD, ClientGroup.ADULT
SEED_WEEKDAYS = 261  # Monday to Friday in 2021/22: the seed's yearly totals are spread over these

# Dates a record gets later than its own, which stay empty until they have come.
FOLLOW_UPS = {
    MashEnquiry: ("health_shared_on", "closed_on"),
    CdopCase: ("reviewed_on",),
    S42Enquiry: ("outcome_shared_on",),
    Review: ("rapid_review_completed_on", "commissioned_on", "completed_on", "published_on"),
}
# The longest a record's last follow-up (an action's completion, for a review) can come after its own day.
LONGEST_WAIT = {MashEnquiry: 90, CdopCase: 150, S42Enquiry: 150, Review: 800}

# (service, area, calls a year in 2021/22), as the seed splits the children's consultation line.
CHILD_CONSULTATIONS = [
    ("oxon-sw-mh", "oxfordshire", 500),
    ("oxon-sw-mh", "banes", 48),
    ("oxon-sw-mh", "swindon", 110),
    ("oxon-sw-mh", "wiltshire", 90),
    ("bucks-mh", "buckinghamshire", 281),
    ("community-health", "oxfordshire", 382),
    ("specialised", "oxfordshire", 10),
    ("specialised", "buckinghamshire", 6),
]
CHILD_CATEGORIES = {
    "emotional-abuse": 34,
    "neglect": 22,
    "domestic-abuse": 20,
    "physical-abuse": 12,
    "sexual-abuse": 9,
    "criminal-exploitation": 1.5,
    "cse": 0.5,
    "fgm": 1,
    "radicalisation": 1,
}
ADULT_PLACES = {
    ("oxfordshire", "oxon-sw-mh"): 3,
    ("oxfordshire", "community-health"): 2,
    ("buckinghamshire", "bucks-mh"): 2,
}
CHILD_REFERRALS = [
    ("oxon-sw-mh", "oxfordshire", 63),
    ("bucks-mh", "buckinghamshire", 27),
    ("oxon-sw-mh", "banes", 12),
    ("oxon-sw-mh", "swindon", 41),
    ("oxon-sw-mh", "wiltshire", 32),
    ("community-health", "oxfordshire", 86),
]
# area: (child deaths reviewed a year, share known to Trust services)
CDOP_AREAS = {
    "oxfordshire": (36, 0.9),
    "buckinghamshire": (32, 0.1),
    "berkshire": (25, 0.0),
    "banes": (1.5, 0.6),
    "swindon": (2, 0.6),
    "wiltshire": (1.5, 0.6),
}
# area: (rapid reviews a year, partnership reviews a year)
REVIEW_AREAS = {
    "oxfordshire": (6, 1),
    "buckinghamshire": (1.5, 1),
    "banes": (1, 0.3),
    "swindon": (2, 1),
    "wiltshire": (1, 0.3),
}
ACTION_OWNERS = [
    "Named nurse, safeguarding children",
    "Named professional, safeguarding adults",
    "Head of safeguarding",
    "Service director, community health",
    "Clinical lead, CAMHS",
]
ACTION_DESCRIPTIONS = [
    "Share the learning from the review with the teams involved.",
    "Audit how well records show the voice of the child.",
    "Add the review's themes to level 3 safeguarding training.",
    "Check that teams ask about the adults in the household at every contact.",
    "Agree with partners how information is shared when a family moves area.",
]
SUPERVISION_PLACES = {
    ("oxfordshire", "community-health"): 2,
    ("oxfordshire", "oxon-sw-mh"): 1,
    ("buckinghamshire", "bucks-mh"): 1,
    ("swindon", "oxon-sw-mh"): 1,
    ("wiltshire", "oxon-sw-mh"): 1,
}


def season(day: date) -> float:
    """Quieter in August and over Christmas and New Year."""
    if (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 3):
        return 0.5
    return 0.8 if day.month == 8 else 1.0


# The average working day's season over a year: dividing by it keeps a year's total growing with the trend.
_A_YEAR = weekdays(date(2022, 4, 1), date(2023, 3, 31))
SEASON_MEAN = sum(season(day) for day in _A_YEAR) / len(_A_YEAR)


def activity_level(day: date) -> float:
    """How busy a day is beside an average day of 2021/22: about 3% more a year, with its season."""
    growth = 1.03 ** ((day - date(2021, 10, 1)).days / 365.25)
    return growth * season(day) / SEASON_MEAN


def poisson(rng: random.Random, mean: float) -> int:
    """How many events happen on a day when ``mean`` happen on average (Knuth's method: means here are small)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def until_day(record, until: date) -> None:
    """Empty the record's follow-up dates that are after ``until``: they have not happened yet."""
    for name in FOLLOW_UPS.get(type(record), ()):
        if getattr(record, name) is not None and getattr(record, name) > until:
            setattr(record, name, None)


def actions_until(actions: list[ReviewAction], until: date) -> list[ReviewAction]:
    """The review's actions agreed by ``until``, each completed only if it was by then."""
    agreed = [action for action in actions if action.agreed_on <= until]
    for action in agreed:
        if action.completed_on is not None and action.completed_on > until:
            action.completed_on = None
        action.status = ReviewAction.Status.COMPLETED if action.completed_on else ReviewAction.Status.IN_PROGRESS
    return agreed


@dataclass
class PlannedReview:
    review: Review
    actions: list[ReviewAction]


class DayPlanner:
    """Makes a day's records of one kind (unsaved), with every follow-up date they will ever have."""

    def __init__(self, areas: dict, services: dict, categories: dict, teams: dict):
        self.areas, self.services, self.categories, self.teams = areas, services, categories, teams
        self.kinds = {
            "child consultations": (Consultation, self.child_consultations),
            "adult consultations": (Consultation, self.adult_consultations),
            "child referrals": (Referral, self.child_referrals),
            "adult referrals": (Referral, self.adult_referrals),
            "s.42 enquiries": (S42Enquiry, self.s42_enquiries),
            "MASH enquiries": (MashEnquiry, self.mash_enquiries),
            "CDOP cases": (CdopCase, self.cdop_cases),
            "training sessions": (TrainingSession, self.training_sessions),
            "supervision sessions": (SupervisionSession, self.supervision_sessions),
            "reviews": (Review, self.reviews),
        }

    def plan(self, kind: str, day: date) -> list:
        _, make = self.kinds[kind]
        return make(random.Random(f"demo:{day.isoformat()}:{kind}"), day, activity_level(day))

    def kind_of(self, model) -> str:
        """The one kind that makes the model's records (a model with follow-ups is made by one kind only)."""
        return next(kind for kind, (made, _) in self.kinds.items() if made is model)

    # Shared pieces --------------------------------------------------------------------

    def _reference(self, prefix: str) -> str:
        return new_reference(f"{DEMO_PREFIX}{prefix}")

    def _team(self, rng: random.Random, service: str) -> Team | None:
        teams = self.teams.get(service)
        return rng.choice(teams) if teams else None

    def _case(self, rng: random.Random) -> str:
        return f"DEMO{rng.randrange(10**6):06d}"

    @staticmethod
    def _weighted(rng: random.Random, weights: dict):
        return rng.choices(list(weights), weights=list(weights.values()))[0]

    # Consultations and referrals --------------------------------------------------------

    def child_consultations(self, rng, day, level) -> list[Consultation]:
        made = []
        for position, (service, area, a_year) in enumerate(CHILD_CONSULTATIONS):
            count = poisson(rng, a_year / SEED_WEEKDAYS * level)
            if position == 0:
                count = max(1, count)  # every working day has a call: the loader reads the last day loaded by it
            for _ in range(count):
                made.append(
                    Consultation(
                        reference=self._reference("CON"),
                        date=day,
                        area=self.areas[area],
                        client_group=CHILD,
                        service=self.services[service],
                        team=self._team(rng, service),
                        category=self.categories[self._weighted(rng, CHILD_CATEGORIES)],
                        mode=rng.choice([Consultation.Mode.TELEPHONE] * 4 + [Consultation.Mode.VIDEO]),
                        outcome=rng.choice(list(Consultation.Outcome)),
                        case_reference=self._case(rng),
                    )
                )
        return made

    def adult_consultations(self, rng, day, level) -> list[Consultation]:
        made = []
        for _ in range(poisson(rng, 429 / SEED_WEEKDAYS * level)):
            area, service = self._weighted(rng, ADULT_PLACES)
            made.append(
                Consultation(
                    reference=self._reference("CON"),
                    date=day,
                    area=self.areas[area],
                    client_group=ADULT,
                    service=self.services[service],
                    team=self._team(rng, service),
                    category=self.categories[self._weighted(rng, ADULT_CATEGORIES)],
                    mode=Consultation.Mode.TELEPHONE,
                    outcome=rng.choice(list(Consultation.Outcome)),
                    case_reference=self._case(rng),
                )
            )
        return made

    def child_referrals(self, rng, day, level) -> list[Referral]:
        made = []
        for service, area, a_year in CHILD_REFERRALS:
            for _ in range(poisson(rng, a_year / SEED_WEEKDAYS * level)):
                made.append(
                    Referral(
                        reference=self._reference("REF"),
                        date=day,
                        area=self.areas[area],
                        client_group=CHILD,
                        service=self.services[service],
                        team=self._team(rng, service),
                        referred_to=Referral.ReferredTo.CHILDRENS_SOCIAL_CARE,
                        category=self.categories[rng.choice(CHILD_REFERRAL_CATEGORIES)],
                        case_reference=self._case(rng),
                    )
                )
        return made

    def adult_referrals(self, rng, day, level) -> list[Referral]:
        made = []
        for _ in range(poisson(rng, 266 / SEED_WEEKDAYS * level)):
            area, service = rng.choice(list(ADULT_PLACES))
            made.append(
                Referral(
                    reference=self._reference("REF"),
                    date=day,
                    area=self.areas[area],
                    client_group=ADULT,
                    service=self.services[service],
                    team=self._team(rng, service),
                    referred_to=Referral.ReferredTo.ADULT_SOCIAL_CARE,
                    category=self.categories[rng.choice(ADULT_REFERRAL_CATEGORIES)],
                    case_reference=self._case(rng),
                )
            )
        return made

    def s42_enquiries(self, rng, day, level) -> list[S42Enquiry]:
        made = []
        for _ in range(poisson(rng, 31 / SEED_WEEKDAYS * level)):
            shared = day + timedelta(days=rng.randrange(20, 150)) if rng.random() < 0.7 else None
            made.append(
                S42Enquiry(
                    reference=self._reference("S42"),
                    date=day,
                    area=self.areas[rng.choice(["oxfordshire", "oxfordshire", "buckinghamshire"])],
                    service=self.services[rng.choice(["oxon-sw-mh", "bucks-mh", "community-health"])],
                    outcome_shared_on=shared,
                    case_reference=self._case(rng),
                )
            )
        return made

    # MASH and child deaths ----------------------------------------------------------------

    def mash_enquiries(self, rng, day, level) -> list[MashEnquiry]:
        made = []
        sharing = random.Random(f"demo:{day.isoformat()}:MASH sharing")  # its own: the other draws stay as they were
        for _ in range(max(1, poisson(rng, 4726 / SEED_WEEKDAYS * level))):
            closed = day + timedelta(days=rng.randrange(0, 4) if rng.random() < 0.97 else rng.randrange(4, 15))
            made.append(
                MashEnquiry(
                    reference=self._reference("MASH"),
                    date=day,
                    area=self.areas["oxfordshire"],
                    health_shared_on=health_shared_on(sharing, day, closed),
                    closed_on=closed,
                )
            )
        for _ in range(poisson(rng, 638 / SEED_WEEKDAYS * level)):
            wait = rng.randrange(1, 30) if rng.random() < 0.6 else rng.randrange(30, 90)
            made.append(
                MashEnquiry(
                    reference=self._reference("MASH"),
                    date=day,
                    area=self.areas["buckinghamshire"],
                    health_shared_on=health_shared_on(sharing, day, day + timedelta(days=wait)),
                    closed_on=day + timedelta(days=wait),
                    strategy_meeting=rng.random() < 0.3,
                )
            )
        return made

    def cdop_cases(self, rng, day, level) -> list[CdopCase]:
        made = []
        for area, (a_year, known_share) in CDOP_AREAS.items():
            for _ in range(poisson(rng, a_year / SEED_WEEKDAYS)):
                known = rng.random() < known_share
                made.append(
                    CdopCase(
                        reference=self._reference("CDOP"),
                        date=day,
                        reviewed_on=day + timedelta(days=rng.randrange(30, 150)),
                        area=self.areas[area],
                        known_to_trust_services=known,
                        jar_attended=area == "buckinghamshire" and rng.random() < 0.1,
                        cdrm_held=known and rng.random() < 0.3,
                    )
                )
        return made

    # Reviews and their actions ---------------------------------------------------------------

    def reviews(self, rng, day, level) -> list[PlannedReview]:
        made = []
        for area, (rapid_a_year, partnership_a_year) in REVIEW_AREAS.items():
            for _ in range(poisson(rng, rapid_a_year / SEED_WEEKDAYS)):
                made.append(self._rapid_review(rng, day, area))
            for _ in range(poisson(rng, partnership_a_year / SEED_WEEKDAYS)):
                made.append(self._partnership_review(rng, day, area))
        return made

    def _rapid_review(self, rng, day, area) -> PlannedReview:
        """A rapid review, and for about a third of them a practice review commissioned after it."""
        review = Review(
            reference=self._reference("REV"),
            date=day,
            area=self.areas[area],
            kind=Review.Kind.CSPR,
            title=f"{self.areas[area].label} rapid review {day:%B %Y}",
            rapid_review_completed_on=day + timedelta(days=15),
        )
        if rng.random() < 0.35:
            review.commissioned_on = review.rapid_review_completed_on + timedelta(days=rng.randrange(25, 60))
            review.completed_on = review.commissioned_on + timedelta(days=rng.randrange(240, 420))
            if rng.random() < 0.8:
                review.published_on = review.completed_on + timedelta(days=rng.randrange(60, 240))
        return PlannedReview(review, self._actions(rng, review))

    def _partnership_review(self, rng, day, area) -> PlannedReview:
        review = Review(
            reference=self._reference("REV"),
            date=day,
            area=self.areas[area],
            kind=Review.Kind.PARTNERSHIP,
            title=f"{self.areas[area].label} partnership review {day:%B %Y}",
            commissioned_on=day,
        )
        review.completed_on = day + timedelta(days=rng.randrange(150, 300))
        if rng.random() < 0.5:
            review.published_on = review.completed_on + timedelta(days=rng.randrange(30, 90))
        return PlannedReview(review, self._actions(rng, review))

    def _actions(self, rng, review: Review) -> list[ReviewAction]:
        """Two to four actions agreed when the review is commissioned: most done by their due date, some late,
        a few never."""
        if review.commissioned_on is None:
            return []
        actions = []
        for description in rng.sample(ACTION_DESCRIPTIONS, rng.randrange(2, 5)):
            due = review.commissioned_on + timedelta(days=rng.randrange(60, 240))
            chance = rng.random()
            if chance < 0.65:
                done = max(review.commissioned_on, due - timedelta(days=rng.randrange(0, 45)))
            elif chance < 0.9:
                done = due + timedelta(days=rng.randrange(7, 90))
            else:
                done = None
            actions.append(
                ReviewAction(
                    description=description,
                    owner_note=rng.choice(ACTION_OWNERS),
                    agreed_on=review.commissioned_on,
                    due_on=due,
                    completed_on=done,
                    status=ReviewAction.Status.COMPLETED if done else ReviewAction.Status.IN_PROGRESS,
                )
            )
        return actions

    # Training and supervision ------------------------------------------------------------------

    def training_sessions(self, rng, day, level) -> list[TrainingSession]:
        made = []
        for client_group, a_year, subject in ((CHILD, 30, "children"), (ADULT, 26, "adults")):
            for _ in range(poisson(rng, a_year / SEED_WEEKDAYS * level)):
                training_level = rng.choice([2, 3, 3])
                made.append(
                    TrainingSession(
                        reference=self._reference("TRN"),
                        date=day,
                        area=self.areas[rng.choice(["oxfordshire", "buckinghamshire", "swindon"])],
                        client_group=client_group,
                        level=training_level,
                        title=f"Level {training_level} safeguarding {subject}",
                        delivery=rng.choice(
                            [TrainingSession.Delivery.VIRTUAL] * 3 + [TrainingSession.Delivery.FACE_TO_FACE]
                        ),
                        attendees=rng.randrange(8, 40),
                    )
                )
        return made

    def supervision_sessions(self, rng, day, level) -> list[SupervisionSession]:
        made = []
        for _ in range(poisson(rng, 146 / SEED_WEEKDAYS * level)):
            area, service = self._weighted(rng, SUPERVISION_PLACES)
            individual = rng.random() < 0.1
            made.append(
                SupervisionSession(
                    reference=self._reference("SUP"),
                    date=day,
                    area=self.areas[area],
                    client_group=CHILD,
                    service=self.services[service],
                    team=self._team(rng, service),
                    format=SupervisionSession.Format.INDIVIDUAL if individual else SupervisionSession.Format.GROUP,
                    attendees=1 if individual else rng.randrange(3, 15),
                )
            )
        return made


def day_planner() -> DayPlanner:
    teams = {}
    for team in Team.objects.select_related("service").order_by("pk"):
        teams.setdefault(team.service.slug, []).append(team)
    return DayPlanner(
        areas={area.slug: area for area in Area.objects.all()},
        services={service.slug: service for service in Service.objects.all()},
        categories={category.slug: category for category in Category.objects.all()},
        teams=teams,
    )
