"""The kinds of record the team logs, by the name they go by in URLs, files and commands."""

from dataclasses import dataclass

from django.utils.text import capfirst

from activity.models import (
    CdopCase,
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

    @property
    def name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def plural(self) -> str:
        return capfirst(str(self.model._meta.verbose_name_plural))

    def permission(self, action: str) -> str:
        return f"{self.model._meta.app_label}.{action}_{self.model._meta.model_name}"


RECORD_TYPES: dict[str, RecordType] = {
    record_type.slug: record_type
    for record_type in [
        RecordType("consultations", Consultation),
        RecordType("referrals", Referral),
        RecordType("s42-enquiries", S42Enquiry),
        RecordType("mash-enquiries", MashEnquiry),
        RecordType("cdop-cases", CdopCase),
        RecordType("reviews", Review),
        RecordType("training-sessions", TrainingSession),
        RecordType("supervision-sessions", SupervisionSession),
    ]
}


def record_type_of(model) -> RecordType:
    return next(record_type for record_type in RECORD_TYPES.values() if record_type.model is model)
