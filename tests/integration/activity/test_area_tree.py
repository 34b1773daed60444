import pytest
from django.core.exceptions import ValidationError

from activity.models import Area


def test_an_area_includes_the_areas_below_it(areas):
    assert set(Area.objects.within(areas["bsw"])) == {areas["bsw"], areas["swindon"]}
    assert set(Area.objects.within(areas["trust"])) == set(areas.values())
    assert set(Area.objects.within(areas["swindon"])) == {areas["swindon"]}


def test_moving_an_area_moves_the_areas_below_it(areas):
    areas["bsw"].parent = areas["oxon"]
    areas["bsw"].save()
    assert set(Area.objects.within(areas["oxon"])) == {areas["oxon"], areas["bsw"], areas["swindon"]}
    areas["swindon"].refresh_from_db()
    assert areas["swindon"].path == "/trust/oxon/bsw/swindon/"


def test_an_area_cannot_be_put_inside_an_area_below_it(areas):
    areas["bsw"].parent = areas["swindon"]
    with pytest.raises(ValidationError, match="cannot sit inside itself"):
        areas["bsw"].save()
    areas["bsw"].refresh_from_db()
    assert areas["bsw"].parent == areas["trust"]
