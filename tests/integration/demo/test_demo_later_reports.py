"""The demo loaded through the tests' fixed day (20 July 2022, in 2022/23 Q2): the current year's dashboard shows
a figure for every headline, and the demo holds the quarterly committee report and the BSW partnership's
assurance pack for the last complete quarter, 2022/23 Q1, each with narrative in every section and a front sheet.
"""

from datetime import date

import pytest

from accounts.models import User
from activity.models import Area, ClientGroup, Consultation
from core.periods import FinancialYear
from demo.loader import load_demo
from reports.annual.actions import approve_report, report_flags, save_section
from reports.dashboard import HEADLINES, build
from reports.models import Report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

UNTIL = date(2022, 7, 20)  # the tests' settings.DEMO_UNTIL
QUARTER = "2022/23 Q1"


def _quarterly() -> Report:
    return Report.objects.get(template__slug="quarterly-committee", period=QUARTER, area=None)


def _bsw_pack() -> Report:
    return Report.objects.get(template__slug="icb-assurance", period=QUARTER, area__slug="bsw")


def test_the_current_years_dashboard_shows_a_figure_for_every_headline():
    dashboard = build(FinancialYear(2022), Area.objects.get(slug="trust"), today=UNTIL)

    missing = [headline.slug for headline in dashboard.headlines if headline.this is None]
    assert missing == []
    assert {headline.slug for headline in dashboard.headlines} == set(HEADLINES)
    calls = next(headline for headline in dashboard.headlines if headline.slug == "child_consultations")
    assert calls.this > 0 and date(2022, 6, 1) in calls.months and calls.chart is not None


def test_the_demo_holds_the_quarterly_report_and_the_bsw_pack_for_the_last_complete_quarter():
    quarterly, pack = _quarterly(), _bsw_pack()

    assert (quarterly.period_start, quarterly.period_end) == (date(2022, 4, 1), date(2022, 6, 30))
    assert (pack.period_start, pack.period_end) == (date(2022, 4, 1), date(2022, 6, 30))
    assert quarterly.area is None and pack.area.name == "Bath and North East Somerset, Swindon and Wiltshire"
    for report in (quarterly, pack):
        assert report.status == Report.Status.DRAFT
        empty = list(report.sections.filter(narrative="").values_list("title", flat=True))
        assert empty == [], report.title
        assert report.meeting and report.meeting_date and report.authors and report.recommendation
        assert report.meeting_date > report.period_end


def test_the_quarterly_narrative_agrees_with_its_tables_and_names_no_small_count():
    for report in (_quarterly(), _bsw_pack()):
        assert report_flags(report) == [], report.title


def test_the_bsw_pack_says_its_mash_figures_are_not_collected_and_counts_calls_about_children_in_bsw_only():
    pack = _bsw_pack()
    assert "not collected" in pack.sections.get(title="MASH activity and timeliness").narrative
    calls = Consultation.objects.filter(
        client_group=ClientGroup.CHILD,
        area__slug__in=["banes", "swindon", "wiltshire"],
        date__range=(date(2022, 4, 1), date(2022, 6, 30)),
    ).count()
    assert calls > 10  # written in figures, not words
    narrative = pack.sections.get(title="Consultations and referrals").narrative
    assert f"took {calls:,} calls about children in BSW" in narrative


def test_loading_again_keeps_what_someone_wrote_and_leaves_an_approved_quarterly_report_alone():
    lead = User.objects.get(username="lead")
    section = _bsw_pack().sections.get(title="Prevent")
    save_section(section=section, by=lead, title=section.title, narrative="Our own words on Prevent.", level=1)
    approve_report(report=_quarterly(), by=lead)

    added = load_demo()

    assert added["reports started"] == 0
    assert _bsw_pack().sections.get(title="Prevent").narrative == "Our own words on Prevent."
    assert not Report.objects.filter(template__slug="quarterly-committee", status=Report.Status.DRAFT).exists()
