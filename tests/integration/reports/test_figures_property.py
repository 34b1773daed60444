"""The figures layer's hand-written SQL against a plain ORM count, over random records and returns.

Each example logs random records (or enters random returns) through the app's actions, so the
daily counts are kept as they are in use (some records are corrected to another day or archived
after they are logged), then asks the figures layer (``reports.figures``, whose statements
``reports.figure_sql`` builds) for every metric's table over some periods, in some area, in
total or by area, service or category, perhaps limited to some services; and counts the same
things straight from the records with the ORM: every cell must agree, and every row the ORM
counts something in must be shown. Dates are drawn around a financial year and its quarters,
their first and last days often, so that a bound off by a day fails. Each example is rolled back.
"""

from contextlib import suppress
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activity import actions
from activity.metrics import Events, OpenAtEnd, get_metric
from activity.models import Area, Category, Return, Service
from core.periods import FinancialYear
from reports.figures import NOT_RECORDED, monthly_series, year_table, year_tables
from tests.factories import (
    AreaFactory,
    CategoryFactory,
    CdopCaseFactory,
    ConsultationFactory,
    MashEnquiryFactory,
    ServiceFactory,
    UserFactory,
)

Y2020, Y2021 = FinancialYear(2020), FinancialYear(2021)
PERIODS = {"two years": [Y2020, Y2021], "quarters": Y2021.quarters}
AREAS = ["trust", "oxon", "bsw", "swindon", "wiltshire"]  # trust > oxon; trust > bsw > swindon, wiltshire
SERVICES = ["community", "mental-health"]
CATEGORIES = ["neglect", "cse"]  # "cse" makes a child consultation one about exploitation
RECORD_METRICS = [
    "consultations",
    "child_consultations",
    "adult_consultations",
    "child_exploitation_consultations",
    "mash_enquiries",
    "mash_open_cases",
    "cdop_cases_reviewed",
    "cdop_cases_known",
]
RETURN_METRICS = ["service_audits_completed", "marac_referrals"]  # metrics with no records: returns only

EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Days from before 2020/21 ends to after 2021/22 ends, the first and last days of years and quarters often.
EDGES = [date(2021, 3, 31), date(2021, 4, 1), date(2021, 6, 30), date(2021, 7, 1), date(2022, 3, 31), date(2022, 4, 1)]
days = st.one_of(st.sampled_from(EDGES), st.dates(date(2021, 1, 1), date(2022, 5, 31)))
maybe = st.one_of(st.none(), st.sampled_from(SERVICES))
archived = st.sampled_from([False] * 5 + [True])  # archived after it was logged: out of every figure


@st.composite
def two_days(draw):
    """A day and a later (or the same) one: received and closed, notified and reviewed."""
    first, second = sorted([draw(days), draw(days)])
    return first, second


consultations = st.fixed_dictionaries(
    {
        "kind": st.just("consultation"),
        "area": st.sampled_from(AREAS),
        "date": days,
        "client_group": st.sampled_from(["child", "adult"]),
        "service": st.one_of(st.none(), st.sampled_from(SERVICES)),
        "category": st.one_of(st.none(), st.sampled_from(CATEGORIES)),
        "moved_to": st.one_of(st.none(), days),  # corrected to another day after it was logged
        "archived": archived,
    }
)
mash_enquiries = st.fixed_dictionaries(
    {
        "kind": st.just("mash"),
        "area": st.sampled_from(AREAS),
        "days": two_days(),
        "still_open": st.booleans(),
        "archived": archived,
    }
)
cdop_cases = st.fixed_dictionaries(
    {
        "kind": st.just("cdop"),
        "area": st.sampled_from(AREAS),
        "days": two_days(),
        "reviewed": st.booleans(),
        "known": st.booleans(),
        "archived": archived,
    }
)
records = st.lists(st.one_of(consultations, mash_enquiries, cdop_cases), min_size=3, max_size=16)

returns = st.lists(
    st.fixed_dictionaries(
        {
            "metric": st.sampled_from(RETURN_METRICS),
            "area": st.sampled_from(AREAS),
            "period": st.sampled_from([Y2020, Y2021, *Y2021.quarters, *Y2020.quarters[2:]]),
            "service": maybe,
            "value": st.integers(0, 50),
        }
    ),
    min_size=1,
    max_size=10,
)

asks = st.fixed_dictionaries(
    {
        "periods": st.sampled_from(sorted(PERIODS)),
        "within": st.sampled_from([None, *AREAS]),
        "by": st.sampled_from([None, "area", "service", "category"]),
        "area_rows": st.sampled_from(["children", "leaves"]),
        "services": st.one_of(st.none(), st.lists(st.sampled_from(SERVICES), min_size=1, max_size=2, unique=True)),
        "several": st.booleans(),  # read through year_tables, with every other metric, where it can be
    }
)
two_asks = st.lists(asks, min_size=2, max_size=2)  # each asked of every metric, of the same records


