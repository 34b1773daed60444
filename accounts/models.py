from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


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


class AccessChange(models.Model):
    """A change of someone's access that waits for a second person's approval.

    Written only through accounts.actions. An access change holds the access wanted (roles,
    areas, "see all areas", superuser status, and a new email address if one is proposed);
    a password reset and an authenticator removal hold only their reason.
    """

    class Kind(models.TextChoices):
        ACCESS = "access", "Change of access"
        PASSWORD_RESET = "password_reset", "Password reset"
        AUTHENTICATOR_REMOVAL = "authenticator_removal", "Authenticator app removal"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="access_changes")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    roles = models.ManyToManyField("auth.Group", blank=True, related_name="+")
    areas = models.ManyToManyField("activity.Area", blank=True, related_name="+")
    view_all_areas = models.BooleanField(default=False)
    is_superuser = models.BooleanField(default=False)
    new_email = models.EmailField(blank=True, help_text="Empty when the email address stays as it is.")
    reason = models.TextField(max_length=500)
    summary = models.CharField(max_length=500, blank=True, help_text="What it changes, by name, for the history.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.WAITING)
    proposed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        permissions = [
            ("approve_access_changes", "Can approve changes of access, password resets and authenticator removals"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=models.Q(status="waiting"),
                name="one_waiting_access_change_of_each_kind",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.user}"

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING
