"""Filters for the record lists: the same choices on every list, where the record has the field."""

import django_filters
from django.db.models import Q

from activity.models import Area, Category, CdopCase, ClientGroup, MashEnquiry, Review, S42Enquiry, Service
from core.periods import FinancialYear, Quarter
from core.typed_dates import TypedDateFilter

FIRST_YEAR = 2018


def _year_choices():
    current = FinancialYear.current().start_year
    return [(str(year), FinancialYear(year).label) for year in range(current, FIRST_YEAR - 1, -1)]


class RecordFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Reference or case reference", method="filter_text")
    financial_year = django_filters.ChoiceFilter(
        label="Financial year", choices=_year_choices, method="filter_financial_year", empty_label="Any year"
    )
    quarter = django_filters.ChoiceFilter(
        label="Quarter",
        choices=[
            (str(n), f"Q{n} ({Quarter(FinancialYear(2000), n).start:%b}-{Quarter(FinancialYear(2000), n).end:%b})")
            for n in (1, 2, 3, 4)
        ],
        method="filter_quarter",
        empty_label="Any quarter",
    )
    date_from = TypedDateFilter(field_name="date", lookup_expr="gte", label="Date from")
    date_to = TypedDateFilter(field_name="date", lookup_expr="lte", label="Date to")
    area = django_filters.ModelChoiceFilter(
        label="Area", queryset=Area.objects.all(), method="filter_area", empty_label="Any area"
    )

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return (
            queryset.filter(Q(case_reference__icontains=value) | Q(reference__icontains=value)) if value else queryset
        )

    def filter_financial_year(self, queryset, name, value):
        year = FinancialYear(int(value))
        return queryset.filter(date__range=(year.start, year.end))

    def filter_quarter(self, queryset, name, value):
        first_month = 4 + (int(value) - 1) * 3
        months = [(first_month + offset - 1) % 12 + 1 for offset in range(3)]
        return queryset.filter(date__month__in=months)

    def filter_area(self, queryset, name, value):
        return queryset.within(value)


def _service_filter():
    return django_filters.ModelChoiceFilter(label="Service", queryset=Service.objects.all(), empty_label="Any service")


def _category_filter():
    return django_filters.ModelChoiceFilter(
        label="Category of concern", queryset=Category.objects.all(), empty_label="Any category"
    )


def _client_group_filter():
    return django_filters.ChoiceFilter(
        label="Client group", choices=ClientGroup.choices, empty_label="Any client group"
    )


class MashStatusFilter(django_filters.ChoiceFilter):
    def __init__(self):
        super().__init__(
            label="Status",
            choices=[("open", "Open"), ("closed", "Closed")],
            method=self.by_status,
            empty_label="Any status",
        )

    @staticmethod
    def by_status(queryset, name, value):
        return queryset.filter(closed_on__isnull=value == "open")


class CdopStatusFilter(django_filters.ChoiceFilter):
    def __init__(self):
        super().__init__(
            label="Status",
            choices=[("awaiting", "Awaiting review"), ("reviewed", "Reviewed")],
            method=self.by_status,
            empty_label="Any status",
        )

    @staticmethod
    def by_status(queryset, name, value):
        return queryset.filter(reviewed_on__isnull=value == "awaiting")


class ReviewStatusFilter(django_filters.ChoiceFilter):
    """A review's status today, worked out from its dates as the model does."""

    def __init__(self):
        super().__init__(label="Status", choices=Review.Status.choices, method=self.by_status, empty_label="Any status")

    @staticmethod
    def by_status(queryset, name, value):
        published = Q(published_on__isnull=False)
        completed = Q(completed_on__isnull=False) & ~published
        ongoing = Q(commissioned_on__isnull=False, completed_on__isnull=True)
        rapid = Q(rapid_review_completed_on__isnull=False, commissioned_on__isnull=True)
        notified = Q(rapid_review_completed_on__isnull=True, commissioned_on__isnull=True)
        return queryset.filter(
            {
                Review.Status.PUBLISHED: published,
                Review.Status.AWAITING_PUBLICATION: completed,
                Review.Status.ONGOING: ongoing,
                Review.Status.RAPID_REVIEW: rapid,
                Review.Status.NOTIFIED: notified,
            }[value]
        )


def _date_filter(field_name, lookup, label):
    return TypedDateFilter(field_name=field_name, lookup_expr=lookup, label=label)


class OpenOnFilter(TypedDateFilter):
    """Records open on a day: started by then and not ended by then (how open-case figures count)."""

    def __init__(self, ended_field, label):
        super().__init__(label=label)
        self.ended_field = ended_field

    def filter(self, queryset, value):
        if not value:
            return queryset
        ended = Q(**{f"{self.ended_field}__isnull": True}) | Q(**{f"{self.ended_field}__gt": value})
        return queryset.filter(ended, date__lte=value)


NOT_RECORDED = ("not_recorded", "Not recorded")


class RecordedChoiceFilter(django_filters.ChoiceFilter):
    """One of an s.42 enquiry's items: one of its answers, or not recorded (blank)."""

    def __init__(self, field_name, label, choices, empty_label):
        super().__init__(label=label, choices=[*choices, NOT_RECORDED], method=self.by_answer, empty_label=empty_label)
        self.item = field_name

    def by_answer(self, queryset, name, value):
        return queryset.filter(**{self.item: "" if value == NOT_RECORDED[0] else value})


class RiskTypeFilter(django_filters.ChoiceFilter):
    """Enquiries about a type of risk (one of its flags), or with none recorded."""

    def __init__(self):
        super().__init__(
            label="Type of risk",
            choices=[*S42Enquiry.RISK_TYPES, NOT_RECORDED],
            method=self.by_type,
            empty_label="Any type of risk",
        )

    @staticmethod
    def by_type(queryset, name, value):
        if value == NOT_RECORDED[0]:
            return queryset.filter(**dict.fromkeys(S42Enquiry.risk_fields(), False))
        return queryset.filter(**{value: True})


class DelegatedFilter(django_filters.ChoiceFilter):
    """Delegated under s.75 or not; "counted" is what the s.42 figure counts (not delegated, or not recorded)."""

    def __init__(self):
        super().__init__(
            label="Delegated under s.75",
            choices=[
                ("yes", "Delegated under s.75"),
                ("no", "Not delegated"),
                NOT_RECORDED,
                ("counted", "Not delegated, or not recorded (as the s.42 figure counts)"),
            ],
            method=self.by_delegation,
            empty_label="Delegated or not",
        )

    @staticmethod
    def by_delegation(queryset, name, value):
        if value == "counted":
            return queryset.filter(Q(delegated_s75=False) | Q(delegated_s75__isnull=True))
        if value == NOT_RECORDED[0]:
            return queryset.filter(delegated_s75__isnull=True)
        return queryset.filter(delegated_s75=value == "yes")


class PresenceFilter(django_filters.ChoiceFilter):
    """Whether a date is given: an enquiry concluded or open, its outcome shared or not."""

    def __init__(self, field_name, label, given, missing, empty_label):
        super().__init__(
            label=label, choices=[("yes", given), ("no", missing)], method=self.by_presence, empty_label=empty_label
        )
        self.date_name = field_name

    def by_presence(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_name}__isnull": value != "yes"})


def _s42_filters() -> dict:
    def item(name, label, empty_label):
        return RecordedChoiceFilter(name, label, S42Enquiry._meta.get_field(name).choices, empty_label)

    return {
        "risk_type": RiskTypeFilter(),
        "location_of_risk": item("location_of_risk", "Location of risk", "Any location"),
        "source_of_risk": item("source_of_risk", "Source of risk", "Any source"),
        "action_taken": item("action_taken", "Action taken", "Any action"),
        "risk_result": item("risk_result", "Result", "Any result"),
        "delegated_s75": DelegatedFilter(),
        "concluded": PresenceFilter("concluded_on", "Concluded", "Concluded", "Open", "Concluded or open"),
        "concluded_from": _date_filter("concluded_on", "gte", "Concluded from"),
        "concluded_to": _date_filter("concluded_on", "lte", "Concluded to"),
        "outcome_shared": PresenceFilter(
            "outcome_shared_on",
            "Outcome shared",
            "Outcome shared with the Trust",
            "Outcome not shared",
            "Shared or not",
        ),
    }


def filter_for(model) -> type[RecordFilter]:
    """The filter set for a record type: the common filters plus those its fields allow."""
    names = {field.name for field in model._meta.get_fields()}
    extra = {}
    if "client_group" in names:
        extra["client_group"] = _client_group_filter()
    if "service" in names:
        extra["service"] = _service_filter()
    if "category" in names:
        extra["category"] = _category_filter()
    if model is MashEnquiry:
        extra["status"] = MashStatusFilter()
        extra["open_on"] = OpenOnFilter("closed_on", "Open on")
    if model is CdopCase:
        extra["status"] = CdopStatusFilter()
        extra["reviewed_from"] = _date_filter("reviewed_on", "gte", "Reviewed from")
        extra["reviewed_to"] = _date_filter("reviewed_on", "lte", "Reviewed to")
    if model is Review:
        extra["status"] = ReviewStatusFilter()
        extra["open_on"] = OpenOnFilter("published_on", "Open (not published) on")
        extra["published_from"] = _date_filter("published_on", "gte", "Published from")
        extra["published_to"] = _date_filter("published_on", "lte", "Published to")
        extra["kind"] = django_filters.ChoiceFilter(label="Kind", choices=Review.Kind.choices, empty_label="Any kind")
    if model is S42Enquiry:
        extra.update(_s42_filters())
    meta = type("Meta", (), {"model": model, "fields": []})
    return type(f"{model.__name__}Filter", (RecordFilter,), {"Meta": meta, **extra})
