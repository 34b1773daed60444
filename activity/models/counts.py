"""The daily counts kept beside the records: what every figure is read from (``activity.rollups``)."""

from django.db import models


class DailyCount(models.Model):
    """How many records a series counts for an area, service, category and day (see ``activity.rollups``)."""

    series = models.CharField(max_length=80)
    # The counts are worked out from the records, which hold the foreign keys that matter: keys of their own (three
    # lookups for every count row written) and indexes on each were most of the time of recounting a year.
    # ``dailycount_series_day_area`` is the index every read uses. Deleting an area, service or category
    # still deletes its counts (Django's CASCADE runs in Python), and ``rebuild_counts`` makes them again.
    area = models.ForeignKey(
        "activity.Area", on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    service = models.ForeignKey(
        "activity.Service", null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    category = models.ForeignKey(
        "activity.Category", null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    day = models.DateField()
    count = models.PositiveIntegerField()

    class Meta:
        # The table was made when the model lived in reports; it kept its name when the model moved.
        db_table = "reports_dailycount"
        indexes = [models.Index(fields=["series", "day", "area"], name="dailycount_series_day_area")]

    def __str__(self):
        return f"{self.series} {self.day}: {self.count}"
