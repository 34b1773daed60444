"""A MASH enquiry keeps the working days from its receipt to the day its health information was shared, worked
out in Python on every save (England's bank holidays are not known to SQL), so the daily counts can count the
enquiries shared within one working day. Work it out for the enquiries already held: one query for the distinct
pairs of dates, one UPDATE for each number of working days (in chunks); then count the new series, as
``0009_…`` does."""

from collections import defaultdict

from django.db import migrations, models
from django.db.models import Q

from core.working_days import working_days_after

PAIRS_PER_UPDATE = 300


def work_out_working_days(apps, schema_editor):
    MashEnquiry = apps.get_model("activity", "MashEnquiry")
    shared = MashEnquiry.objects.filter(health_shared_on__isnull=False, health_shared_on__gte=models.F("date"))
    pairs_by_days = defaultdict(list)
    for received, shared_on in shared.values_list("date", "health_shared_on").distinct().order_by():
        pairs_by_days[working_days_after(received, shared_on)].append((received, shared_on))
    for days, pairs in pairs_by_days.items():
        for start in range(0, len(pairs), PAIRS_PER_UPDATE):
            chunk = Q()
            for received, shared_on in pairs[start : start + PAIRS_PER_UPDATE]:
                chunk |= Q(date=received, health_shared_on=shared_on)
            MashEnquiry.objects.filter(chunk).update(health_shared_working_days=days)


def count_new_series(apps, schema_editor):
    from activity import rollups
    from activity.models import MashEnquiry

    if MashEnquiry.with_archived.exists():
        rollups.refresh(MashEnquiry, None)


class Migration(migrations.Migration):
    dependencies = [("activity", "0010_tasks_mash_sharing_and_leads_needed")]

    operations = [
        migrations.AddField(
            model_name="historicalmashenquiry",
            name="health_shared_working_days",
            field=models.PositiveSmallIntegerField(
                blank=True,
                editable=False,
                help_text="The working days after the day received up to the day shared: 0 the same day, 1 from a "
                "Friday to the Monday after. Empty until the information is shared.",
                null=True,
                verbose_name="working days to share health information",
            ),
        ),
        migrations.AddField(
            model_name="mashenquiry",
            name="health_shared_working_days",
            field=models.PositiveSmallIntegerField(
                blank=True,
                editable=False,
                help_text="The working days after the day received up to the day shared: 0 the same day, 1 from a "
                "Friday to the Monday after. Empty until the information is shared.",
                null=True,
                verbose_name="working days to share health information",
            ),
        ),
        migrations.RunPython(work_out_working_days, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(count_new_series, migrations.RunPython.noop, elidable=True),
    ]