@pytest.fixture
def world(db):
    trust = AreaFactory(slug="trust", name="Trust")
    bsw = AreaFactory(slug="bsw", name="BSW", parent=trust, display_order=2)
    AreaFactory(slug="oxon", name="Oxfordshire", parent=trust, display_order=1)
    AreaFactory(slug="swindon", name="Swindon", parent=bsw, display_order=1)
    AreaFactory(slug="wiltshire", name="Wiltshire", parent=bsw, display_order=2)
    for slug in SERVICES:
        ServiceFactory(slug=slug, name=slug.title())
    for slug in CATEGORIES:
        CategoryFactory(slug=slug, name=slug.title())
    return {
        "user": UserFactory(),
        "areas": {area.slug: area for area in Area.objects.all()},
        "services": {service.slug: service for service in Service.objects.all()},
        "categories": {category.slug: category for category in Category.objects.all()},
    }


def _log(world, record):
    """Log one drawn record through the app's actions (which keep the daily counts)."""
    user, area = world["user"], world["areas"][record["area"]]
    if record["kind"] == "consultation":
        saved = ConsultationFactory(
            by=user,
            area=area,
            date=record["date"],
            client_group=record["client_group"],
            service=world["services"].get(record["service"]),
            category=world["categories"].get(record["category"]),
        )
        if record["moved_to"]:
            saved = actions.update_record(record=saved, by=user, reason="Wrong day", date=record["moved_to"])
    elif record["kind"] == "mash":
        received, closed = record["days"]
        saved = MashEnquiryFactory(
            by=user, area=area, date=received, closed_on=None if record["still_open"] else closed
        )
    else:
        notified, reviewed = record["days"]
        saved = CdopCaseFactory(
            by=user,
            area=area,
            date=notified,
            reviewed_on=reviewed if record["reviewed"] else None,
            known_to_trust_services=record["known"],
        )
    if record["archived"]:
        actions.archive_record(record=saved, by=user, reason="Logged twice")


def _enter(world, entry):
    """Enter one drawn return; one that overlaps a return already entered for its cell is refused, and left out."""
    with suppress(ValidationError):
        actions.enter_return(
            metric=entry["metric"],
            area=world["areas"][entry["area"]],
            service=world["services"].get(entry["service"]),
            period=entry["period"],
            value=entry["value"],
            source="drawn",
            by=world["user"],
        )


# What the ORM says: plain counts and sums over the records and returns themselves.


def _records_in_period(metric, matching: Q, period) -> int:
    measure = metric.records
    found = measure.model.objects.filter(measure.where).filter(matching)
    if isinstance(measure, Events):
        return found.filter(**{f"{measure.on}__range": (period.start, period.end)}).count()
    assert isinstance(measure, OpenAtEnd)
    return (
        found.filter(**{f"{measure.started}__lte": period.end}).exclude(**{f"{measure.ended}__lte": period.end}).count()
    )


def _in_use(metric, scope: Q) -> dict:
    """When the app was in use for the metric's kind of record, in scope: from the first to the
    last day of a record of that kind (by its own date). An empty cell in a period that overlaps
    that span is a real zero; outside it, no data."""
    model = metric.records.model
    return model.objects.filter(scope).aggregate(first=Min(model.date_field), last=Max(model.date_field))


def _expected_cell(metric, scope: Q, matching: Q, period, in_use: dict) -> int | None:
    if metric.records is not None:
        count = _records_in_period(metric, scope & matching, period)
        used = in_use["first"] is not None and in_use["first"] <= period.end and in_use["last"] >= period.start
        return count if count else (0 if used else None)
    inside = Q(period_start__gte=period.start, period_end__lte=period.end)
    return Return.objects.filter(scope, matching, inside, metric=metric.slug).aggregate(total=Sum("value"))["total"]


def _has_field(metric, name) -> bool:
    model = metric.records.model if metric.records else Return
    return name in {field.name for field in model._meta.get_fields()}


