"""Records: one row per safeguarding event the team logs.

No record holds a person's name: ``case_reference`` is enough to find the case in the
clinical system. ``notes`` is free text and sensitive: it never reaches a report or an
export meant for the Board.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.text import capfirst
from simple_history.models import HistoricalRecords

from activity.models.reference import Area, Category, ClientGroup, Service, Team
from core.working_days import working_days_after


def area_paths(user) -> list[str]:
    """The paths of the user's areas, read once per user object (so once per request)."""
    if not hasattr(user, "_area_paths_cache"):
        user._area_paths_cache = list(user.areas.values_list("path", flat=True))
    return user._area_paths_cache


def within_paths(paths: list[str], path_lookup: str = "path") -> Q:
    """Rows in any of the areas with these paths, or below them."""
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path_lookup}__startswith": path})
    return condition


@dataclass(frozen=True)
class DateOrder:
    """A rule between two of a record's dates, written once: the database's constraint and the form's check
    both read it, so both say the same words. ``later``, when given, is on or after ``earlier``; with
    ``earlier_needed``, ``later`` also needs ``earlier`` to be given."""

    name: str
    earlier: str
    later: str
    message: str
    earlier_needed: bool = False

    def constraint(self) -> models.CheckConstraint:
        in_order = {f"{self.later}__gte": F(self.earlier)}
        if self.earlier_needed:
            in_order[f"{self.earlier}__isnull"] = False
        return models.CheckConstraint(
            condition=Q(**{f"{self.later}__isnull": True}) | Q(**in_order),
            name=self.name,
            violation_error_message=self.message,
        )


def date_order_constraints(rules: tuple[DateOrder, ...]) -> list[models.CheckConstraint]:
    return [rule.constraint() for rule in rules]


S42_DATE_ORDER = (
    DateOrder(
        "s42_outcome_not_before_request",
        "date",
        "outcome_shared_on",
        "The outcome cannot be shared before the enquiry was requested",
    ),
    DateOrder(
        "s42_concluded_not_before_request",
        "date",
        "concluded_on",
        "An enquiry cannot be concluded before it was requested",
    ),
)


@dataclass(frozen=True)
class ItemRule:
    """A rule between an s.42 enquiry's national items, written once: ``field`` may be filled only where
    ``allowed`` holds. The database's constraint and the model's ``clean`` both read it, in the same words."""

    name: str
    field: str
    allowed: Q
    message: str

    def constraint(self) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=Q(**{self.field: ""}) | self.allowed, name=self.name, violation_error_message=self.message
        )


S42_RESULT_AFTER = ("risk_action", "inconclusive_action")
S42_ITEM_RULES = (
    ItemRule(
        "s42_result_only_after_action",
        "risk_result",
        Q(action_taken__in=S42_RESULT_AFTER),
        "Result: give one only where a risk was identified, or the assessment was inconclusive, and action was "
        "taken. Choose 'Not recorded' or change the action taken",
    ),
    ItemRule(
        "s42_achieved_only_if_expressed",
        "outcomes_achieved",
        Q(outcomes_asked="asked_expressed"),
        "Desired outcomes achieved: give this only where the person was asked and expressed the outcomes they "
        "wanted. Choose 'Not recorded' or change what they were asked",
    ),
    ItemRule(
        "s42_advocacy_only_if_lacking_capacity",
        "advocacy",
        Q(lacked_capacity="yes"),
        "Supported by an advocate, family or friend: give this only where the person was assessed as lacking "
        "capacity. Choose 'Not recorded' or change the capacity answer",
    ),
)

MASH_DATE_ORDER = (
    DateOrder(
        "mash_closed_not_before_received", "date", "closed_on", "An enquiry cannot be closed before it was received"
    ),
    DateOrder(
        "mash_shared_not_before_received",
        "date",
        "health_shared_on",
        "Health information cannot be shared before the enquiry was received",
    ),
)
CDOP_DATE_ORDER = (
    DateOrder(
        "cdop_reviewed_not_before_notified",
        "date",
        "reviewed_on",
        "A case cannot be reviewed before the Trust was notified of it",
    ),
)
REVIEW_DATE_ORDER = (
    DateOrder(
        "review_rapid_review_not_before_start",
        "date",
        "rapid_review_completed_on",
        "A rapid review cannot be completed before the review started",
    ),
    DateOrder(
        "review_commissioned_not_before_start",
        "date",
        "commissioned_on",
        "A review cannot be commissioned before it started",
    ),
    DateOrder(
        "review_completed_after_commissioned",
        "commissioned_on",
        "completed_on",
        "A review cannot be completed before it was commissioned",
        earlier_needed=True,
    ),
    DateOrder(
        "review_published_after_completed",
        "completed_on",
        "published_on",
        "A review cannot be published before it was completed",
        earlier_needed=True,
    ),
)


class RecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What ``user`` may see: nothing without the view permission; otherwise every
        area for those who see all areas, else only their own areas and those below."""
        model = self.model
        if not user.is_authenticated or not user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            return self.none()
        if user.has_perm("accounts.view_all_areas"):
            return self
        paths = area_paths(user)
        if not paths:
            return self.none()
        return self.filter(within_paths(paths, f"{model.area_field}__path"))

    def within(self, area: Area):
        return self.filter(**{f"{self.model.area_field}__path__startswith": area.path})

    def archived(self):
        return self.filter(archived_at__isnull=False)


class CurrentRecordManager(models.Manager.from_queryset(RecordQuerySet)):
    """Records that have not been archived: what every list and every figure counts."""

    def get_queryset(self):
        return super().get_queryset().filter(archived_at__isnull=True)


HISTORY_NOT_INDEXED = [
    "reference",
    "area",
    "service",
    "team",
    "category",
    "referral",
    "created_by",
    "updated_by",
    "archived_by",
]


def new_reference(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10].upper()}"


class Record(models.Model):
    """What every record has: a stable reference, an area, a date, and who wrote it."""

    reference_prefix = "REC"
    # The rules between the record's dates (``DateOrder``): its constraints and its form's checks.
    date_order: tuple[DateOrder, ...] = ()
    area_field = "area"
    date_field = "date"

    reference = models.CharField(
        max_length=40,
        unique=True,
        editable=False,
        help_text="Stable reference for this record; imports use it to recognise a row seen before.",
    )
    date = models.DateField()
    # No index of its own on the area or on who wrote or archived it: (area, date) and (created_by, created_at) below
    # lead with the first two, no page looks records up by who changed or archived them, and every index is an
    # entry written for each new record (four of thirteen were a fifth of an import's writing).
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", db_index=False)
    case_reference = models.CharField(
        max_length=40,
        blank=True,
        help_text="The case number in the clinical system. Never a name.",
    )
    notes = models.TextField(blank=True, help_text="Sensitive: never shown in reports or Board exports.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up by one at each change; a stale edit is refused."
    )
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,
    )
    archive_reason = models.CharField(max_length=200, blank=True, editable=False)

    objects = CurrentRecordManager()
    with_archived = RecordQuerySet.as_manager()
    # A record's history is read by its id (and date); the other indexes a history row inherited (its reference,
    # area, service, people) served no query, and each cost an index entry for every history row written.
    history = HistoricalRecords(inherit=True, no_db_index=HISTORY_NOT_INDEXED)

    class Meta:
        abstract = True
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["area", "date"], name="%(class)s_area_date"),
            # The lists' default order, newest first, over the records that count.
            models.Index(fields=["-date", "-id"], name="%(class)s_recent", condition=Q(archived_at__isnull=True)),
            # A person's own records, newest first (their home page).
            models.Index(fields=["created_by", "-created_at"], name="%(class)s_by_author"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date__gte=date(2000, 1, 1)),
                name="%(class)s_date_from_2000",
                violation_error_message="A record's date cannot be before 1 January 2000.",
            )
        ]

    def __str__(self):
        return f"{capfirst(self._meta.verbose_name)} {self.reference}"

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = new_reference(self.reference_prefix)
        super().save(*args, **kwargs)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class ServiceRecord(Record):
    """A record made by or for a service of the Trust."""

    client_group = models.CharField(max_length=10, choices=ClientGroup.choices)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta(Record.Meta):
        abstract = True


class Consultation(ServiceRecord):
    """A call or contact to the safeguarding advice line."""

    reference_prefix = "CON"

    class Mode(models.TextChoices):
        TELEPHONE = "telephone", "Telephone"
        FACE_TO_FACE = "face_to_face", "Face to face"
        VIDEO = "video", "Video call"
        EMAIL = "email", "Email"

    class Outcome(models.TextChoices):
        ADVICE = "advice", "Advice given"
        REFERRAL_ADVISED = "referral_advised", "Referral to social care advised"
        ESCALATED = "escalated", "Escalated"
        NO_FURTHER_ACTION = "nfa", "No further action"

    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.TELEPHONE)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.ADVICE)
    needs_lead = models.BooleanField(
        "needs a safeguarding lead",
        default=False,
        help_text="The safeguarding leads are told at once and one of them takes it on.",
    )

    class Meta(ServiceRecord.Meta):
        pass


class Referral(ServiceRecord):
    """A safeguarding referral made by Trust staff to another agency."""

    reference_prefix = "REF"

    class ReferredTo(models.TextChoices):
        ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care (local authority)"
        CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care (local authority)"
        POLICE = "police", "Police"
        OTHER = "other", "Other agency"

    referred_to = models.CharField(max_length=30, choices=ReferredTo.choices)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta(ServiceRecord.Meta):
        pass


class S42Enquiry(Record):
    """A local authority's request to the Trust under s.42 of the Care Act 2014."""

    reference_prefix = "S42"
    date_order = S42_DATE_ORDER

    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(
        Referral,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="s42_enquiries",
        help_text="The Trust's referral that led to it, where there was one.",
    )
    outcome_shared_on = models.DateField(
        "date outcome shared", null=True, blank=True, help_text="When the local authority shared the enquiry's outcome."
    )

    # The Safeguarding Adults Collection's items (SG2 to SG4). Each is blank ("not recorded") on enquiries logged
    # before the items were asked for, and on any the local authority has not told the Trust about.
    class Location(models.TextChoices):
        OWN_HOME = "own_home", "Own home"
        COMMUNITY = "community", "In the community (excluding community services)"
        COMMUNITY_SERVICE = "community_service", "In a community service"
        CARE_HOME_NURSING = "care_home_nursing", "Care home (nursing)"
        CARE_HOME_RESIDENTIAL = "care_home_residential", "Care home (residential)"
        HOSPITAL_ACUTE = "hospital_acute", "Hospital (acute)"
        HOSPITAL_MENTAL_HEALTH = "hospital_mental_health", "Hospital (mental health)"
        HOSPITAL_COMMUNITY = "hospital_community", "Hospital (community)"
        OTHER = "other", "Other"

    class Source(models.TextChoices):
        SERVICE_PROVIDER = "service_provider", "Service provider"
        OTHER_KNOWN = "other_known", "Other, known to the individual"
        OTHER_UNKNOWN = "other_unknown", "Other, unknown to the individual"

    class ActionTaken(models.TextChoices):
        RISK_ACTION = "risk_action", "Risk identified and action taken"
        RISK_NO_ACTION = "risk_no_action", "Risk identified and no action taken"
        INCONCLUSIVE_ACTION = "inconclusive_action", "Risk assessment inconclusive and action taken"
        INCONCLUSIVE_NO_ACTION = "inconclusive_no_action", "Risk assessment inconclusive and no action taken"
        NO_RISK_ACTION = "no_risk_action", "No risk identified and action taken"
        NO_RISK_NO_ACTION = "no_risk_no_action", "No risk identified and no action taken"
        CEASED = "ceased", "Enquiry ceased at the individual's request, no action taken"

    class RiskResult(models.TextChoices):
        REMAINED = "remained", "Risk remained"
        REDUCED = "reduced", "Risk reduced"
        REMOVED = "removed", "Risk removed"

    class OutcomesAsked(models.TextChoices):
        ASKED_EXPRESSED = "asked_expressed", "Asked, and outcomes were expressed"
        ASKED_NONE_EXPRESSED = "asked_none_expressed", "Asked, but no outcomes were expressed"
        NOT_ASKED = "not_asked", "Not asked"
        NOT_KNOWN = "not_known", "Not known"

    class OutcomesAchieved(models.TextChoices):
        FULLY = "fully", "Fully achieved"
        PARTLY = "partly", "Partly achieved"
        NOT = "not", "Not achieved"

    class YesNoNotKnown(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_KNOWN = "not_known", "Not known"

    # The types of risk, one flag each, so "type by source" is one grouped count in SQL on any database.
    RISK_TYPES = (
        ("risk_physical", "Physical abuse"),
        ("risk_sexual", "Sexual abuse"),
        ("risk_psychological", "Psychological abuse"),
        ("risk_financial", "Financial or material abuse"),
        ("risk_discriminatory", "Discriminatory abuse"),
        ("risk_organisational", "Organisational abuse"),
        ("risk_neglect", "Neglect and acts of omission"),
        ("risk_domestic_abuse", "Domestic abuse"),
        ("risk_sexual_exploitation", "Sexual exploitation"),
        ("risk_modern_slavery", "Modern slavery"),
        ("risk_self_neglect", "Self-neglect"),
    )

    concluded_on = models.DateField(
        "date concluded", null=True, blank=True, help_text="When the enquiry was concluded. Empty while it is open."
    )
    delegated_s75 = models.BooleanField(
        "delegated under s.75",
        null=True,
        blank=True,
        help_text="Carried out by the Trust under a s.75 agreement. The seed's figures leave these out.",
    )
    risk_physical = models.BooleanField("physical abuse", default=False)
    risk_sexual = models.BooleanField("sexual abuse", default=False)
    risk_psychological = models.BooleanField("psychological abuse", default=False)
    risk_financial = models.BooleanField("financial or material abuse", default=False)
    risk_discriminatory = models.BooleanField("discriminatory abuse", default=False)
    risk_organisational = models.BooleanField("organisational abuse", default=False)
    risk_neglect = models.BooleanField("neglect and acts of omission", default=False)
    risk_domestic_abuse = models.BooleanField("domestic abuse", default=False)
    risk_sexual_exploitation = models.BooleanField("sexual exploitation", default=False)
    risk_modern_slavery = models.BooleanField("modern slavery", default=False)
    risk_self_neglect = models.BooleanField("self-neglect", default=False)
    location_of_risk = models.CharField(max_length=30, choices=Location.choices, blank=True)
    source_of_risk = models.CharField(max_length=30, choices=Source.choices, blank=True)
    action_taken = models.CharField("action taken", max_length=30, choices=ActionTaken.choices, blank=True)
    risk_result = models.CharField(
        "result", max_length=20, choices=RiskResult.choices, blank=True, help_text="Where action was taken."
    )
    outcomes_asked = models.CharField(
        "asked about desired outcomes", max_length=30, choices=OutcomesAsked.choices, blank=True
    )
    outcomes_achieved = models.CharField(
        "desired outcomes achieved",
        max_length=20,
        choices=OutcomesAchieved.choices,
        blank=True,
        help_text="Where outcomes were expressed.",
    )
    lacked_capacity = models.CharField(
        "assessed as lacking capacity", max_length=20, choices=YesNoNotKnown.choices, blank=True
    )
    advocacy = models.CharField(
        "supported by an advocate, family or friend",
        max_length=20,
        choices=YesNoNotKnown.choices,
        blank=True,
        help_text="Asked where the person lacked capacity.",
    )

    class Meta(Record.Meta):
        verbose_name = "s.42 enquiry"
        verbose_name_plural = "s.42 enquiries"
        constraints = [
            *Record.Meta.constraints,
            *date_order_constraints(S42_DATE_ORDER),
            *(rule.constraint() for rule in S42_ITEM_RULES),
        ]

    @classmethod
    def risk_fields(cls) -> list[str]:
        return [name for name, _ in cls.RISK_TYPES]

    @property
    def risk_types(self) -> list[str]:
        """The types of risk ticked, as their field names, in the collection's order."""
        return [name for name, _ in self.RISK_TYPES if getattr(self, name)]

    def clean(self):
        """The rules between the national items and between the dates, each message on the field it is about."""
        super().clean()
        errors = {}
        for rule in S42_DATE_ORDER:
            start, end = getattr(self, rule.earlier), getattr(self, rule.later)
            if start and end and end < start:
                errors[rule.later] = rule.message
        for rule in S42_ITEM_RULES:
            if getattr(self, rule.field) and not _holds(rule.allowed, self):
                errors[rule.field] = rule.message
        if errors:
            raise ValidationError(errors)


def _holds(condition: Q, record) -> bool:
    """Whether a Q of ``field__in`` or ``field`` equality children holds for an unsaved record (no query)."""
    for lookup, value in condition.children:
        name, _, operator = lookup.partition("__")
        current = getattr(record, name)
        if not (current in value if operator == "in" else current == value):
            return False
    return True


class MashEnquiry(Record):
    """An enquiry processed by the Trust's health staff in a Multi-Agency Safeguarding Hub."""

    reference_prefix = "MASH"
    date_order = MASH_DATE_ORDER

    client_group = models.CharField(max_length=10, choices=ClientGroup.choices, default=ClientGroup.CHILD)
    health_shared_on = models.DateField(
        "date health information shared",
        null=True,
        blank=True,
        help_text="When the Trust shared its health information with the hub. Leave empty until it has.",
    )
    closed_on = models.DateField(
        "date closed", null=True, blank=True, help_text="Leave empty while the enquiry is open."
    )
    strategy_meeting = models.BooleanField(default=False, help_text="A strategy meeting was held.")
    # Worked out from the two dates on every save (``fill_derived_fields``), so the daily counts can count the
    # enquiries shared within one working day in SQL, where England's bank holidays are not known.
    health_shared_working_days = models.PositiveSmallIntegerField(
        "working days to share health information",
        null=True,
        blank=True,
        editable=False,
        help_text="The working days after the day received up to the day shared: 0 the same day, 1 from a Friday "
        "to the Monday after. Empty until the information is shared.",
    )

    # Fields worked out from others: every write keeps them (``clean``, ``save``, ``actions.bulk_update_records``).
    derived_fields = ("health_shared_working_days",)

    class Meta(Record.Meta):
        verbose_name = "MASH enquiry"
        verbose_name_plural = "MASH enquiries"
        indexes = [
            *Record.Meta.indexes,
            models.Index(fields=["area", "closed_on"], name="activity_mash_area_closed"),
            # The open queue and its age bands read only the open enquiries, however many have closed.
            models.Index(
                fields=["date", "area"],
                name="activity_mash_open_by_date",
                condition=Q(closed_on__isnull=True, archived_at__isnull=True),
            ),
        ]
        constraints = [*Record.Meta.constraints, *date_order_constraints(MASH_DATE_ORDER)]

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.fill_derived_fields()

    def fill_derived_fields(self) -> None:
        received, shared = self.date, self.health_shared_on
        in_order = isinstance(received, date) and isinstance(shared, date) and shared >= received
        self.health_shared_working_days = working_days_after(received, shared) if in_order else None


class CdopCase(Record):
    """A child death the Trust supports through the Child Death Overview Panel process.

    ``date`` is when the Trust was notified; ``reviewed_on`` when the panel reviewed it.
    """

    reference_prefix = "CDOP"
    date_order = CDOP_DATE_ORDER

    reviewed_on = models.DateField(
        "date reviewed", null=True, blank=True, help_text="When the panel reviewed the case."
    )
    known_to_trust_services = models.BooleanField(default=False)
    jar_attended = models.BooleanField("joint agency review attended", default=False)
    cdrm_held = models.BooleanField("child death review meeting held", default=False)

    class Meta(Record.Meta):
        verbose_name = "CDOP case"
        indexes = [
            *Record.Meta.indexes,
            models.Index(fields=["area", "reviewed_on"], name="activity_cdop_area_reviewed"),
        ]
        constraints = [*Record.Meta.constraints, *date_order_constraints(CDOP_DATE_ORDER)]


class Review(Record):
    """A multi-agency review (SAR, CSPR, DHR...) the Trust takes part in.

    Its status follows from its dates, so the status on any past day can be worked
    out: rapid review, then commissioned (ongoing), completed (awaiting publication),
    published.
    """

    reference_prefix = "REV"
    date_order = REVIEW_DATE_ORDER

    class Kind(models.TextChoices):
        CSPR = "cspr", "Child safeguarding practice review (CSPR)"
        JOINT_SAR_CSPR = "joint_sar_cspr", "Joint SAR/CSPR"
        SAR = "sar", "Safeguarding adult review (SAR)"
        DHR = "dhr", "Domestic homicide review (DHR)"
        MHR = "mhr", "Mental health homicide review (MHR)"
        SCR = "scr", "Serious case review (SCR)"
        PARTNERSHIP = "partnership", "Partnership review"
        THEMATIC = "thematic", "Thematic review"

    class Status(models.TextChoices):
        NOTIFIED = "notified", "Notified"
        RAPID_REVIEW = "rapid_review", "Rapid review completed"
        ONGOING = "ongoing", "Commissioned, ongoing"
        AWAITING_PUBLICATION = "awaiting_publication", "Completed, awaiting publication"
        PUBLISHED = "published", "Published"

    CHILD_PRACTICE_REVIEW_KINDS = (Kind.CSPR, Kind.JOINT_SAR_CSPR, Kind.SCR)

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=120, help_text="A short title without names, e.g. 'Rapid review 2021-03'.")
    rapid_review_completed_on = models.DateField(null=True, blank=True)
    commissioned_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)

    class Meta(Record.Meta):
        constraints = [*Record.Meta.constraints, *date_order_constraints(REVIEW_DATE_ORDER)]

    def status_on(self, day: date) -> str:
        def by(value):
            return value is not None and value <= day

        if by(self.published_on):
            return self.Status.PUBLISHED
        if by(self.completed_on):
            return self.Status.AWAITING_PUBLICATION
        if by(self.commissioned_on):
            return self.Status.ONGOING
        if by(self.rapid_review_completed_on):
            return self.Status.RAPID_REVIEW
        return self.Status.NOTIFIED

    @property
    def status(self) -> str:
        return self.status_on(date.today())

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class ReviewAction(models.Model):
    """An action the Trust owns from a review, with an owner and a due date."""

    area_field = "review__area"
    date_field = "agreed_on"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        ESCALATED = "escalated", "Escalated"
        COMPLETED = "completed", "Completed"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    # Who owns the action is its task's owner (work.Task): one person, reminded when it falls due.
    task = models.OneToOneField("work.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    owner_note = models.CharField(
        "owner (as first written)",
        max_length=100,
        blank=True,
        help_text="The role or team named as owner before actions had a person as owner.",
    )
    agreed_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)

    objects = RecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on", "completed_on"], name="activity_action_due_completed")]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("agreed_on")),
                name="action_due_not_before_agreed",
                violation_error_message="An action cannot be due before it was agreed.",
            ),
            models.CheckConstraint(
                condition=Q(status="completed", completed_on__isnull=False)
                | (~Q(status="completed") & Q(completed_on__isnull=True)),
                name="action_completed_has_date",
                violation_error_message="A completed action needs its completion date; an open one has none.",
            ),
        ]

    def __str__(self):
        return f"Action for {self.review.reference}: {self.description[:60]}"

    @property
    def owner_name(self) -> str:
        """The person who owns it (its task's owner); for an action from before owners were people, what was
        written then; otherwise the leads, who give it to someone."""
        if self.task_id and self.task.owner_id:
            return self.task.owner.get_full_name() or self.task.owner.get_username()
        return self.owner_note or "Not given to anyone yet"


