import pytest
from django.core.exceptions import ValidationError

from activity.models import Area


@pytest.fixture
def tree(db):
    trust = Area.objects.create(name="Trust", slug="trust")
    bsw = Area.objects.create(name="BSW", slug="bsw", parent=trust)
    swindon = Area.objects.create(name="Swindon", slug="swindon", parent=bsw)
    oxon = Area.objects.create(name="Oxfordshire", slug="oxon", parent=trust)
    return {"trust": trust, "bsw": bsw, "swindon": swindon, "oxon": oxon}


def test_an_area_includes_the_areas_below_it(tree):
    assert set(Area.objects.within(tree["bsw"])) == {tree["bsw"], tree["swindon"]}
    assert set(Area.objects.within(tree["trust"])) == set(tree.values())
    assert set(Area.objects.within(tree["swindon"])) == {tree["swindon"]}


def test_moving_an_area_moves_the_areas_below_it(tree):
    tree["bsw"].parent = tree["oxon"]
    tree["bsw"].save()
    assert set(Area.objects.within(tree["oxon"])) == {tree["oxon"], tree["bsw"], tree["swindon"]}
    tree["swindon"].refresh_from_db()
    assert tree["swindon"].path == "/trust/oxon/bsw/swindon/"


def test_an_area_cannot_be_put_inside_an_area_below_it(tree):
    tree["bsw"].parent = tree["swindon"]
    with pytest.raises(ValidationError, match="cannot sit inside itself"):
        tree["bsw"].save()
    tree["bsw"].refresh_from_db()
    assert tree["bsw"].parent == tree["trust"]
