"""The demo reproduces the seed report's tables (sections 6, 8, 9 and 11) number for number.

Every expected number below is copied from the seed report's text
(../shared/seeds/000_3c5ac8f93228db33.txt, the trust's annual safeguarding report
2021/22), not from this code's output. Where the seed's prose and its tables
disagree, the tables are the data (see DESIGN.md).
"""

import itertools
import re

import pytest

from activity import actions
from activity.models import RECORD_MODELS, Area, Return, Review, ReviewAction, Service
from core.periods import FinancialYear
from demo.loader import load_demo
from demo.records import generator
from reports.figures import per_working_day, year_table, year_tables, year_value

Y2018, Y2019, Y2020, Y2021 = (FinancialYear(year) for year in (2018, 2019, 2020, 2021))

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def _rows(table):
    return {row.label: row.values for row in table.rows}


def _services(*slugs):
    return list(Service.objects.filter(slug__in=slugs))


# 6.1 Adult activity ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        ("adult_consultations", [402, 380, 336, 429]),  # Telephone Consultations
        ("adult_referrals", [132, 173, 163, 266]),  # Referrals to local authorities
        ("s42_enquiries", [19, 16, 19, 31]),  # s.42 enquiries undertaken
    ],
)
def test_adult_activity_table(metric, expected):
    assert year_table(metric, [Y2018, Y2019, Y2020, Y2021]).total.values == expected


def test_2021_22_adult_activity_is_held_as_records_and_earlier_years_as_returns():
    cells = year_table("adult_consultations", [Y2020, Y2021]).total.cells
    assert [cell.source for cell in cells] == ["returns", "records"]


# 6.2 Children activity (figures in the text) --------------------------------------


def test_court_reports_supported():
    # "13 staff have been supported to write court reports compared to 19 last year"
    assert year_table("court_reports_supported", [Y2020, Y2021]).total.values == [19, 13]


def test_allegations_against_staff_by_area():
    # "3 allegations against staff in Oxfordshire ... 1 allegation in Swindon ... none in Buckinghamshire"
    table = year_table("allegations_against_staff", [Y2021], by="area", area_rows="leaves")
    assert _rows(table)["Oxon"] == [3]
    assert _rows(table)["Swindon"] == [1]
    assert _rows(table)["Bucks"] == [0]


# 6.3 Referrals to children's social care -------------------------------------------


def test_referrals_to_childrens_social_care_by_mental_health():
    table = year_table("child_referrals", [Y2020, Y2021], by="area", services=_services("oxon-sw-mh", "bucks-mh"))
    rows = _rows(table)
    assert rows["Oxon"] == [48, 63]
    assert rows["Bucks"] == [28, 27]
    assert rows["BSW"] == [55, 85]


def test_referrals_to_childrens_social_care_by_community_health_in_oxfordshire():
    oxfordshire = Area.objects.get(slug="oxfordshire")
    table = year_table("child_referrals", [Y2020, Y2021], within=oxfordshire, services=_services("community-health"))
    assert table.total.values == [111, 86]


# 6.4 Safeguarding children's incidents ------------------------------------------------


def test_childrens_incidents_by_directorate_with_their_themes():
    rows = _rows(year_table("child_safeguarding_incidents", [Y2021], by="service"))
    assert rows["Bucks Mental Health"] == [19]
    assert rows["Community Health"] == [67]
    assert rows["Oxon & South West Mental Health"] == [58]  # "Oxon & west"
    assert rows["Specialised Services"] == [5]
    community = Return.objects.get(
        metric="child_safeguarding_incidents", service__slug="community-health", period_start=Y2021.start
    )
    assert "dog bite" in community.note


# 6.5 Consultations -------------------------------------------------------------------


def test_childrens_consultation_data_by_service():
    table = year_table("child_consultations", [Y2020, Y2021], by="service")
    rows = _rows(table)
    assert rows["Oxon & South West Mental Health"] == [542, 748]
    assert rows["Bucks Mental Health"] == [216, 281]
    assert rows["Community Health"] == [297, 382]
    assert rows["Specialised Services"] == [21, 16]
    # "In 2021/22 there were 1427 calls to the consultation line"; the table's two years
    # differ by 351, not the 177 the prose says.
    assert table.total.values == [1076, 1427]


