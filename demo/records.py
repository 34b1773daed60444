"""2021/22 held as records, generated so that they add up to the seed report's tables.

Where the seed gives a total (1,427 children's consultation calls split by service,
4,726 Oxfordshire MASH enquiries...), the generator makes exactly that many records;
what the seed does not say (the day of each call, the team) is drawn from a fixed
random seed, so every load makes the same records and the same figures. References are
the one thing not drawn from that seed: each is random, as the app's are (``new_reference``),
so nobody can work one out from another or from this code. The loader knows the demo is
there by the references' ``DEMO-`` prefix.
"""

import random
from collections.abc import Iterator
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
from core.periods import FinancialYear
from core.working_days import add_working_days

DEMO_PREFIX = "DEMO-"
YEAR = FinancialYear(2021)
CHILD, ADULT = ClientGroup.CHILD, ClientGroup.ADULT

# How the seed's adult consultations and its referrals split by category of concern (weights, and the
# categories drawn from): the later years' generator (``demo.later_records``) continues the same mix.
ADULT_CATEGORIES = {
    "neglect-omission": 18,
    "self-neglect": 16,
    "domestic-abuse": 16,
    "psychological-abuse": 14,
    "financial-abuse": 12,
    "physical-abuse": 12,
    "sexual-abuse": 6,
    "organisational-abuse": 3,
    "discriminatory-abuse": 1,
    "modern-slavery": 2,
}
CHILD_REFERRAL_CATEGORIES = ["emotional-abuse", "neglect", "domestic-abuse", "physical-abuse", "sexual-abuse"]
ADULT_REFERRAL_CATEGORIES = ["neglect-omission", "self-neglect", "domestic-abuse", "financial-abuse", "physical-abuse"]


def weekdays(first: date, last: date) -> list[date]:
    """Monday to Friday from ``first`` to ``last``, in order."""
    days = (first + timedelta(days=offset) for offset in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5]


def health_shared_on(rng: random.Random, received: date, closed: date | None) -> date:
    """When the Trust shared its health information on a MASH enquiry: over half the same working day, most of the
    rest the next, a few later, now and then after more than ten working days; never after the enquiry closed.
    ``rng`` is the sharing's own, so the enquiries' other dates are drawn as they were before it was recorded."""
    draw = rng.random()
    if draw < 0.55:
        days = 0
    elif draw < 0.88:
        days = 1
    elif draw < 0.95:
        days = 2
    elif draw < 0.99:
        days = rng.randrange(3, 6)
    else:
        days = rng.randrange(6, 15)
    shared = add_working_days(received, days)
    return min(shared, closed) if closed else shared


