from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A member of staff. Which records they may see follows from their role and areas."""

    areas = models.ManyToManyField(
        "activity.Area",
        blank=True,
        related_name="staff",
        help_text="The areas whose records this person may see and log (each includes the areas below it).",
    )
    usual_area = models.ForeignKey(
        "activity.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Filled in by default on new records.",
    )
    usual_service = models.ForeignKey(
        "activity.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Filled in by default on new records.",
    )

    class Meta:
        ordering = ["username"]
        permissions = [
            ("view_all_areas", "Can see records of every area"),
            ("restore_records", "Can restore archived records"),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def role_names(self) -> list[str]:
        return sorted(group.name for group in self.groups.all())
