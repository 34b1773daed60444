# DailyCount now belongs to activity (activity 0006); its table stays where it is.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_history_reasons_kept_whole"),
        ("activity", "0006_daily_counts_kept_by_activity"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DailyCount")],
            database_operations=[],
        ),
    ]
