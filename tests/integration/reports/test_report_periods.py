"""Reports for any period and any audience, read from one set of figures: a quarter's tables are the year's for the
same span, the quarters add up to the year, partnership packs add up to the trust, and a pack shows its own area
only. Run over the demo's 2021/22, whose records are the seed report's.

Expected figures are worked out here from the records (plain ORM counts) or from another report's facts, never copied
from this code's output.
"""

from collections import defaultdict
from datetime import date

import pytest

from accounts.models import User
from activity.metrics import OpenAtEnd, get_metric
from activity.models import Area, ClientGroup, Consultation, MashEnquiry
from core.periods import FinancialYear, Quarter, Span, parse_period
from reports.annual import actions
from reports.annual.content import read_content
from reports.annual.report_templates import builtin_template, sections_of
from reports.annual.template_actions import save_as_template
from reports.models import Report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

YEAR = FinancialYear(2021)
PARTNERSHIPS = ["oxfordshire", "buckinghamshire", "banes", "swindon", "wiltshire"]


@pytest.fixture
def demo_lead():
    return User.objects.get(username="lead")


def _report(slug, period, by, area=None):
    return actions.create_report(template=builtin_template(slug), period=period, area=area, by=by)


def _facts(report) -> dict:
    """{(metric, area, service, category, services, start, end): value} over the whole report."""
    found = {}
    for section in read_content(report)["sections"]:
        for block in section["blocks"]:
            for fact in block.get("facts", []):
                key = tuple(
                    fact[name] for name in ("metric", "area", "service", "category", "services", "start", "end")
                )
                found[key] = fact["value"]
    return found


def _number(value) -> int:
    return value if isinstance(value, int) else 0


def _table(report, title):
    for section in read_content(report)["sections"]:
        for block in section["blocks"]:
            if block["title"] == title:
                return block
    raise AssertionError(f"No table {title!r} in {report.title}")


def test_the_period_parser_refuses_bad_periods_saying_what_is_wrong():
    with pytest.raises(ValueError, match="2021/22 Q5 is not a quarter"):
        parse_period("2021/22 Q5")
    with pytest.raises(ValueError, match="2021/22 H3 is not a half year"):
        parse_period("2021/22 H3")
    with pytest.raises(ValueError, match="ends before it starts"):
        parse_period("2021-08-31..2021-06-01")
    with pytest.raises(ValueError, match="'2021-02-30' is not a date"):
        parse_period("2021-02-30..2021-03-31")
    assert parse_period("Q4 2021/22") == parse_period("2021/22 Q4") == Quarter(YEAR, 4)


def test_a_quarterly_report_compares_the_quarter_with_last_years_the_quarters_so_far_and_the_year_to_date(demo_lead):
    report = _report("quarterly-committee", Quarter(YEAR, 3), demo_lead)
    same_quarter = _table(report, "Activity this quarter and the same quarter last year")
    assert same_quarter["columns"] == ["Q3 2020/21", "Q3 2021/22"]
    so_far = _table(report, "Activity by quarter this year")
    assert so_far["columns"] == ["Q1 2021/22", "Q2 2021/22", "Q3 2021/22"]
    to_date = _table(report, "Activity in the year to date and the same span last year")
    assert to_date["columns"] == ["2020/21 to 31 December", "2021/22 to 31 December"]

    def calls(start, end):
        return Consultation.objects.filter(client_group=ClientGroup.CHILD, date__range=(start, end)).count()

    row = next(row for row in so_far["rows"] if row["metric"] == "child_consultations")
    assert row["values"] == [calls(quarter.start, quarter.end) for quarter in YEAR.quarters[:3]]
    row = next(row for row in to_date["rows"] if row["metric"] == "child_consultations")
    assert (
        row["values"][-1]
        == calls(YEAR.start, date(2021, 12, 31))
        == sum(calls(quarter.start, quarter.end) for quarter in YEAR.quarters[:3])
    )


def test_the_four_quarters_add_up_to_the_year_and_a_date_range_equals_the_year(demo_lead):
    quarters = [_facts(_report("quarterly-committee", quarter, demo_lead)) for quarter in YEAR.quarters]
    year = _facts(_report("quarterly-committee", Span(YEAR.start, YEAR.end), demo_lead))
    whole = {key: value for key, value in year.items() if (key[5], key[6]) == (str(YEAR.start), str(YEAR.end))}
    assert whole, "the date-range report holds figures for the whole year"
    compared = 0
    for key, value in whole.items():
        parts = [
            facts.get((*key[:5], str(q.start), str(q.end))) for facts, q in zip(quarters, YEAR.quarters, strict=True)
        ]
        if any(part is None for part in parts):
            continue
        metric = get_metric(key[0])
        expected = parts[-1] if isinstance(metric.records, OpenAtEnd) else sum(_number(part) for part in parts)
        assert _number(value) == _number(expected), f"{key}: the year says {value}, its quarters {parts}"
        compared += 1
    assert compared >= 10
    annual = _facts(Report.objects.get(template__slug="annual-board", period="2021/22", area=None))
    shared = [key for key in annual if key in year]
    assert shared, "the annual report and the date-range report share figures"
    assert all(annual[key] == year[key] for key in shared)