def _expected_rows(world, metric, ask) -> dict:
    """Each row the table could have, by its key, with its cells counted by the ORM."""
    periods = PERIODS[ask["periods"]]
    scope_area = world["areas"][ask["within"] or "trust"]
    scope = Q(area__path__startswith=scope_area.path)
    limit = Q()
    if ask["services"] is not None:  # none count if its records have no service
        limit = Q(service__slug__in=ask["services"]) if _has_field(metric, "service") else Q(pk__in=[])

    in_use = _in_use(metric, scope) if metric.records else None

    def cells(matching):
        return [_expected_cell(metric, scope, limit & matching, period, in_use) for period in periods]

    by = ask["by"]
    if by is None:
        return {"total": cells(Q())}
    if by == "area":
        inside = Area.objects.filter(path__startswith=scope_area.path).exclude(pk=scope_area.pk)
        if ask["area_rows"] == "children":
            row_areas = list(inside.filter(parent=scope_area))
        else:
            row_areas = [area for area in inside if not Area.objects.filter(parent=area).exists()]
        row_areas = row_areas or [scope_area]  # an area with none below it is its own row
        rows = {area.pk: cells(Q(area__path__startswith=area.path)) for area in row_areas}
        not_split = Q()
        for area in row_areas:
            not_split &= ~Q(area__path__startswith=area.path)
        rows[NOT_RECORDED] = cells(not_split)
        return rows
    members = world["services"] if by == "service" else world["categories"]
    if not _has_field(metric, by):  # its records have no service (or category): all "not recorded"
        rows = {member.pk: cells(Q(pk__in=[])) for member in members.values()}
        return {**rows, None: cells(Q())}
    rows = {member.pk: cells(Q(**{by: member})) for member in members.values()}
    return {**rows, None: cells(Q(**{f"{by}__isnull": True}))}


def _read_table(metric_slug, ask, world, others):
    """The table from the figures layer, through year_tables where it can and the draw says so."""
    periods = PERIODS[ask["periods"]]
    within = world["areas"][ask["within"]] if ask["within"] else None
    if ask["several"] and ask["by"] in (None, "area") and ask["services"] is None:
        tables = year_tables(
            sorted({metric_slug, *others}), periods, by=ask["by"], within=within, area_rows=ask["area_rows"]
        )
        return tables[metric_slug]
    services = None if ask["services"] is None else [world["services"][slug] for slug in ask["services"]]
    return year_table(metric_slug, periods, by=ask["by"], within=within, area_rows=ask["area_rows"], services=services)


def _check(world, metric_slug, ask, others):
    table = _read_table(metric_slug, ask, world, others)
    expected = _expected_rows(world, get_metric(metric_slug), ask)
    shown = {row.key: row.values for row in table.rows}
    for key, values in shown.items():
        assert values == expected[key], f"row {key!r} of {metric_slug} {ask}: figures {values}, ORM {expected[key]}"
    for key, values in expected.items():
        if any(values):
            assert key in shown, f"row {key!r} of {metric_slug} {ask} is missing; the ORM counts {values}"


def test_every_cell_of_a_records_table_is_what_the_orm_counts(world):
    @EXAMPLES
    @given(drawn=records, asked=two_asks)
    def check(drawn, asked):
        with transaction.atomic():
            for record in drawn:
                _log(world, record)
            for ask in asked:
                for metric in RECORD_METRICS:
                    _check(world, metric, ask, RECORD_METRICS)
            transaction.set_rollback(True)

    check()


def test_every_cell_of_a_returns_table_is_what_the_orm_sums(world):
    @EXAMPLES
    @given(drawn=returns, asked=two_asks)
    def check(drawn, asked):
        with transaction.atomic():
            for entry in drawn:
                _enter(world, entry)
            for ask in asked:
                for metric in RETURN_METRICS:
                    _check(world, metric, ask, RETURN_METRICS)
            transaction.set_rollback(True)

    check()


def test_each_month_of_a_series_is_what_the_orm_counts(world):
    events = [slug for slug in RECORD_METRICS if isinstance(get_metric(slug).records, Events)]

    @settings(EXAMPLES, max_examples=20)
    @given(drawn=records, within=st.sampled_from([None, *AREAS]))
    def check(drawn, within):
        with transaction.atomic():
            for record in drawn:
                _log(world, record)
            scope = Q(area__path__startswith=world["areas"][within or "trust"].path)
            for metric in events:
                measure = get_metric(metric).records
                series = monthly_series(metric, Y2021.start, Y2021.end, within=world["areas"].get(within))
                span = measure.model.objects.filter(scope).aggregate(first=Min("date"), last=Max("date"))
                for month, value in series:
                    month_end = date(month.year + month.month // 12, month.month % 12 + 1, 1)
                    counted = (
                        measure.model.objects.filter(scope, measure.where)
                        .filter(**{f"{measure.on}__gte": month, f"{measure.on}__lt": month_end})
                        .count()
                    )
                    in_use = span["first"] is not None and span["first"].replace(day=1) <= month <= span["last"]
                    assert value == (counted if in_use else None), f"{metric} in {month:%B %Y} within {within}"
            transaction.set_rollback(True)

    check()
