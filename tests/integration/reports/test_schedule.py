"""The schedule: a scheduled report's draft is started once its period ends, once however often the check runs,
and the secretary's home page lists the reports due with their deadlines.

The built-in templates with a cadence: the annual report to the Board (each year, due 120 days after it ends),
the quarterly report to the committee (each quarter, 42 days) and the assurance return to the ICB (each quarter,
30 days). On 20 April 2022 the last complete year is 2021/22 and the last complete quarter 2021/22 Q4, which
ended on 31 March 2022: the committee's report for it is due by 12 May 2022.
"""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.periods import FinancialYear, Quarter
from jobs.actions import start_job
from jobs.models import Job
from reports import schedule
from reports.annual import actions
from reports.job_kinds import REPORT_SCHEDULE
from reports.models import Report, ReportTemplate
from reports.schedule import reports_due, scheduler_account, start_due_reports

pytestmark = pytest.mark.django_db

AFTER_Q4 = date(2022, 4, 20)
Q4 = "2021/22 Q4"
COMMITTEE_DUE = date(2022, 5, 12)  # 31 March 2022 and 42 days
STARTED_ON_AFTER_Q4 = [("annual-board", "2021/22"), ("icb-assurance", Q4), ("quarterly-committee", Q4)]


def template(slug: str) -> ReportTemplate:
    return ReportTemplate.objects.get(slug=slug)


def started(reports) -> list[tuple[str, str]]:
    return sorted((report.template.slug, report.period) for report in reports)


def drafts() -> list[tuple[str, str, str | None]]:
    rows = Report.objects.filter(status=Report.Status.DRAFT).values_list("template__slug", "period", "area__slug")
    return sorted(rows, key=str)


# The scheduler account


def test_the_scheduler_account_can_never_sign_in(client):
    account = scheduler_account()

    assert not account.is_active and not account.has_usable_password()
    assert not account.groups.exists() and not account.areas.exists()
    assert not account.is_staff and not account.is_superuser
    client.post(reverse("login"), {"username": schedule.SCHEDULER_USERNAME, "password": "password"})
    assert "_auth_user_id" not in client.session
    assert scheduler_account() == account  # one account, however often it is asked for


def test_the_scheduler_account_is_made_safe_again_if_someone_activated_it():
    account = scheduler_account()
    account.is_active = True
    account.set_password("a password someone gave it")
    account.save()

    again = scheduler_account()

    assert not again.is_active and not again.has_usable_password()


# Starting the drafts


def test_once_a_period_ends_its_scheduled_drafts_are_started_by_the_schedule():
    reports = start_due_reports(AFTER_Q4, by=scheduler_account())

    assert started(reports) == STARTED_ON_AFTER_Q4
    committee = next(report for report in reports if report.template.slug == "quarterly-committee")
    assert committee.status == Report.Status.DRAFT and committee.area is None
    assert (committee.period_start, committee.period_end) == (date(2022, 1, 1), date(2022, 3, 31))
    history = committee.history.earliest("history_date")
    assert history.history_user == scheduler_account()
    assert history.history_change_reason == "Started by the schedule: the period ended on 31 March 2022"


def test_the_schedule_started_twice_for_the_same_period_makes_one_draft():
    start_due_reports(AFTER_Q4, by=scheduler_account())

    again = start_due_reports(AFTER_Q4 + timedelta(days=3), by=scheduler_account())

    assert again == []
    assert drafts() == sorted([(slug, period, None) for slug, period in STARTED_ON_AFTER_Q4], key=str)


def test_two_runs_at_the_same_moment_make_one_draft_the_database_refusing_the_second(monkeypatch):
    start_due_reports(AFTER_Q4, by=scheduler_account())
    # The second run looked before the first had saved anything: it sees no report and no draft.
    monkeypatch.setattr(schedule, "_reports_of", lambda slots: schedule.Q(pk__in=[]))
    monkeypatch.setattr(actions, "existing_draft", lambda template, period, area: None)
    refused = []

    def create_report(**kwargs):
        try:
            return actions.create_report(**kwargs)
        except IntegrityError:
            refused.append(kwargs["template"].slug)
            raise

    monkeypatch.setattr(schedule, "create_report", create_report)

    again = start_due_reports(AFTER_Q4, by=scheduler_account())

    assert again == []
    assert sorted(refused) == [slug for slug, _ in STARTED_ON_AFTER_Q4]  # each insert refused by the database
    assert len(drafts()) == len(STARTED_ON_AFTER_Q4)
    assert Report.objects.count() == len(STARTED_ON_AFTER_Q4)  # and the database is still usable after


