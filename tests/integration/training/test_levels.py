"""The starting levels come back wherever they are missing, and a level an administrator changed is left alone."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management.sql import emit_post_migrate_signal

from training.models import Level

pytestmark = pytest.mark.django_db


def test_after_migrate_a_missing_level_is_made_again_and_a_changed_target_stays():
    Level.objects.filter(slug="adults-3").delete()
    Level.objects.filter(slug="children-1").update(target_percent=Decimal("95.0"))

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default", apps=apps)

    remade = Level.objects.get(slug="adults-3")
    assert (remade.name, remade.target_percent, remade.months_in_date) == (
        "Safeguarding adults level 3",
        Decimal("85.0"),
        36,
    )
    assert Level.objects.get(slug="children-1").target_percent == Decimal("95.0")
    assert Level.objects.count() == 10
