"""The ``records:<model>`` series is no longer kept by service and category: its ``#detail`` rows are dropped."""

from django.db import migrations


def drop_in_use_details(apps, schema_editor):
    DailyCount = apps.get_model("activity", "DailyCount")
    DailyCount.objects.filter(series__startswith="records:", series__endswith="#detail").delete()


class Migration(migrations.Migration):
    dependencies = [("activity", "0018_history_indexed_by_record_and_date")]

    operations = [migrations.RunPython(drop_in_use_details, migrations.RunPython.noop)]
