"""The role matrix (tests/role_matrix.py) for the admin site: its own pages, and what each staff role may do with
each model."""

import pytest

from accounts import roles
from tests import role_matrix as matrix

world = matrix.world  # the sample data every URL is built from (a fixture, built once for this module)


@pytest.mark.parametrize(matrix.PARAMETERS, list(matrix.cases("admin")))
def test_each_role_gets_the_answer_the_matrix_gives(client, db, world, entry, kind, who, method, expected):
    matrix.check(client, world, entry, kind, who, method, expected)


def test_an_admin_address_that_does_not_exist_says_so_to_staff_only(client, db, world):
    url = "/admin/no-such-page/"
    assert matrix.answer(client.get(url), url) == matrix.ADMIN_LOGIN
    client.force_login(world.users[roles.PRACTITIONER])
    assert matrix.answer(client.get(url), url) == matrix.ADMIN_LOGIN
    client.force_login(world.users[roles.LEAD])
    assert client.get(url).status_code == matrix.NOT_FOUND
