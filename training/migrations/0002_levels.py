"""The levels of safeguarding training staff may be required to hold, with the trust's starting targets.

Targets follow the usual shape of NHS trusts' training targets: the foundation levels, which most staff need,
at 90%; level 3 at 85%; level 4 (named and designated professionals, a handful of people) and Prevent at 80%.
Completions stay in date for three years. An administrator changes any of it in the admin.
"""

from decimal import Decimal

from django.db import migrations

LEVELS = [
    # slug, name, group, target, months in date
    ("adults-1", "Safeguarding adults level 1", "adults", "90.0", 36),
    ("adults-2", "Safeguarding adults level 2", "adults", "90.0", 36),
    ("adults-3", "Safeguarding adults level 3", "adults", "85.0", 36),
    ("adults-4", "Safeguarding adults level 4", "adults", "80.0", 36),
    ("children-1", "Safeguarding children level 1", "children", "90.0", 36),
    ("children-2", "Safeguarding children level 2", "children", "90.0", 36),
    ("children-3", "Safeguarding children level 3", "children", "85.0", 36),
    ("children-4", "Safeguarding children level 4", "children", "80.0", 36),
    ("prevent-basic", "Prevent basic awareness", "prevent", "80.0", 36),
    ("prevent-wrap", "Prevent awareness (WRAP, level 3)", "prevent", "80.0", 36),
]


def add_levels(apps, schema_editor):
    Level = apps.get_model("training", "Level")
    for position, (slug, name, group, target, months) in enumerate(LEVELS, start=1):
        Level.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "group": group,
                "position": position,
                "target_percent": Decimal(target),
                "months_in_date": months,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(add_levels, migrations.RunPython.noop)]
