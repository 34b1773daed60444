"""The dashboard's figures, checked against records built here."""

import re
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts import roles
from accounts.models import User
from activity import actions
from activity.models import ClientGroup, Consultation, UncollectedFigure
from core.periods import FinancialYear
from governance.actions import save_record
from governance.models import Policy
from reports import spc
from reports.dashboard import Headline, build
from reports.dashboard_presenter import build_charts
from reports.models import Target
from reports.process_changes import record_process_change
from tests.factories import (
    ConsultationFactory,
    MashEnquiryFactory,
    ReviewActionFactory,
    UserFactory,
)

Y2021 = FinancialYear(2021)


def _headline(board, slug):
    return next(headline for headline in board.headlines if headline.slug == slug)


def _calls(area, *days, client_group=ClientGroup.CHILD):
    for day in days:
        ConsultationFactory(area=area, date=day, client_group=client_group)


def test_year_to_date_is_compared_with_the_same_span_of_last_year(areas):
    _calls(areas["oxon"], date(2020, 4, 1), date(2020, 9, 30), date(2020, 10, 1), date(2021, 3, 31))
    _calls(areas["oxon"], date(2021, 4, 1), date(2021, 9, 30))
    board = build(Y2021, areas["trust"], today=date(2021, 9, 30))
    calls = _headline(board, "child_consultations")
    assert (calls.this, calls.last, calls.change) == (2, 2, 0)
    assert board.this_span.label == "2021/22 to 30 September"


def test_the_year_turns_over_between_31_march_and_1_april(areas):
    _calls(areas["oxon"], date(2022, 3, 31), date(2022, 4, 1))
    board = build(Y2021, areas["trust"], today=date(2026, 1, 1))
    assert _headline(board, "child_consultations").this == 1
    next_year = build(FinancialYear(2022), areas["trust"], today=date(2026, 1, 1))
    assert _headline(next_year, "child_consultations").this == 1
    assert _headline(next_year, "child_consultations").last == 1


def test_a_parent_area_includes_the_areas_below_it(areas):
    _calls(areas["swindon"], date(2021, 5, 1), date(2021, 6, 1))
    _calls(areas["oxon"], date(2021, 5, 1))
    assert _headline(build(Y2021, areas["bsw"], today=date(2022, 6, 1)), "child_consultations").this == 2
    assert _headline(build(Y2021, areas["trust"], today=date(2022, 6, 1)), "child_consultations").this == 3


def test_change_and_percentage(areas):
    _calls(areas["oxon"], date(2020, 5, 1), date(2020, 5, 2), date(2021, 5, 1), date(2021, 5, 2), date(2021, 5, 3))
    calls = _headline(build(Y2021, areas["trust"], today=date(2022, 6, 1)), "child_consultations")
    assert (calls.change, round(calls.percent_change)) == (1, 50)


def test_mash_enquiries_carry_their_average_per_working_day_and_open_cases(areas):
    for day in range(1, 11):
        MashEnquiryFactory(area=areas["oxon"], date=date(2021, 4, 1), closed_on=None if day <= 3 else date(2021, 4, 2))
    board = build(Y2021, areas["trust"], today=date(2022, 6, 1))
    mash = _headline(board, "mash_enquiries")
    assert mash.this == 10
    assert mash.notes == ["0.0 a working day", "3 open on 31 March 2022"]


def test_each_figure_links_to_the_records_behind_it(client, areas):
    _calls(areas["swindon"], date(2021, 5, 1), date(2021, 6, 1))
    _calls(areas["oxon"], date(2021, 5, 1))
    _calls(areas["swindon"], date(2021, 5, 1), client_group=ClientGroup.ADULT)
    board = build(Y2021, areas["bsw"], today=date(2022, 6, 1))
    client.force_login(UserFactory(role=roles.EXECUTIVE))
    for slug in ("child_consultations", "adult_consultations"):
        headline = _headline(board, slug)
        assert client.get(headline.url).context["count"] == headline.this


def test_overdue_review_actions_need_attention(areas):
    late = ReviewActionFactory(review__area=areas["oxon"], due_on=date(2021, 9, 1))
    ReviewActionFactory(review__area=areas["oxon"], due_on=date(2022, 9, 1))
    board = build(Y2021, areas["trust"], today=date(2021, 12, 1))
    assert board.overdue_count == 1
    assert board.overdue_actions == [late]
    assert _headline(board, "review_actions_outstanding").this == 1


