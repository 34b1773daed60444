"""The role matrix (tests/role_matrix.py): that it covers every page, and the answers of the pages in no other group.

The matrix itself, what each role gets from each page, is in tests/role_matrix.py, with how to add a page. Its
rows are asked in test_role_matrix.py (signing in, access changes, the audit log and every page in no other
group), test_role_matrix_records.py, test_role_matrix_record_changes.py, test_role_matrix_reports.py and
test_role_matrix_admin.py, so that pytest-xdist spreads them over its workers.
"""

from pathlib import Path

import pytest
from django.contrib import admin

from activity.record_types import RECORD_TYPES
from tests import role_matrix as matrix
from tests.catalogue import url_entries, url_names

world = matrix.world  # the sample data every URL is built from (a fixture, built once for this module)


@pytest.mark.parametrize(matrix.PARAMETERS, list(matrix.cases("pages")))
def test_each_role_gets_the_answer_the_matrix_gives(client, db, world, entry, kind, who, method, expected):
    matrix.check(client, world, entry, kind, who, method, expected)


ROUTED_NAMES = sorted(url_names())


@pytest.mark.parametrize("name", ROUTED_NAMES)
def test_every_url_pattern_is_in_the_matrix(name):
    covered = {entry.name for entry in matrix.ALL_ROWS}
    assert name in covered, f"URL pattern {name!r} is not in the role matrix: add what each role should get"


def test_every_row_of_the_matrix_names_a_url_pattern_that_exists():
    gone = sorted({entry.name for entry in matrix.ALL_ROWS} - set(ROUTED_NAMES))
    assert gone == [], f"The role matrix has rows for URL patterns that no longer exist: {gone}"


def test_every_page_of_our_own_has_a_name():
    """A page without a name cannot be in the matrix. Only the admin's own redirects go unnamed."""
    unnamed = [entry.route for entry in url_entries() if entry.name is None and not entry.route.startswith("admin/")]
    assert unnamed == [], f"URL patterns without a name (so not in the role matrix): {unnamed}"


def test_every_model_in_the_admin_is_in_the_matrix():
    registered = {model._meta.label_lower for model in admin.site._registry}
    listed = set(matrix.ADMIN_MODELS)
    assert registered == listed, (
        "The admin's models and ADMIN_MODELS differ: "
        f"missing {sorted(registered - listed)}, stale {sorted(listed - registered)}"
    )


def test_every_kind_of_record_is_in_the_matrix():
    assert set(matrix.ALL_KINDS) == set(RECORD_TYPES)


def test_every_group_of_rows_is_asked_by_a_test_file():
    """A row is asked only by its group's file: a group with no file would leave its rows unasked."""
    here = Path(__file__)
    missing = [
        group for group in matrix.GROUPS if group != "pages" and not here.with_name(f"{here.stem}_{group}.py").exists()
    ]
    assert missing == [], f"No test file asks these groups of the role matrix: {missing}"