def test_exploitation_consultations():
    # "In 2021-2022 there were 28 calls, 21 relating to criminal exploitation: 7 to CSE.
    # This compares to 17 calls in 2020/2021."
    assert year_table("child_exploitation_consultations", [Y2020, Y2021]).total.values == [17, 28]
    by_category = _rows(year_table("child_consultations", [Y2021], by="category"))
    assert by_category["Criminal exploitation"] == [21]
    assert by_category["Child sexual exploitation (CSE)"] == [7]


def test_emotional_abuse_is_the_category_with_most_calls_then_neglect_and_domestic_abuse():
    table = year_table("child_consultations", [Y2021], by="category")
    ranked = [row.label for row in sorted(table.rows, key=lambda row: row.values[0], reverse=True)]
    assert ranked[:3] == ["Emotional abuse", "Neglect", "Domestic abuse"]


# 6.6 Training and 6.7 Supervision -------------------------------------------------------


def test_training_sessions_delivered():
    assert year_table("child_training_sessions", [Y2020, Y2021]).total.values == [12, 30]
    assert year_table("adult_training_sessions", [Y2020, Y2021]).total.values == [14, 26]


def test_safeguarding_children_supervision_sessions():
    assert year_table("child_supervision_sessions", [Y2019, Y2020, Y2021]).total.values == [147, 153, 146]


# 6.8.2 Safeguarding service audits ----------------------------------------------------


def test_safeguarding_service_audits_completed():
    # Four completed audits are listed: DOLS, welfare checks (HBPOS), supervision, domestic abuse dip sample.
    assert year_value("service_audits_completed", Y2021) == 4


# 8.1 MASH --------------------------------------------------------------------------


def test_mash_enquiries_processed_with_average_per_day_and_open_cases():
    years = [Y2019, Y2020, Y2021]
    processed = _rows(year_table("mash_enquiries", years, by="area"))
    assert processed["Oxon"] == [3336, 4834, 4726]
    assert processed["Bucks"] == [364, 367, 638]
    averages = [per_working_day(count, year) for count, year in zip(processed["Oxon"], years, strict=True)]
    assert averages == [13, 19, 18]
    assert _rows(year_table("mash_open_cases", years, by="area"))["Bucks"] == [110, 139, 253]


# 8.3.2 CSPRs and rapid reviews -------------------------------------------------------


CSPR_TABLE = {
    # area: rapid review completed, published, completed/awaiting publication, ongoing,
    # partnership review, outstanding actions
    "Oxon": [6, 1, 2, 1, 1, 0],
    "Bucks": [1, 1, 1, 1, 1, 0],
    "B&NES": [1, 0, 0, 1, 0, 0],
    "Swindon": [2, 0, 0, 0, 1, 0],
    "Wiltshire": [1, 0, 0, 0, 0, 0],
}
CSPR_COLUMNS = [
    "rapid_reviews_completed",
    "cspr_published",
    "cspr_awaiting_publication",
    "cspr_ongoing",
    "partnership_reviews",
    "review_actions_outstanding",
]


def test_cspr_and_rapid_review_table():
    tables = [_rows(year_table(metric, [Y2021], by="area", area_rows="leaves")) for metric in CSPR_COLUMNS]
    for area, expected in CSPR_TABLE.items():
        assert [table[area][0] for table in tables] == expected, area


def test_buckinghamshires_ongoing_practice_review_is_a_joint_sar_cspr():
    practice_reviews = Review.objects.filter(area__slug="buckinghamshire", kind__in=Review.CHILD_PRACTICE_REVIEW_KINDS)
    ongoing = [review for review in practice_reviews if review.status_on(Y2021.end) == Review.Status.ONGOING]
    assert [review.kind for review in ongoing] == [Review.Kind.JOINT_SAR_CSPR]


def test_review_actions_exist_and_none_is_outstanding_at_year_end():
    assert ReviewAction.objects.exists()
    assert year_value("review_actions_outstanding", Y2021) == 0


# 9.2 CDOP ---------------------------------------------------------------------------