def test_areas_with_a_return_last_year_but_not_this_year_are_flagged(areas):
    lead = UserFactory()
    for area, years in ((areas["oxon"], [2020, 2021]), (areas["bsw"], [2020])):
        for year in years:
            actions.enter_return(
                metric="marac_referrals", area=area, period=FinancialYear(year), value=1, source="MARAC", by=lead
            )
    board = build(Y2021, areas["trust"], today=date(2022, 6, 1))
    assert board.missing_returns == [("MARAC referrals made by the Trust", ["BSW"])]


def test_training_below_its_target_needs_attention(areas):
    lead = UserFactory()
    Target.objects.create(name="training_compliance", percent=90, from_year=2018)
    for metric, value in (("training_staff_compliant", 80), ("training_staff_required", 100)):
        actions.enter_return(metric=metric, area=areas["trust"], period=Y2021, value=value, source="L&D", by=lead)
    board = build(Y2021, areas["trust"], today=date(2022, 6, 1))
    assert (board.compliance.latest, board.compliance.target, board.compliance.below_target) == (80.0, 90.0, True)


def test_five_years_of_training_compliance_are_too_few_for_an_assurance_reading(client, areas, executive):
    """Five yearly figures well below target: below target, plainly, but no process limits to read assurance from
    (a reading needs ``spc.MIN_POINTS`` points)."""
    lead = UserFactory()
    Target.objects.create(name="training_compliance", percent=90, from_year=2017)
    for year, compliant in ((2017, 70), (2018, 72), (2019, 71), (2020, 73), (2021, 72)):
        for metric, value in (("training_staff_compliant", compliant), ("training_staff_required", 100)):
            actions.enter_return(
                metric=metric, area=areas["trust"], period=FinancialYear(year), value=value, source="L&D", by=lead
            )
    board = build(Y2021, areas["trust"], today=date(2022, 6, 1))
    assert board.compliance.below_target
    assert board.compliance.assurance is None
    client.force_login(executive)
    page = client.get(reverse("dashboard"), {"year": "2021"}).content.decode()
    assert "Below target" in page and "Assurance:" not in page


def test_only_roles_with_the_dashboard_may_open_it(client, areas):
    client.force_login(UserFactory(role=roles.PRACTITIONER, areas=[areas["oxon"]]))
    assert client.get(reverse("dashboard")).status_code == 403
    client.force_login(UserFactory(role=roles.EXECUTIVE))
    response = client.get(reverse("dashboard"), {"year": "2021", "area": areas["bsw"].pk})
    assert response.status_code == 200
    assert response.context["board"].area == areas["bsw"]


def test_every_chart_has_its_figures_as_a_table(client, areas):
    _calls(areas["oxon"], date(2021, 5, 1))
    client.force_login(UserFactory(role=roles.EXECUTIVE))
    response = client.get(reverse("dashboard"), {"year": "2021"})
    page = response.content.decode()
    for chart in response.context["charts"]:
        assert f"{escape(chart['title'])} as a table" in page
        if chart["figure"]:
            assert f'id="{chart["id"]}-data"' in page


def _bulk_consultations(count, area, start=0):
    creator = User.objects.get_or_create(username="bulk")[0]
    records = [
        Consultation(reference=f"BULK-{n}", date=date(2021, 4, 1 + n % 28), area=area, client_group=ClientGroup.CHILD)
        for n in range(start, start + count)
    ]
    actions.bulk_create_records(model=Consultation, records=records, by=creator)


def test_the_dashboard_makes_the_same_number_of_queries_at_10_and_10000_records(client, areas):
    client.force_login(UserFactory(role=roles.EXECUTIVE))
    url = reverse("dashboard") + "?year=2021"

    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        return len(captured), _headline(response.context["board"], "child_consultations").this

    _bulk_consultations(10, areas["swindon"])
    at_ten = queries_for_page()
    _bulk_consultations(9_990, areas["oxon"], start=10)
    at_ten_thousand = queries_for_page()
    assert at_ten[1] == 10 and at_ten_thousand[1] == 10_000
    assert at_ten[0] == at_ten_thousand[0] <= 120


