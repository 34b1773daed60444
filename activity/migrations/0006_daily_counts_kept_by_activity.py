# The daily counts are kept by the writes in this app, so the model moved here from reports (issue 13).
# Only Django's record of the model moves: the table keeps its name, its rows and its index.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0005_history_reasons_kept_whole"),
        ("reports", "0005_history_reasons_kept_whole"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DailyCount",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("series", models.CharField(max_length=80)),
                        ("day", models.DateField()),
                        ("count", models.PositiveIntegerField()),
                        (
                            "area",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="activity.area"
                            ),
                        ),
                        (
                            "category",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="activity.category",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="activity.service",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "reports_dailycount",
                        "indexes": [models.Index(fields=["series", "day", "area"], name="dailycount_series_day_area")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