def test_cdop_cases_reviewed_and_known_by_area():
    reviewed = _rows(year_table("cdop_cases_reviewed", [Y2020, Y2021], by="area"))
    known = _rows(year_table("cdop_cases_known", [Y2021], by="area"))
    assert reviewed["Berkshire"] == [1, 25] and known["Berkshire"] == [0]
    assert reviewed["BSW"] == [8, 4] and known["BSW"] == [3]
    assert reviewed["Bucks"] == [31, 31] and known["Bucks"] == [3]
    assert reviewed["Oxon"] == [21, 33] and known["Oxon"] == [34]


def test_cdop_totals_follow_the_table_not_the_prose():
    # The prose says 92 children in 2021/22 (61 in 2020/21); the table sums to 93.
    assert year_table("cdop_cases_reviewed", [Y2020, Y2021]).total.values == [61, 93]


# 11.3.1 MARAC, 11.4 MAPPA, 11.5 FGM -----------------------------------------------------


def test_marac_referrals_made_by_the_trust():
    rows = _rows(year_table("marac_referrals", [Y2020, Y2021], by="area"))
    assert rows["Oxon"] == [4, 2]
    assert rows["Bucks"] == [3, 1]
    assert rows["BSW"] == [0, 0]


def test_mappa_information_shares():
    assert year_table("mappa_information_shares", [Y2019, Y2020, Y2021]).total.values == [43, 51, 21]


def test_fgm_cases_discussed():
    # "30 cases were discussed ... An increase from 19 cases"
    assert year_table("fgm_cases_discussed", [Y2020, Y2021]).total.values == [19, 30]


# The demo itself ---------------------------------------------------------------------


def test_loading_the_demo_again_changes_nothing():
    def snapshot():
        counts = {model.__name__: model.objects.count() for model in [*RECORD_MODELS, ReviewAction, Return]}
        references = set(RECORD_MODELS[0].objects.values_list("reference", flat=True))
        return counts, references

    before = snapshot()
    added = load_demo()
    assert sum(added.values()) == 0
    assert snapshot() == before


def test_loading_the_demo_again_adds_nothing_when_a_demo_record_was_archived():
    lead = Review.objects.first().created_by
    record = RECORD_MODELS[0].objects.first()
    actions.archive_record(record=record, by=lead, reason="Logged twice")

    added = load_demo()
    assert sum(added.values()) == 0
    assert RECORD_MODELS[0].with_archived.filter(reference=record.reference).count() == 1


def test_demo_references_are_random_as_the_apps_are_not_numbered_in_sequence():
    for model in RECORD_MODELS:
        references = list(model.with_archived.values_list("reference", flat=True))
        pattern = re.compile(rf"DEMO-{model.reference_prefix}-[0-9A-F]{{10}}")
        assert all(pattern.fullmatch(reference) for reference in references), (model.__name__, references[:3])
        numbers = sorted(int(reference.rsplit("-", 1)[1], 16) for reference in references)
        runs = sum(1 for low, high in itertools.pairwise(numbers) if high - low == 1)
        assert runs == 0, f"{model.__name__}: {runs} references follow one from another"


def test_the_demos_references_cannot_be_worked_out_from_its_fixed_seed():
    first, again = generator().cdop_cases(), generator().cdop_cases()
    assert [case.date for case in first] == [case.date for case in again]  # the same records...
    assert {case.reference for case in first}.isdisjoint(case.reference for case in again)  # ...not the same names


def test_no_demo_record_holds_free_text_notes():
    for model in RECORD_MODELS:
        assert not model.objects.exclude(notes="").exists(), model.__name__


@pytest.mark.parametrize("by", [None, "area"])
def test_several_tables_read_at_once_equal_the_same_tables_read_one_by_one(by):
    slugs = [
        "child_consultations",
        "adult_consultations",
        "child_referrals",
        "mash_enquiries",
        "mash_open_cases",
        "cdop_cases_reviewed",
        "review_actions_outstanding",
        "marac_referrals",
        "mappa_information_shares",
    ]
    years = [Y2019, Y2020, Y2021]
    together = year_tables(slugs, years, by=by)
    for slug in slugs:
        alone = year_table(slug, years, by=by)
        assert [(row.label, row.values) for row in together[slug].rows] == [
            (row.label, row.values) for row in alone.rows
        ], slug