def test_policies_past_their_review_date_need_attention(client, areas, executive, lead):
    """The restraint policy was due for review a month ago; the consent policy is due in a year."""
    today = timezone.localdate()
    for title, reference, due in (
        ("Restraint", "SG-04", today - timedelta(days=30)),
        ("Consent", "SG-07", today + timedelta(days=365)),
    ):
        policy = Policy(
            title=title,
            reference=reference,
            owner="Head of Safeguarding",
            last_reviewed=today - timedelta(days=800),
            review_due=due,
        )
        save_record(policy, by=lead, reason="Added to the register")
    board = build(Y2021, areas["trust"], today=today)
    assert [policy.title for policy in board.policies_past_review] == ["Restraint"]
    client.force_login(executive)
    attention = client.get(reverse("dashboard")).content.decode().split('id="attention"')[1].split("</ul>")[0]
    assert "Restraint" in attention and "SG-04" in attention
    assert "Consent" not in attention


def test_a_figure_not_collected_for_the_area_reads_not_collected_not_zero(areas):
    """MASH enquiries logged in Swindon in 2020/21 and 2022/23, none in 2021/22: a zero, until BSW's MASH figures
    are marked not collected from 2020/21."""
    MashEnquiryFactory(area=areas["swindon"], date=date(2020, 6, 1))
    MashEnquiryFactory(area=areas["swindon"], date=date(2022, 5, 1))
    assert _headline(build(Y2021, areas["bsw"], today=date(2022, 6, 1)), "mash_enquiries").this == 0
    UncollectedFigure.objects.create(metric="mash_enquiries", area=areas["bsw"], from_year=2020)
    headline = _headline(build(Y2021, areas["bsw"], today=date(2022, 6, 1)), "mash_enquiries")
    assert (headline.this, headline.not_collected) == (None, True)


# Charts that do not mislead (docs/adr/0014-spc-that-does-not-mislead.md)


def _monthly_consultations(area, counts_by_month: dict[date, int]):
    """``count`` child consultations on the first of each month, made in bulk."""
    creator = User.objects.get_or_create(username="bulk")[0]
    records = [
        Consultation(reference=f"M-{month:%Y%m}-{n}", date=month, area=area, client_group=ClientGroup.CHILD)
        for month, count in counts_by_month.items()
        for n in range(count)
    ]
    actions.bulk_create_records(model=Consultation, records=records, by=creator)