class TrainingSession(Record):
    """A safeguarding training session delivered by the service."""

    reference_prefix = "TRN"

    class Delivery(models.TextChoices):
        VIRTUAL = "virtual", "Virtual (MS Teams)"
        FACE_TO_FACE = "face_to_face", "Face to face"

    client_group = models.CharField(max_length=10, choices=ClientGroup.choices)
    level = models.PositiveSmallIntegerField(choices=[(level, f"Level {level}") for level in range(1, 6)])
    title = models.CharField(max_length=120)
    delivery = models.CharField(max_length=20, choices=Delivery.choices, default=Delivery.VIRTUAL)
    attendees = models.PositiveIntegerField(default=0)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta(Record.Meta):
        constraints = [
            *Record.Meta.constraints,
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5),
                name="training_level_1_to_5",
                violation_error_message="Training levels run from 1 to 5.",
            ),
        ]


class SupervisionSession(ServiceRecord):
    """A safeguarding supervision session delivered to a team or a person."""

    reference_prefix = "SUP"

    class Format(models.TextChoices):
        GROUP = "group", "Group"
        INDIVIDUAL = "individual", "Individual"

    format = models.CharField(max_length=20, choices=Format.choices, default=Format.GROUP)
    attendees = models.PositiveIntegerField(default=0)

    class Meta(ServiceRecord.Meta):
        pass


RECORD_MODELS = [
    Consultation,
    Referral,
    S42Enquiry,
    MashEnquiry,
    CdopCase,
    Review,
    TrainingSession,
    SupervisionSession,
]