def test_an_approved_report_of_the_period_is_not_started_again(lead):
    reports = start_due_reports(AFTER_Q4, by=scheduler_account())
    committee = next(report for report in reports if report.template.slug == "quarterly-committee")
    actions.approve_report(report=committee, by=lead)

    assert start_due_reports(AFTER_Q4, by=scheduler_account()) == []
    assert not Report.objects.filter(template=committee.template, period=Q4, status=Report.Status.DRAFT).exists()


def test_a_template_with_scheduled_areas_gets_one_draft_for_each_and_none_for_the_whole_trust(areas):
    template("quarterly-committee").scheduled_areas.set([areas["oxon"], areas["bsw"]])

    reports = start_due_reports(AFTER_Q4, by=scheduler_account())

    committee = sorted(
        (report.area.slug if report.area else None, report.title)
        for report in reports
        if report.template.slug == "quarterly-committee"
    )
    assert committee == [
        ("bsw", "Quarterly safeguarding report, Q4 2021/22: BSW"),
        ("oxon", "Quarterly safeguarding report, Q4 2021/22: Oxfordshire"),
    ]
    assert start_due_reports(AFTER_Q4, by=scheduler_account()) == []


def test_an_area_no_longer_in_use_gets_no_new_draft(areas):
    areas["bsw"].is_active = False
    areas["bsw"].save()
    template("quarterly-committee").scheduled_areas.set([areas["oxon"], areas["bsw"]])

    reports = start_due_reports(AFTER_Q4, by=scheduler_account())

    assert [report.area.slug for report in reports if report.template.slug == "quarterly-committee"] == ["oxon"]


def test_nothing_is_started_for_a_period_before_it_ends():
    last_day_of_q4 = date(2022, 3, 31)

    reports = start_due_reports(last_day_of_q4, by=scheduler_account())

    assert not Report.objects.filter(period__startswith="2021/22 Q4").exists()
    assert not Report.objects.filter(period="2021/22").exists()
    assert started(reports) == [
        ("annual-board", "2020/21"),
        ("icb-assurance", "2021/22 Q3"),
        ("quarterly-committee", "2021/22 Q3"),
    ]

    next_day = start_due_reports(date(2022, 4, 1), by=scheduler_account())

    assert started(next_day) == STARTED_ON_AFTER_Q4


def test_a_template_without_a_cadence_is_never_started():
    start_due_reports(AFTER_Q4, by=scheduler_account())

    assert not Report.objects.filter(template__slug="update-paper").exists()


def test_the_background_job_starts_the_due_drafts_and_says_which():
    job = start_job(
        kind=REPORT_SCHEDULE,
        by=scheduler_account(),
        title="Start the scheduled reports",
        params={"today": AFTER_Q4.isoformat()},
    )

    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert job.message.startswith("Started 3 drafts: ")
    assert "Quarterly safeguarding report, Q4 2021/22" in job.message
    assert drafts() == sorted([(slug, period, None) for slug, period in STARTED_ON_AFTER_Q4], key=str)


# The reports due


def due_by_slug(today: date) -> dict[str, schedule.DueReport]:
    return {due.template.slug: due for due in reports_due(today) if due.report is None or not due.report.is_approved}


def test_the_reports_due_are_listed_before_they_are_started_with_their_deadlines():
    due = reports_due(AFTER_Q4)

    listed = {(item.template.slug, item.period_key): item for item in due}
    assert sorted(listed) == STARTED_ON_AFTER_Q4
    committee = listed[("quarterly-committee", Q4)]
    assert committee.status == "Not started" and committee.report is None
    assert committee.title == "Quarterly safeguarding report, Q4 2021/22"
    assert committee.deadline == COMMITTEE_DUE
    assert listed[("icb-assurance", Q4)].deadline == date(2022, 4, 30)  # 30 days after 31 March
    assert listed[("annual-board", "2021/22")].deadline == date(2022, 7, 29)  # 120 days after 31 March
    assert [item.deadline for item in due] == sorted(item.deadline for item in due)  # soonest first
    assert not any(item.overdue for item in due)


def test_a_due_report_is_overdue_the_day_after_its_deadline_until_it_is_approved(lead):
    start_due_reports(AFTER_Q4, by=scheduler_account())

    on_the_day = due_by_slug(COMMITTEE_DUE)["quarterly-committee"]
    day_after = due_by_slug(COMMITTEE_DUE + timedelta(days=1))["quarterly-committee"]

    assert on_the_day.status == "Draft" and not on_the_day.overdue
    assert day_after.status == "Draft" and day_after.overdue

    actions.approve_report(report=day_after.report, by=lead)
    approved = [item for item in reports_due(COMMITTEE_DUE + timedelta(days=1)) if item.period_key == Q4]
    committee = next(item for item in approved if item.template.slug == "quarterly-committee")
    assert committee.status == "Approved" and not committee.overdue