def _months(first: date, count: int) -> list[date]:
    return [date(first.year + (first.month - 1 + n) // 12, (first.month - 1 + n) % 12 + 1, 1) for n in range(count)]


def test_one_record_in_a_month_is_shown_as_a_count_not_as_special_cause(client, areas, executive):
    """Two years of months at zero but for three single records (the first and last mark the months counted)."""
    _calls(areas["oxon"], date(2020, 4, 10), date(2022, 1, 10), date(2022, 3, 10))
    board = build(Y2021, areas["trust"], today=date(2022, 6, 1))
    calls = _headline(board, "child_consultations")
    assert len(calls.months) == 24 and calls.chart.values[-3:] == [1, 0, 1]
    assert calls.chart.reading is spc.Reading.SMALL_COUNTS
    assert calls.variation is None
    client.force_login(executive)
    response = client.get(reverse("dashboard"), {"year": "2021"})
    page = response.content.decode()
    assert "Special cause" not in page
    chart = next(each for each in response.context["charts"] if each["id"] == "spc-child_consultations")
    assert chart["figure"]["data"][0]["type"] == "bar"
    assert "Shown as counts: most months have fewer than 3" in page


def test_a_recorded_process_change_rebases_the_chart_and_the_table_says_so(areas, lead):
    """Ten a month for a year, then twenty a month after a new recording system from April 2021: without the
    change, the later months are a run above the mean (special cause); with it, they start a phase of their own,
    too short yet for limits."""
    months = _months(date(2020, 4, 1), 24)
    _monthly_consultations(areas["oxon"], {month: 10 if month < date(2021, 4, 1) else 20 for month in months})
    before = _headline(build(Y2021, areas["trust"], today=date(2022, 6, 1)), "child_consultations")
    assert before.variation is not None and before.variation is not spc.Variation.COMMON

    record_process_change(
        metric="child_consultations",
        area=None,
        starts_on=date(2021, 4, 15),
        note="New recording system",
        by=lead,
        reason="Counts from the new system are not comparable with the old",
    )
    board = build(Y2021, areas["oxon"], today=date(2022, 6, 1))
    calls = _headline(board, "child_consultations")
    old, new = calls.chart.phases
    assert (old.mean, new.mean) == (10, 20)
    assert new.note == "New recording system (from April 2021)"
    assert calls.variation is None
    assert "12 months since the last process change" in calls.chart.why_not_judged

    chart = next(each for each in build_charts(board) if each["id"] == "spc-child_consultations")
    april = next(row for row in chart["rows"] if row[0] == "April 2021")
    assert april[-1] == "New recording system (from April 2021): new mean and limits from this month"
    assert [shape["x0"] for shape in chart["figure"]["layout"]["shapes"]] == ["Apr 2021"]


def test_a_process_change_for_another_area_leaves_this_areas_chart_alone(areas, lead):
    record_process_change(
        metric="child_consultations",
        area=areas["bsw"],
        starts_on=date(2021, 4, 1),
        note="BSW's new system",
        by=lead,
        reason="Not comparable",
    )
    for area in (areas["oxon"], areas["swindon"]):
        _calls(area, date(2020, 5, 1), date(2022, 3, 1))  # so that each chart runs from May 2020 to March 2022
    assert _headline(build(Y2021, areas["oxon"], today=date(2022, 6, 1)), "child_consultations").process_changes == []
    swindon = _headline(build(Y2021, areas["swindon"], today=date(2022, 6, 1)), "child_consultations")
    assert [change.note for change in swindon.process_changes] == ["BSW's new system"]


def test_the_latest_month_reading_says_when_the_year_to_date_goes_the_other_way():
    headline = Headline(
        slug="child_consultations",
        name="Child safeguarding consultations",
        this=425,
        last=332,
        url="",
        months=[date(2022, 3, 1)],
        variation=spc.Variation.NEITHER_LOW,
    )
    assert headline.readings_differ  # "+93 (+28%)" beside an unusually low latest month
    headline.variation = spc.Variation.NEITHER_HIGH
    assert not headline.readings_differ


def test_count_charts_have_whole_number_ticks(client, areas, executive):
    _calls(areas["oxon"], date(2021, 5, 1), date(2021, 6, 1))
    client.force_login(executive)
    response = client.get(reverse("dashboard"), {"year": "2021"})
    for chart in response.context["charts"]:
        if chart["figure"] and chart["id"] != "training-compliance":
            layout = chart["figure"]["layout"]
            axis = layout["xaxis"] if chart["id"] == "consultations-by-category" else layout["yaxis"]
            assert axis["tickformat"] == ",d" and axis["dtick"] >= 1 and float(axis["dtick"]).is_integer()


def test_the_dashboard_prints_thousands_with_a_separator(client, areas, executive):
    _bulk_consultations(1_427, areas["oxon"])
    client.force_login(executive)
    page = client.get(reverse("dashboard"), {"year": "2021"}).content.decode()
    headlines = page.split('id="headlines"')[1].split("</table>")[0]
    assert ">1,427<" in headlines and "1427" not in headlines
    monthly_table = page.split("as a table")[1].split("</table>")[0]
    assert '<td class="nhsuk-table__cell">1,427</td>' in monthly_table


def test_every_link_within_the_page_lands_on_something(client, areas, executive):
    """Whether or not any review action is overdue, "#overdue-actions" is on the page."""
    ReviewActionFactory(review__area=areas["oxon"], due_on=date(2022, 9, 1))  # outstanding, not yet overdue
    client.force_login(executive)
    for overdue in (False, True):
        if overdue:
            ReviewActionFactory(review__area=areas["oxon"], due_on=date(2021, 9, 1))
        page = client.get(reverse("dashboard"), {"year": "2021"}).content.decode()
        targets = set(re.findall(r'href="#([^"]+)"', page))
        assert "overdue-actions" in targets or not overdue
        for target in targets:
            assert f'id="{target}"' in page, target