def allocate(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split ``total`` in proportion to ``weights``; the parts add up to ``total`` exactly."""
    weight_sum = sum(weights.values())
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    parts = {key: int(value) for key, value in exact.items()}
    for key in sorted(exact, key=lambda k: exact[k] - parts[k], reverse=True)[: total - sum(parts.values())]:
        parts[key] += 1
    return parts


class Generator:
    def __init__(self, areas: dict, services: dict, categories: dict):
        self.rng = random.Random(202122)
        self.areas, self.services, self.categories = areas, services, categories
        self.teams = {}
        for team in Team.objects.select_related("service"):
            self.teams.setdefault(team.service.slug, []).append(team)
        self.weekdays = weekdays(YEAR.start, YEAR.end)

    def reference(self, prefix: str) -> str:
        """A reference made as the app makes one (random, not derivable from the seed), marked as the demo's."""
        return new_reference(f"{DEMO_PREFIX}{prefix}")

    def day(self, latest: date | None = None) -> date:
        days = self.weekdays if latest is None else [d for d in self.weekdays if d <= latest]
        return self.rng.choice(days)

    def team(self, service_slug: str) -> Team | None:
        teams = self.teams.get(service_slug)
        return self.rng.choice(teams) if teams else None

    def area_split(self, parts: dict[str, int]) -> Iterator[str]:
        for slug, count in parts.items():
            yield from [slug] * count

    # Consultations --------------------------------------------------------------

    def child_consultations(self) -> list[Consultation]:
        by_service = {"oxon-sw-mh": 748, "bucks-mh": 281, "community-health": 382, "specialised": 16}
        exploitation = {
            "oxon-sw-mh": {"criminal-exploitation": 12, "cse": 4},
            "bucks-mh": {"criminal-exploitation": 6, "cse": 2},
            "community-health": {"criminal-exploitation": 3, "cse": 1},
        }
        other_weights = {
            "emotional-abuse": 34,
            "neglect": 22,
            "domestic-abuse": 20,
            "physical-abuse": 12,
            "sexual-abuse": 9,
            "fgm": 1,
            "radicalisation": 1,
        }
        areas_for = {
            "oxon-sw-mh": {"oxfordshire": 500, "banes": 48, "swindon": 110, "wiltshire": 90},
            "bucks-mh": {"buckinghamshire": 281},
            "community-health": {"oxfordshire": 382},
            "specialised": {"oxfordshire": 10, "buckinghamshire": 6},
        }
        consultations = []
        for service, total in by_service.items():
            fixed = exploitation.get(service, {})
            categories = dict(fixed)
            categories.update(allocate(total - sum(fixed.values()), other_weights))
            category_list = [slug for slug, count in categories.items() for _ in range(count)]
            self.rng.shuffle(category_list)
            for area, category in zip(self.area_split(areas_for[service]), category_list, strict=True):
                consultations.append(
                    Consultation(
                        reference=self.reference("CON"),
                        date=self.day(),
                        area=self.areas[area],
                        client_group=CHILD,
                        service=self.services[service],
                        team=self.team(service),
                        category=self.categories[category],
                        mode=self.rng.choice([Consultation.Mode.TELEPHONE] * 4 + [Consultation.Mode.VIDEO]),
                        outcome=self.rng.choice(list(Consultation.Outcome)),
                        case_reference=f"DEMO{self.rng.randrange(10**6):06d}",
                    )
                )
        return consultations

    def adult_consultations(self) -> list[Consultation]:
        categories = [slug for slug, count in allocate(429, ADULT_CATEGORIES).items() for _ in range(count)]
        self.rng.shuffle(categories)
        places = [("oxfordshire", "oxon-sw-mh")] * 3 + [("oxfordshire", "community-health")] * 2
        places += [("buckinghamshire", "bucks-mh")] * 2
        return [
            Consultation(
                reference=self.reference("CON"),
                date=self.day(),
                area=self.areas[area],
                client_group=ADULT,
                service=self.services[service],
                team=self.team(service),
                category=self.categories[category],
                mode=Consultation.Mode.TELEPHONE,
                outcome=self.rng.choice(list(Consultation.Outcome)),
                case_reference=f"DEMO{self.rng.randrange(10**6):06d}",
            )
            for category, (area, service) in ((c, self.rng.choice(places)) for c in categories)
        ]

    # Referrals and s.42 enquiries -----------------------------------------------

    def child_referrals(self) -> list[Referral]:
        plan = [
            ("oxfordshire", "oxon-sw-mh", 63),
            ("buckinghamshire", "bucks-mh", 27),
            ("banes", "oxon-sw-mh", 12),
            ("swindon", "oxon-sw-mh", 41),
            ("wiltshire", "oxon-sw-mh", 32),
            ("oxfordshire", "community-health", 86),
        ]
        return [
            Referral(
                reference=self.reference("REF"),
                date=self.day(),
                area=self.areas[area],
                client_group=CHILD,
                service=self.services[service],
                team=self.team(service),
                referred_to=Referral.ReferredTo.CHILDRENS_SOCIAL_CARE,
                category=self.categories[self.rng.choice(CHILD_REFERRAL_CATEGORIES)],
                case_reference=f"DEMO{self.rng.randrange(10**6):06d}",
            )
            for area, service, count in plan
            for _ in range(count)
        ]

    def adult_referrals(self) -> list[Referral]:
        places = [("oxfordshire", "oxon-sw-mh"), ("oxfordshire", "community-health"), ("buckinghamshire", "bucks-mh")]
        referrals = []
        for _ in range(266):
            area, service = self.rng.choice(places)
            referrals.append(
                Referral(
                    reference=self.reference("REF"),
                    date=self.day(),
                    area=self.areas[area],
                    client_group=ADULT,
                    service=self.services[service],
                    team=self.team(service),
                    referred_to=Referral.ReferredTo.ADULT_SOCIAL_CARE,
                    category=self.categories[self.rng.choice(ADULT_REFERRAL_CATEGORIES)],
                    case_reference=f"DEMO{self.rng.randrange(10**6):06d}",
                )
            )
        return referrals

    def s42_enquiries(self) -> list[S42Enquiry]:
        enquiries = []
        for number in range(31):
            requested = self.day()
            shared = requested + timedelta(days=self.rng.randrange(20, 120)) if number % 3 == 0 else None
            enquiries.append(
                S42Enquiry(
                    reference=self.reference("S42"),
                    date=requested,
                    area=self.areas[self.rng.choice(["oxfordshire", "oxfordshire", "buckinghamshire"])],
                    service=self.services[self.rng.choice(["oxon-sw-mh", "bucks-mh", "community-health"])],
                    outcome_shared_on=shared,
                    case_reference=f"DEMO{self.rng.randrange(10**6):06d}",
                )
            )
        return enquiries

    # MASH and child deaths --------------------------------------------------------

    def mash_enquiries(self) -> list[MashEnquiry]:
        enquiries = []
        sharing = random.Random("demo:2021/22:MASH sharing")
        for _ in range(4726):
            received = self.day()
            closed = min(received + timedelta(days=self.rng.randrange(0, 4)), YEAR.end)
            enquiries.append(
                MashEnquiry(
                    reference=self.reference("MASH"),
                    date=received,
                    area=self.areas["oxfordshire"],
                    health_shared_on=health_shared_on(sharing, received, closed),
                    closed_on=closed,
                )
            )
        open_at_year_end = set(self.rng.sample(range(638), 253))
        for number in range(638):
            received = self.day()
            if number in open_at_year_end:
                closed = YEAR.end + timedelta(days=self.rng.randrange(1, 90))
            else:
                closed = min(received + timedelta(days=self.rng.randrange(1, 30)), YEAR.end)
            enquiries.append(
                MashEnquiry(
                    reference=self.reference("MASH"),
                    date=received,
                    area=self.areas["buckinghamshire"],
                    health_shared_on=health_shared_on(sharing, received, closed),
                    closed_on=closed,
                    strategy_meeting=self.rng.random() < 0.3,
                )
            )
        return enquiries

    def cdop_cases(self) -> list[CdopCase]:
        # area: (reviewed in 2021/22, known to Trust services); a case known but not yet
        # reviewed was notified late in the year and reviewed in the next.
        plan = {
            "berkshire": (25, 0),
            "banes": (1, 1),
            "swindon": (2, 1),
            "wiltshire": (1, 1),
            "buckinghamshire": (31, 3),
            "oxfordshire": (33, 34),
        }
        cases = []
        for area, (reviewed, known) in plan.items():
            for number in range(max(reviewed, known)):
                if number < reviewed:
                    notified = self.day(latest=YEAR.end - timedelta(days=60))
                    reviewed_on = notified + timedelta(days=self.rng.randrange(14, 60))
                else:
                    notified = date(2022, 3, 21)
                    reviewed_on = None
                cases.append(
                    CdopCase(
                        reference=self.reference("CDOP"),
                        date=notified,
                        reviewed_on=reviewed_on,
                        area=self.areas[area],
                        known_to_trust_services=number < known,
                        jar_attended=area == "buckinghamshire" and number < 3,
                    )
                )
        return cases

    # Reviews ----------------------------------------------------------------------

    def reviews(self) -> list[tuple[Review, list[ReviewAction]]]:
        """CSPRs and rapid reviews by area, as in the seed's table 8.3.2."""
        # area: rapid reviews, published, completed awaiting publication, ongoing, partnership
        plan = {
            "oxfordshire": (6, 1, 2, 1, 1),
            "buckinghamshire": (1, 1, 1, 1, 1),
            "banes": (1, 0, 0, 1, 0),
            "swindon": (2, 0, 0, 0, 1),
            "wiltshire": (1, 0, 0, 0, 0),
        }
        made = []
        for area, (rapid, published, awaiting, ongoing, partnership) in plan.items():
            kind_of_ongoing = Review.Kind.JOINT_SAR_CSPR if area == "buckinghamshire" else Review.Kind.CSPR
            for number in range(rapid):
                started = date(2021, 4 + number, 5)
                commissioned = (
                    started + timedelta(days=40) if (number == 0 and ongoing and area != "buckinghamshire") else None
                )
                made.append(
                    self._review(
                        area,
                        Review.Kind.CSPR,
                        f"Rapid review {number + 1}",
                        started,
                        started + timedelta(days=15),
                        commissioned,
                    )
                )
            if area == "buckinghamshire" and ongoing:
                made.append(
                    self._review(area, kind_of_ongoing, "Joint SAR/CSPR", date(2020, 11, 2), None, date(2021, 1, 11))
                )
            for number in range(published):
                review = self._review(
                    area,
                    Review.Kind.CSPR,
                    f"CSPR published {number + 1}",
                    date(2019, 9, 2),
                    date(2019, 9, 20),
                    date(2019, 11, 1),
                )
                review[0].completed_on, review[0].published_on = date(2021, 2, 26), date(2021, 6, 14)
                made.append(review)
            for number in range(awaiting):
                review = self._review(
                    area,
                    Review.Kind.CSPR,
                    f"CSPR completed {number + 1}",
                    date(2020, 7, 6),
                    date(2020, 7, 24),
                    date(2020, 9, 7),
                )
                review[0].completed_on = date(2021, 10, 4 + number)
                made.append(review)
            for number in range(partnership):
                made.append(
                    self._review(
                        area,
                        Review.Kind.PARTNERSHIP,
                        f"Partnership review {number + 1}",
                        date(2021, 9, 6),
                        None,
                        date(2021, 9, 6),
                    )
                )
        return made

    def _review(self, area, kind, title, started, rapid_done, commissioned):
        review = Review(
            reference=self.reference("REV"),
            date=started,
            area=self.areas[area],
            kind=kind,
            title=f"{self.areas[area].label} {title}",
            rapid_review_completed_on=rapid_done,
            commissioned_on=commissioned,
        )
        actions = []
        if commissioned:
            for number, (due, done) in enumerate(
                [(date(2021, 12, 17), date(2021, 12, 10)), (date(2022, 6, 30), date(2022, 6, 20))], start=1
            ):
                actions.append(
                    ReviewAction(
                        description=f"Share the learning from the review with the teams involved (action {number}).",
                        owner_note="Named nurse, safeguarding children",
                        agreed_on=max(commissioned, date(2021, 4, 1)),
                        due_on=due,
                        status=ReviewAction.Status.COMPLETED,
                        completed_on=done,
                    )
                )
        return review, actions

    # Training and supervision ---------------------------------------------------------

    def training_sessions(self) -> list[TrainingSession]:
        sessions = []
        for client_group, count, subject in ((CHILD, 30, "children"), (ADULT, 26, "adults")):
            for number in range(count):
                level = 3 if number % 3 else 2
                sessions.append(
                    TrainingSession(
                        reference=self.reference("TRN"),
                        date=self.day(),
                        area=self.areas[self.rng.choice(["oxfordshire", "buckinghamshire", "swindon"])],
                        client_group=client_group,
                        level=level,
                        title=f"Level {level} safeguarding {subject}",
                        delivery=self.rng.choice(
                            [TrainingSession.Delivery.VIRTUAL] * 3 + [TrainingSession.Delivery.FACE_TO_FACE]
                        ),
                        attendees=self.rng.randrange(8, 40),
                    )
                )
        return sessions

    def supervision_sessions(self) -> list[SupervisionSession]:
        places = [
            ("oxfordshire", "community-health"),
            ("oxfordshire", "community-health"),
            ("oxfordshire", "oxon-sw-mh"),
            ("buckinghamshire", "bucks-mh"),
            ("swindon", "oxon-sw-mh"),
            ("wiltshire", "oxon-sw-mh"),
        ]
        sessions = []
        for number in range(146):
            area, service = self.rng.choice(places)
            sessions.append(
                SupervisionSession(
                    reference=self.reference("SUP"),
                    date=self.day(),
                    area=self.areas[area],
                    client_group=CHILD,
                    service=self.services[service],
                    team=self.team(service),
                    format=SupervisionSession.Format.INDIVIDUAL
                    if number % 10 == 0
                    else SupervisionSession.Format.GROUP,
                    attendees=1 if number % 10 == 0 else self.rng.randrange(3, 15),
                )
            )
        return sessions


def generator() -> Generator:
    return Generator(
        areas={area.slug: area for area in Area.objects.all()},
        services={service.slug: service for service in Service.objects.all()},
        categories={category.slug: category for category in Category.objects.all()},
    )
