"""One rule for text in a spreadsheet export: nothing a person typed can be read as a formula."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.spreadsheets import FORMULA_STARTS, neutralise, restore
from reports.annual.exporters.xlsx import safe_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://example.invalid","Click")', '\'=HYPERLINK("http://example.invalid","Click")'),
        ("+44 1865 000000", "'+44 1865 000000"),
        ("-1", "'-1"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
    ],
    ids=["equals", "plus", "minus", "at", "tab", "carriage-return"],
)
def test_text_starting_with_each_formula_character_gets_an_apostrophe(text, expected):
    assert neutralise(text) == expected


def test_every_formula_character_is_covered():
    assert set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}


@pytest.mark.parametrize("text", ["", "Oxfordshire", "x=1", "AB-123", "1+1", " =1", "Café ☕", "'quoted'"])
def test_ordinary_text_is_left_alone(text):
    assert neutralise(text) == text


@pytest.mark.parametrize(
    "value",
    [0, -1, -3.5, 12.0, Decimal("-7.25"), date(2021, 6, 30), datetime(2021, 6, 30, 9), None, True],
)
def test_numbers_dates_and_empty_cells_are_not_touched(value):
    assert neutralise(value) is value


def test_text_already_quoted_before_a_formula_character_gets_one_more_so_it_can_be_undone():
    assert neutralise("'=1+1") == "''=1+1"
    assert restore("''=1+1") == "'=1+1"


def test_characters_a_spreadsheet_cannot_hold_are_dropped_before_the_check():
    assert neutralise("AB\x00\x01\x7f\ufffe\uffff12") == "AB12"
    assert neutralise("\x01=1+1") == "'=1+1"
    assert neutralise("line one\nline two") == "line one\nline two"


@pytest.mark.parametrize("text", ["'=1+1", "'-2", "'@x", "'\tx"])
def test_restore_takes_off_only_the_apostrophe_an_export_adds(text):
    assert restore(text) == text[1:]


@pytest.mark.parametrize("value", ["'quoted'", "'", "'1+1", "plain", "", 5, None, date(2021, 1, 1)])
def test_restore_leaves_anything_an_export_would_not_have_quoted(value):
    assert restore(value) == value


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from("=+-@'\t\r\n")))
def test_restore_undoes_neutralise_for_any_text(text):
    safe = neutralise(text)
    assert not safe.startswith(FORMULA_STARTS)
    assert restore(safe) == text


def test_the_annual_reports_workbook_follows_the_same_rule():
    for text in ("=1+1", "-minus", "'=x", "plain", "x\x00y"):
        assert safe_text(text) == neutralise(text)
