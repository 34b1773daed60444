"""The daily counts kept beside the records: what every figure is read from (``activity.rollups``)."""

from django.db import models


class DailyCount(models.Model):
    """How many records a series counts for an area, service, category and day (see ``activity.rollups``)."""

    series = models.CharField(max_length=80)
    area = models.ForeignKey("activity.Area", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("activity.Service", null=True, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey("activity.Category", null=True, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField()

    class Meta:
        # The table was made when the model lived in reports; it kept its name when the model moved.
        db_table = "reports_dailycount"
        indexes = [models.Index(fields=["series", "day", "area"], name="dailycount_series_day_area")]

    def __str__(self):
        return f"{self.series} {self.day}: {self.count}"
