"""Reports written before reports had periods and templates keep working: the migration makes each the annual
report to the Board for its financial year, its history included."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reports", "0007_board_front_sheet_and_content")]
AFTER = [("reports", "0008_report_periods_templates_audiences")]


@pytest.mark.django_db(transaction=True)
def test_an_annual_report_from_before_periods_becomes_the_annual_board_report_for_its_year():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("accounts", "User").objects.create(username="writer")
    report = old.get_model("reports", "Report").objects.create(
        year=2020, title="Annual safeguarding report 2020/21", created_by=user, updated_by=user
    )
    old.get_model("reports", "HistoricalReport").objects.create(
        id=report.pk,
        year=2020,
        title=report.title,
        status="draft",
        created_at=report.created_at,
        updated_at=report.updated_at,
        created_by=user,
        updated_by=user,
        history_date=report.created_at,
        history_type="+",
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    migrated = new.get_model("reports", "Report").objects.get(pk=report.pk)
    assert migrated.template.slug == "annual-board"
    assert (migrated.period, migrated.period_start, migrated.period_end) == (
        "2020/21",
        date(2020, 4, 1),
        date(2021, 3, 31),
    )
    assert migrated.area_id is None
    history = new.get_model("reports", "HistoricalReport").objects.get(id=report.pk)
    assert (history.period, history.template_id) == ("2020/21", migrated.template_id)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