def test_the_five_partnership_packs_add_up_to_the_trusts_figures(demo_lead):
    quarter = Quarter(YEAR, 4)
    trust = _facts(_report("icb-assurance", quarter, demo_lead))
    packs = [
        _facts(_report("icb-assurance", quarter, demo_lead, area=Area.objects.get(slug=slug))) for slug in PARTNERSHIPS
    ]
    summed = defaultdict(int)
    for slug, pack in zip(PARTNERSHIPS, packs, strict=True):
        for (metric, area, service, category, services, start, end), value in pack.items():
            if area == slug and not service and not category:
                summed[(metric, services, start, end)] += _number(value)
    checked = 0
    for (metric, area, service, category, services, start, end), value in trust.items():
        if area == "trust" and not service and not category and (metric, services, start, end) in summed:
            assert summed[(metric, services, start, end)] == _number(value), f"{metric} {start}..{end}"
            checked += 1
    assert checked >= 15
    # The check has teeth: the packs' consultations are the records in their areas, counted here.
    oxon = [key for key in packs[0] if key[0] == "child_consultations" and key[5] == str(quarter.start)]
    assert (
        packs[0][oxon[0]]
        == Consultation.objects.filter(
            client_group=ClientGroup.CHILD, area__slug="oxfordshire", date__range=(quarter.start, quarter.end)
        ).count()
    )


def test_a_pack_shows_its_area_only_and_leaves_out_blocks_about_another(demo_lead):
    swindon = Area.objects.get(slug="swindon")
    pack = _report("annual-board", YEAR, demo_lead, area=swindon)
    content = read_content(pack)
    titles = [block["title"] for section in content["sections"] for block in section["blocks"]]
    assert "Referrals to children's social care by Community Health (children's services), Oxfordshire" not in titles
    mash = _table(pack, "MASH enquiries processed by area")
    assert [row["label"] for row in mash["rows"]] in ([], ["Swindon"])  # not collected in BSW: no figure
    cdop = _table(pack, "CDOP cases reviewed by area")
    assert [row["label"] for row in cdop["rows"]] == ["Swindon"]
    assert cdop["rows"][0]["values"][-1] == 2  # the seed: Swindon, 2 cases reviewed in 2021/22
    assert content["audience"] == "Swindon"
    assert pack.title == "Annual safeguarding report 2021/22: Swindon"


def test_the_mash_timeliness_figure_counts_enquiries_closed_within_three_days(demo_lead):
    quarter = Quarter(YEAR, 2)
    report = _report("icb-assurance", quarter, demo_lead)
    table = _table(report, "MASH enquiries and how quickly they were closed")
    row = next(row for row in table["rows"] if row["metric"] == "mash_enquiries_closed_in_3_days")
    closed = MashEnquiry.objects.filter(closed_on__range=(quarter.start, quarter.end))
    in_time = [enquiry for enquiry in closed if (enquiry.closed_on - enquiry.date).days <= 3]
    assert row["values"][-1] == len(in_time) > 0


def test_a_new_kind_of_report_made_from_a_report_starts_with_its_sections_blocks_and_front_sheet(demo_lead):
    annual = Report.objects.get(year=2021, template__slug="annual-board", area=None, status=Report.Status.DRAFT)
    template = save_as_template(annual, name="Report to the Swindon partnership", cadence="year", by=demo_lead)
    assert template.title == "Annual safeguarding report {period}"
    assert [section.title for section in sections_of(template)] == list(annual.sections.values_list("title", flat=True))
    swindon = Area.objects.get(slug="swindon")
    draft = actions.create_report(template=template, period=FinancialYear(2022), area=swindon, by=demo_lead)
    assert draft.title == "Annual safeguarding report 2022/23: Swindon"
    assert draft.organisation == annual.organisation and draft.meeting_date is None
    assert draft.sections.count() == annual.sections.count()
    assert all(not section.narrative for section in draft.sections.all())
    assert template.history.last().history_change_reason.startswith("Made from the report")
    with pytest.raises(Exception, match="already a template called"):
        save_as_template(annual, name="Report to the Swindon partnership", by=demo_lead)


def test_a_second_draft_of_the_same_template_period_and_area_is_refused_but_another_area_is_not(demo_lead):
    quarter = Quarter(YEAR, 1)
    _report("quarterly-committee", quarter, demo_lead)
    with pytest.raises(Exception, match="already a draft of the quarterly report to the committee for Q1 2021/22"):
        _report("quarterly-committee", quarter, demo_lead)
    pack = _report("quarterly-committee", quarter, demo_lead, area=Area.objects.get(slug="swindon"))
    assert pack.area.slug == "swindon" and pack.period == "2021/22 Q1"
    assert Report.objects.filter(template__slug="quarterly-committee", period="2021/22 Q1").count() == 2
    assert (pack.period_start, pack.period_end) == (date(2021, 4, 1), date(2021, 6, 30))
