"""How a report table reads: changes from unrounded averages, no percentage on a small base, honest public
percentages, notes said once a section, and findings in one style. Grids are written here by hand."""

from reports.annual.blocks import Grid
from reports.annual.disclosure import DisclosureRule, honest_percent
from reports.annual.presentation import present, present_grid
from reports.figures import NOT_COLLECTED
from reports.templatetags.report_format import format_row


def _grid(rows, *, total=None, working_days=None, title="MASH enquiries processed by area", phrase="", **rest):
    return Grid(
        title=title,
        kind="table",
        layout="per_working_day" if working_days else "years",
        row_header="Area",
        columns=["2020/21", "2021/22"],
        rows=[{"label": label, "values": values, "metric": None} for label, values in rows],
        total=total,
        year_labels=["2020/21", "2021/22"],
        working_days=working_days,
        phrase=phrase,
        metrics=["mash_enquiries"],
        **rest,
    )


def _cells(table, label):
    return next(format_row(table, row) for row in table.rows if row.label == label)


def test_an_average_a_working_day_and_its_change_come_from_the_unrounded_counts():
    # 367 / 261 = 1.406 and 638 / 261 = 2.444 a day: shown as 1.4 and 2.4; the change 1.038 reads +1.0, and the
    # percentage is 271 / 367 = 73.8% (from rounded averages it would read 1.4 to 2.4, +71.4%, or 1 to 2, +100%).
    table = present_grid(_grid([("Bucks", [367, 638])], working_days=[261, 261]), "t")
    assert _cells(table, "Bucks") == ["1.4", "2.4", "+1.0", "+73.8%"]


def test_averages_of_years_with_different_working_days_compare_the_averages():
    # 3,336 / 262 = 12.733 and 4,834 / 261 = 18.521: +5.788 a day, +45.5% (not the counts' +44.9%).
    table = present_grid(_grid([("Oxon", [3336, 4834])], working_days=[262, 261]), "t")
    assert _cells(table, "Oxon") == ["12.7", "18.5", "+5.8", "+45.5%"]


def test_no_percentage_change_on_a_base_below_the_small_base():
    table = present_grid(_grid([("Bucks", [1, 25])], phrase="MASH enquiries processed"), "t", small_base=10)
    assert _cells(table, "Bucks") == ["1", "25", "+24", "\u2013"]
    assert table.findings == ["In 2021/22 there were 25 MASH enquiries processed, 24 more than in 2020/21 (1)."]
    assert table.key_facts[0].change is None


def test_a_base_at_the_small_base_has_its_percentage():
    table = present_grid(_grid([("Bucks", [10, 25])]), "t", small_base=10)
    assert _cells(table, "Bucks")[-1] == "+150.0%"


def test_a_public_percentage_from_rounded_counts_that_could_mislead_is_left_out():
    # True 12 and 28 (+133%) publish as 10 and 30: +200% would mislead, so only the counts and change show.
    table = present_grid(_grid([("Oxon", [12, 28])]), "t", public=True, rule=DisclosureRule(), small_base=10)
    assert _cells(table, "Oxon") == ["10", "30", "+20", "\u2013"]


def test_a_public_percentage_that_rounding_cannot_move_much_is_shown():
    # 1,000 and 1,200 publish as they are; the truth is between 997.5 and 1,002.5, 1,197.5 and 1,202.5, so
    # between +19.5% and +20.5%: within 3 points of +20%.
    table = present_grid(_grid([("Oxon", [1000, 1200])]), "t", public=True, rule=DisclosureRule(), small_base=10)
    assert _cells(table, "Oxon") == ["1,000", "1,200", "+200", "+20.0%"]


def test_honest_percent_bounds_the_error_of_rounding():
    rule = DisclosureRule(threshold=7, rounding=5)
    # 300 to 330: the truth can be from 327.5 / 302.5 = +8.3% to 332.5 / 297.5 = +11.8%, within 1.8 of +10%.
    assert honest_percent(300, 330, rule)
    # 200 to 220: 222.5 / 197.5 = +12.7%, 2.7 points off: still within 3. 100 to 110: 112.5 / 97.5 = +15.4%.
    assert honest_percent(200, 220, rule)
    assert not honest_percent(100, 110, rule)


def test_not_collected_reads_as_such_and_gives_no_change():
    table = present_grid(
        _grid([("Oxon", [12, 15]), ("BSW", [NOT_COLLECTED, NOT_COLLECTED])], total=[12, 15]), "t", small_base=10
    )
    assert _cells(table, "BSW") == ["Not collected", "Not collected", "\u2013", "\u2013"]


def _content(*grids):
    return {
        "title": "Annual report",
        "year_label": "2021/22",
        "sections": [
            {"title": "MASH", "level": 1, "narrative": "", "blocks": [grid.as_json() for grid in grids]},
        ],
    }


def test_where_figures_come_from_is_said_once_a_section():
    shared = "BSW: not collected in 2021/22; left out of the total."
    first = _grid([("Oxon", [12, 15])], returns_years=["2020/21"], notes=[shared])
    second = _grid([("Oxon", [3, 4])], title="MASH cases open", returns_years=["2020/21"], notes=[shared, "Own note"])
    section = present(_content(first, second), small_base=10).sections[0]
    assert section.notes == ["Figures for 2020/21 include returns entered by the team.", shared]
    assert [table.notes for table in section.tables] == [[], ["Own note"]]
