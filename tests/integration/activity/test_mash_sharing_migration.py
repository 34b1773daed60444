"""Enquiries already shared when the working days to share were first kept get them from the migration, and are
counted in the new figures."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("activity", "0010_tasks_mash_sharing_and_leads_needed")]
AFTER = [("activity", "0012_mash_working_days_to_share")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_works_out_the_working_days_of_enquiries_already_shared():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("accounts", "User").objects.create(username="writer")
    area = old.get_model("activity", "Area").objects.create(slug="oxon", name="Oxfordshire", path="oxon/")
    enquiries = old.get_model("activity", "MashEnquiry").objects
    shared = {  # received, shared: working days
        "MASH-A": (date(2025, 12, 24), date(2025, 12, 29), 1),  # over Christmas
        "MASH-B": (date(2025, 11, 28), date(2025, 12, 2), 2),
        "MASH-C": (date(2025, 12, 1), date(2025, 12, 1), 0),
        "MASH-D": (date(2025, 12, 1), None, None),
    }
    for reference, (received, shared_on, _) in shared.items():
        enquiries.create(
            reference=reference,
            date=received,
            health_shared_on=shared_on,
            area=area,
            created_by=user,
            updated_by=user,
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    kept = dict(new.get_model("activity", "MashEnquiry").objects.values_list("reference", "health_shared_working_days"))
    assert kept == {reference: days for reference, (_, _, days) in shared.items()}
    counts = new.get_model("activity", "DailyCount").objects.filter(series="mash_health_shared_in_1_working_day")
    assert sorted(counts.values_list("day", "count")) == [(date(2025, 12, 1), 1), (date(2025, 12, 24), 1)]

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
