"""The daily counts are recounted in the database: they agree with a full rebuild after any mix of writes, and a
refresh issues the same statements for five records as for five hundred, over a few days or over years."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from accounts import roles
from activity import actions, bulk_writes, rollups
from activity.importing import apply_import, plan_import
from activity.models import Consultation, DailyCount, MashEnquiry
from tests.factories import CategoryFactory, ServiceFactory, UserFactory
from tests.hostile import fuzz

IMPORT_HEADER = "Reference,Date,Area,Client group,Service,Team,Category of concern,Mode,Outcome,Case reference\n"
COUNTS_INSERT = 'INSERT INTO "reports_dailycount"'
FIRST_DAY = date(2021, 3, 25)
DAYS = st.integers(min_value=0, max_value=20).map(lambda n: FIRST_DAY + timedelta(days=n))


def _snapshot():
    rows = DailyCount.objects.values_list("series", "area_id", "service_id", "category_id", "day", "count")
    return sorted(rows, key=lambda row: tuple((value is None, value or 0) for value in row))


def _counts_agree_with_a_rebuild():
    kept = _snapshot()
    DailyCount.objects.all().delete()
    rollups.rebuild()
    assert _snapshot() == kept


# One write: what it does, and the values it needs (an index into the records made so far, a day, a choice).
WRITES = st.lists(
    st.tuples(
        st.sampled_from(["create", "move", "archive", "restore", "bulk", "close", "recategorise"]),
        st.integers(min_value=0, max_value=30),
        DAYS,
        DAYS,
        st.booleans(),
    ),
    min_size=1,
    max_size=12,
)


@pytest.mark.django_db
@fuzz
@given(writes=WRITES)
def test_counts_equal_a_rebuild_after_any_random_writes(areas, writes):
    DailyCount.objects.all().delete()
    Consultation.with_archived.all().delete()
    MashEnquiry.with_archived.all().delete()
    oxon, bsw = areas["oxon"], areas["bsw"]
    user = UserFactory()
    service, category = ServiceFactory(), CategoryFactory()
    made: list = []

    for kind, index, day, other_day, flag in writes:
        area = oxon if flag else bsw
        chosen = made[index % len(made)] if made else None
        if kind == "create" or chosen is None:
            made.append(
                actions.create_record(
                    model=Consultation,
                    by=user,
                    date=day,
                    area=area,
                    client_group="adult" if flag else "child",
                    service=service if flag else None,
                    category=category if not flag else None,
                )
            )
        elif kind == "bulk":
            records = [
                MashEnquiry(
                    reference=f"M{len(made)}-{n}",
                    date=day,
                    area=area,
                    closed_on=max(day, other_day) if flag else None,
                    health_shared_on=day if n % 2 else None,
                )
                for n in range(3)
            ]
            actions.bulk_create_records(model=MashEnquiry, records=records, by=user)
            made.extend(records)
        elif kind == "move" and isinstance(chosen, Consultation):
            actions.update_record(record=chosen, by=user, reason="Moved", date=other_day, area=area)
        elif kind == "archive" and not chosen.is_archived:
            actions.archive_record(record=chosen, by=user, reason="Duplicate")
        elif kind == "restore" and chosen.is_archived:
            actions.restore_record(record=chosen, by=user, reason="Not a duplicate")
        elif kind == "close" and isinstance(chosen, MashEnquiry) and not chosen.is_archived:
            actions.update_record(record=chosen, by=user, reason="Closed", closed_on=max(chosen.date, other_day))
        elif kind == "recategorise" and isinstance(chosen, Consultation) and not chosen.is_archived:
            actions.update_record(record=chosen, by=user, reason="Category", category=None if flag else category)
        if chosen is not None:
            chosen.refresh_from_db()

    _counts_agree_with_a_rebuild()


def _refresh_statements(model, days):
    with CaptureQueriesContext(connection) as queries:
        rollups.refresh(model, days)
    return len(queries)


def _consultations(count, *, area, by, days):
    records = [
        Consultation(reference=f"C{count}-{n}", date=days[n % len(days)], area=area, client_group="child")
        for n in range(count)
    ]
    actions.bulk_create_records(model=Consultation, records=records, by=by, refresh_counts=False)


@pytest.mark.django_db
def test_a_refresh_issues_the_same_statements_however_many_records_and_days(areas):
    user = UserFactory()
    few_days = [date(2021, 4, 1), date(2021, 4, 2)]
    years_of_days = [date(2019, 4, 1) + timedelta(days=n) for n in range(900)]

    _consultations(5, area=areas["oxon"], by=user, days=few_days)
    small = _refresh_statements(Consultation, set(few_days))
    _consultations(500, area=areas["bsw"], by=user, days=years_of_days)
    large = _refresh_statements(Consultation, set(years_of_days))
    everything = _refresh_statements(Consultation, None)

    assert small == large == everything
    # Counted by hand: 5 on two days in Oxfordshire (3 and 2), 500 over 900 days in BSW (one a day).
    counts = dict(DailyCount.objects.filter(series="consultations", area=areas["oxon"]).values_list("day", "count"))
    assert counts == {date(2021, 4, 1): 3, date(2021, 4, 2): 2}
    assert DailyCount.objects.filter(series="consultations", area=areas["bsw"]).count() == 500


@pytest.mark.django_db
def test_an_import_in_many_batches_recounts_the_days_once_and_agrees_with_a_rebuild(areas, monkeypatch):
    monkeypatch.setattr(bulk_writes, "PROGRESS_EVERY", 2)  # five rows: written in three batches on SQLite
    lead = UserFactory(role=roles.LEAD)
    rows = "".join(f"IMP-{n},0{n + 1}/06/2021,Oxfordshire,Child,,,,Telephone,Advice given,AB{n}\n" for n in range(5))
    content = (IMPORT_HEADER + rows).encode()
    plan = plan_import(kind="consultations", content=content, file_name="five.csv", user=lead)
    assert plan.is_valid, plan.errors

    with CaptureQueriesContext(connection) as queries:
        apply_import(plan, by=lead)

    inserts = [query["sql"] for query in queries.captured_queries if 'INSERT INTO "reports_dailycount"' in query["sql"]]
    # one INSERT ... SELECT for every series of consultations (all count by the record's date), once: not again
    # for each batch
    assert len(inserts) == 1
    counted = dict(DailyCount.objects.filter(series="consultations").values_list("day", "count"))
    assert counted == {date(2021, 6, n): 1 for n in range(1, 6)}
    _counts_agree_with_a_rebuild()
