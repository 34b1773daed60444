"""The role matrix (tests/role_matrix.py) for records: their lists and exports, a record's page, a new record."""

import pytest

from tests import role_matrix as matrix

world = matrix.world  # the sample data every URL is built from (a fixture, built once for this module)


@pytest.mark.parametrize(matrix.PARAMETERS, list(matrix.cases("records")))
def test_each_role_gets_the_answer_the_matrix_gives(client, db, world, entry, kind, who, method, expected):
    matrix.check(client, world, entry, kind, who, method, expected)