def test_another_draft_of_a_scheduled_template_is_listed_with_its_own_deadline(lead):
    q3 = Quarter(FinancialYear(2021), 3)
    earlier = actions.create_report(template=template("quarterly-committee"), period=q3, by=lead)
    actions.create_report(template=template("update-paper"), period=q3, by=lead)  # no schedule: not listed

    due = [item for item in reports_due(AFTER_Q4) if item.report == earlier]

    assert len(due) == 1
    assert due[0].deadline == date(2022, 2, 11)  # 31 December 2021 and 42 days
    assert due[0].overdue and due[0].status == "Draft"
    assert not any(item.template.slug == "update-paper" for item in reports_due(AFTER_Q4))


def _queries_for_reports_due(today: date) -> int:
    with CaptureQueriesContext(connection) as queries:
        due = reports_due(today)
        [(item.title, item.audience, item.status, item.report and item.report.area) for item in due]
    return len(queries)


def test_the_reports_due_take_the_same_queries_however_many_reports_there_are(areas, lead):
    start_due_reports(AFTER_Q4, by=scheduler_account())
    few = _queries_for_reports_due(AFTER_Q4)

    template("quarterly-committee").scheduled_areas.set(areas.values())
    template("icb-assurance").scheduled_areas.set([areas["oxon"], areas["bsw"]])
    start_due_reports(AFTER_Q4, by=scheduler_account())
    for quarter in FinancialYear(2021).quarters[:3]:
        actions.create_report(template=template("quarterly-committee"), period=quarter, area=areas["swindon"], by=lead)
    assert len(reports_due(AFTER_Q4)) > 10
    many = _queries_for_reports_due(AFTER_Q4)

    assert many == few <= 3


# The home page


@pytest.fixture
def on_20_april_2022(monkeypatch):
    monkeypatch.setattr(schedule, "today", lambda: AFTER_Q4)


def test_the_secretarys_home_page_lists_the_due_report_with_its_deadline(client_for, secretary, on_20_april_2022):
    start_due_reports(AFTER_Q4, by=scheduler_account())
    committee = Report.objects.get(template__slug="quarterly-committee", period=Q4)

    page = client_for(secretary).get(reverse("home")).content.decode()

    assert "Reports due" in page
    assert f'<a href="{reverse("report_detail", args=[committee.pk])}">{committee.title}</a>' in page
    assert "Due by 12 May 2022" in page
    assert "Overdue" not in page


def test_an_overdue_report_says_so_on_the_home_page(client_for, secretary, monkeypatch):
    monkeypatch.setattr(schedule, "today", lambda: date(2022, 5, 13))

    page = client_for(secretary).get(reverse("home")).content.decode()

    assert "It was due by 12 May 2022" in page
    assert "Start it now" in page  # not started yet: the schedule has not run


def test_a_practitioner_and_an_executive_see_no_reports_due(client_for, practitioner, executive, on_20_april_2022):
    start_due_reports(AFTER_Q4, by=scheduler_account())

    for user in (practitioner, executive):
        page = client_for(user).get(reverse("home")).content.decode()
        assert "Reports due" not in page
        assert "Quarterly safeguarding report" not in page


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def test_the_home_page_takes_the_same_queries_however_many_reports_are_due(
    client_for, secretary, areas, lead, on_20_april_2022
):
    client = client_for(secretary)
    start_due_reports(AFTER_Q4, by=scheduler_account())
    few = _home_queries(client)

    template("quarterly-committee").scheduled_areas.set(areas.values())
    start_due_reports(AFTER_Q4, by=scheduler_account())
    for quarter in FinancialYear(2021).quarters[:3]:
        actions.create_report(template=template("icb-assurance"), period=quarter, area=areas["oxon"], by=lead)

    assert _home_queries(client) == few


def test_start_it_now_starts_the_draft_from_the_home_page(client_for, secretary, on_20_april_2022):
    client = client_for(secretary)
    form = {"template": template("quarterly-committee").pk, "period": Q4, "area": ""}

    response = client.post(reverse("report_start_due"), form)

    report = Report.objects.get(template__slug="quarterly-committee", period=Q4, area=None)
    assert response.status_code == 302 and response.url == reverse("report_detail", args=[report.pk])
    assert report.created_by == secretary
    page = client.get(reverse("home")).content.decode()
    assert f'<a href="{reverse("report_detail", args=[report.pk])}">{report.title}</a>' in page

    again = client.post(reverse("report_start_due"), form, follow=True)

    assert "There is already a draft" in again.content.decode()
    assert Report.objects.filter(template__slug="quarterly-committee", period=Q4).count() == 1
