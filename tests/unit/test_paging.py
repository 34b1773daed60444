"""A page size typed into the address is one of the allowed sizes, or the list's default: never an error."""

import pytest
from django.test import RequestFactory

from core.paging import page_size


@pytest.mark.parametrize("asked", ["50", "²", "-1", "100000", "", "\u0665\u0660", "50x"])
def test_a_page_size_not_on_the_list_is_ignored(asked):
    request = RequestFactory().get("/", {"per_page": asked})
    assert page_size(request, 25) == (50 if asked == "50" else 25)
