"""The kinds of record the team logs, each declared once: its profile.

A profile names a kind's model and the name it goes by in URLs, files and commands, and lists what the rest
of the app reads from it: the fields its form asks for, the columns its list shows, the columns its files
export and import, the fields a sample record needs (the tests' factories and samples), and whether
practitioners log it (their role's permissions, checked against ``accounts.roles`` by the tests). The rules
between its dates are on its model (``date_order``), read by both its constraints and its form.

Adding a kind of record means its model, its migration and its profile here.
"""

from dataclasses import dataclass, field
from types import MappingProxyType

from django.utils.text import capfirst

from activity.columns import (
    AREA,
    CASE_REFERENCE,
    CATEGORY,
    DATE,
    NOTES,
    REFERENCE,
    S42_COLUMNS,
    SERVICE,
    TEAM,
    Column,
    RiskTypesColumn,
    client_group_column,
)
from activity.models import (
    CdopCase,
    ClientGroup,
    Consultation,
    MashEnquiry,
    Referral,
    Review,
    S42Enquiry,
    SupervisionSession,
    TrainingSession,
)


@dataclass(frozen=True)
class RecordType:
    slug: str
    model: type
    form_fields: tuple[str, ...]
    list_fields: tuple[str, ...]
    columns: tuple[Column, ...]
    # What the form calls the record's ``date``: when it was received, notified, requested...
    date_label: str = "Date"
    # The values a sample record needs beyond a date and an area (factories and tests read them).
    sample: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    # Its list shows a Status column (``get_status_display``), worked out from its dates.
    list_status: bool = False
    # Practitioners log and correct it in their areas; otherwise only leads do (accounts.roles).
    logged_by_practitioners: bool = True

    @property
    def name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def plural(self) -> str:
        return capfirst(str(self.model._meta.verbose_name_plural))

    def permission(self, action: str) -> str:
        return f"{self.model._meta.app_label}.{action}_{self.model._meta.model_name}"

    @property
    def export_columns(self) -> list[Column]:
        return list(self.columns)

    @property
    def import_columns(self) -> list[Column]:
        """What the importer reads: the export's columns, and notes if the file has them."""
        return [*self.columns, NOTES]


@dataclass(frozen=True)
class S42RecordType(RecordType):
    """s.42 enquiries: their files' "Types of risk" cell holds several types, one flag each on the record. The
    importer reads that cell once per flag (``RiskTypesColumn.flags``), so each flag is a field it compares."""

    @property
    def import_columns(self) -> list[Column]:
        read = []
        for column in self.columns:
            read += column.flags() if isinstance(column, RiskTypesColumn) else [column]
        return [*read, NOTES]


def _sample(**values) -> MappingProxyType:
    return MappingProxyType(values)


