"""The dashboard's figures, checked against records built here."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import User
from activity import actions
from activity.models import ClientGroup, Consultation, UncollectedFigure
from core.periods import FinancialYear
from governance.actions import save_record
from governance.models import Policy
from reports import spc
from reports.dashboard import build
from reports.models import Target
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


def test_training_compliance_well_below_its_target_year_after_year_fails_assurance(areas):
    lead = UserFactory()
    Target.objects.create(name="training_compliance", percent=90, from_year=2017)
    for year, compliant in ((2017, 70), (2018, 72), (2019, 71), (2020, 73), (2021, 72)):
        for metric, value in (("training_staff_compliant", compliant), ("training_staff_required", 100)):
            actions.enter_return(
                metric=metric, area=areas["trust"], period=FinancialYear(year), value=value, source="L&D", by=lead
            )
    board = build(Y2021, areas["trust"], today=date(2022, 6, 1))
    assert board.compliance.assurance is spc.Assurance.FAIL


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
        assert f"{chart['title']} as a table" in page
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
