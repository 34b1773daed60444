from activity.models.allegations import Allegation, AllegationManager
from activity.models.counts import DailyCount
from activity.models.imports import ImportBatch, ImportMapping
from activity.models.records import (
    RECORD_MODELS,
    CdopCase,
    Consultation,
    MashEnquiry,
    Record,
    Referral,
    Review,
    ReviewAction,
    S42Enquiry,
    SupervisionSession,
    TrainingSession,
)
from activity.models.reference import Area, Category, ClientGroup, Service, Team
from activity.models.returns import Return

# Last (and so it must stay): it reads activity.metrics, which reads the models above.
from activity.models.uncollected import UncollectedFigure

__all__ = [
    "RECORD_MODELS",
    "Allegation",
    "AllegationManager",
    "Area",
    "Category",
    "CdopCase",
    "ClientGroup",
    "Consultation",
    "DailyCount",
    "ImportBatch",
    "ImportMapping",
    "MashEnquiry",
    "Record",
    "Referral",
    "Return",
    "Review",
    "ReviewAction",
    "S42Enquiry",
    "Service",
    "SupervisionSession",
    "Team",
    "TrainingSession",
    "UncollectedFigure",
]