PROFILES = [
    RecordType(
        "consultations",
        Consultation,
        form_fields=(
            "date",
            "area",
            "client_group",
            "service",
            "team",
            "category",
            "mode",
            "outcome",
            "case_reference",
            "notes",
            "needs_lead",
        ),
        list_fields=("date", "area", "client_group", "service", "category", "mode", "case_reference"),
        columns=(
            REFERENCE,
            DATE,
            AREA,
            client_group_column(),
            SERVICE,
            TEAM,
            CATEGORY,
            Column("Mode", "mode", "choice", choices=tuple(Consultation.Mode.choices)),
            Column("Outcome", "outcome", "choice", choices=tuple(Consultation.Outcome.choices)),
            CASE_REFERENCE,
        ),
        sample=_sample(client_group=ClientGroup.CHILD),
    ),
    RecordType(
        "referrals",
        Referral,
        form_fields=(
            "date",
            "area",
            "client_group",
            "service",
            "team",
            "referred_to",
            "category",
            "case_reference",
            "notes",
        ),
        list_fields=("date", "area", "client_group", "service", "referred_to", "category", "case_reference"),
        columns=(
            REFERENCE,
            DATE,
            AREA,
            client_group_column(),
            SERVICE,
            TEAM,
            Column("Referred to", "referred_to", "choice", required=True, choices=tuple(Referral.ReferredTo.choices)),
            CATEGORY,
            CASE_REFERENCE,
        ),
        sample=_sample(client_group=ClientGroup.CHILD, referred_to=Referral.ReferredTo.CHILDRENS_SOCIAL_CARE),
    ),
    S42RecordType(
        "s42-enquiries",
        S42Enquiry,
        # The order of its fieldsets (``activity.forms.S42_FIELDSETS``): the request, the types of risk, where
        # and from whom, the conclusion, Making Safeguarding Personal, capacity and advocacy.
        form_fields=(
            "date",
            "area",
            "service",
            "case_reference",
            "delegated_s75",
            *S42Enquiry.risk_fields(),
            "location_of_risk",
            "source_of_risk",
            "concluded_on",
            "action_taken",
            "risk_result",
            "outcome_shared_on",
            "outcomes_asked",
            "outcomes_achieved",
            "lacked_capacity",
            "advocacy",
            "notes",
        ),
        list_fields=("date", "area", "service", "concluded_on", "outcome_shared_on", "case_reference"),
        columns=(
            REFERENCE,
            Column("Date requested", "date", "date", required=True),
            AREA,
            SERVICE,
            Column("Outcome shared on", "outcome_shared_on", "date"),
            CASE_REFERENCE,
            *S42_COLUMNS,
        ),
        date_label="Date requested",
    ),
    RecordType(
        "mash-enquiries",
        MashEnquiry,
        form_fields=(
            "date",
            "area",
            "client_group",
            "health_shared_on",
            "closed_on",
            "strategy_meeting",
            "case_reference",
            "notes",
        ),
        list_fields=("date", "area", "health_shared_on", "closed_on", "strategy_meeting", "case_reference"),
        columns=(
            REFERENCE,
            Column("Date received", "date", "date", required=True),
            AREA,
            client_group_column(),
            Column("Date health information shared", "health_shared_on", "date", optional_in_files=True),
            Column("Date closed", "closed_on", "date"),
            Column("Strategy meeting", "strategy_meeting", "bool"),
            CASE_REFERENCE,
        ),
        date_label="Date received",
    ),
    RecordType(
        "cdop-cases",
        CdopCase,
        form_fields=(
            "date",
            "area",
            "reviewed_on",
            "known_to_trust_services",
            "jar_attended",
            "cdrm_held",
            "case_reference",
            "notes",
        ),
        list_fields=("date", "area", "reviewed_on", "known_to_trust_services", "case_reference"),
        columns=(
            REFERENCE,
            Column("Date notified", "date", "date", required=True),
            AREA,
            Column("Date reviewed", "reviewed_on", "date"),
            Column("Known to Trust services", "known_to_trust_services", "bool"),
            Column("JAR attended", "jar_attended", "bool"),
            Column("CDRM held", "cdrm_held", "bool"),
            CASE_REFERENCE,
        ),
        date_label="Date notified",
    ),
    RecordType(
        "reviews",
        Review,
        form_fields=(
            "date",
            "area",
            "kind",
            "title",
            "rapid_review_completed_on",
            "commissioned_on",
            "completed_on",
            "published_on",
            "case_reference",
            "notes",
        ),
        list_fields=("date", "area", "kind", "title"),
        columns=(
            REFERENCE,
            Column("Date started", "date", "date", required=True),
            AREA,
            Column("Kind", "kind", "choice", required=True, choices=tuple(Review.Kind.choices)),
            Column("Title", "title", required=True, max_length=120),
            Column("Rapid review completed on", "rapid_review_completed_on", "date"),
            Column("Commissioned on", "commissioned_on", "date"),
            Column("Completed on", "completed_on", "date"),
            Column("Published on", "published_on", "date"),
            CASE_REFERENCE,
        ),
        date_label="Date started",
        list_status=True,
        sample=_sample(kind=Review.Kind.CSPR, title="Rapid review 2021-06"),
        logged_by_practitioners=False,
    ),
    RecordType(
        "training-sessions",
        TrainingSession,
        form_fields=("date", "area", "client_group", "level", "title", "delivery", "attendees", "service", "notes"),
        list_fields=("date", "area", "client_group", "level", "title", "attendees"),
        columns=(
            REFERENCE,
            DATE,
            AREA,
            client_group_column(),
            Column("Level", "level", "int", required=True),
            Column("Title", "title", required=True, max_length=120),
            Column("Delivery", "delivery", "choice", choices=tuple(TrainingSession.Delivery.choices)),
            Column("Attendees", "attendees", "int"),
            SERVICE,
        ),
        sample=_sample(client_group=ClientGroup.CHILD, level=1, title="Level 1", attendees=3),
    ),
    RecordType(
        "supervision-sessions",
        SupervisionSession,
        form_fields=("date", "area", "client_group", "service", "team", "format", "attendees", "notes"),
        list_fields=("date", "area", "client_group", "service", "format", "attendees"),
        columns=(
            REFERENCE,
            DATE,
            AREA,
            client_group_column(),
            SERVICE,
            TEAM,
            Column("Format", "format", "choice", choices=tuple(SupervisionSession.Format.choices)),
            Column("Attendees", "attendees", "int"),
        ),
        sample=_sample(client_group=ClientGroup.CHILD),
    ),
]

RECORD_TYPES: dict[str, RecordType] = {record_type.slug: record_type for record_type in PROFILES}
_BY_MODEL = {record_type.model: record_type for record_type in PROFILES}


def record_type_of(model) -> RecordType:
    return _BY_MODEL[model]
