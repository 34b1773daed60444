"""The audit log: one row for every look at a record, every export, every sign-in and every refusal.

Rows are only ever added. The model refuses to save a row twice or to delete one, the
admin shows them read-only, and on PostgreSQL a trigger refuses UPDATE and DELETE from
any client (migration 0002), so not even the application's own connection can rewrite
what happened.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    """Someone tried to change or remove an audit event."""


class Action(models.TextChoices):
    RECORD_VIEWED = "record_viewed", "Viewed a record"
    RECORDS_EXPORTED = "records_exported", "Exported records"
    REPORT_EXPORTED = "report_exported", "Exported an annual report"
    SIGNED_IN = "signed_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    CODE_REFUSED = "code_refused", "One-time code refused"
    LOCKED_OUT = "locked_out", "Locked out"
    SIGNED_OUT = "signed_out", "Signed out"
    REFUSED = "refused", "Refused"
    PASSWORD_ACCEPTED = "password_accepted", "Password accepted, code pending"
    RECORDS_SEARCHED = "records_searched", "Searched records by case reference"
    RECORDS_LISTED = "records_listed", "Listed records with their case references"
    IMPORT_COLLISION = "import_collision", "Import row matched a record out of reach"
    ACCESS_PROPOSED = "access_proposed", "Proposed an access change"
    ACCESS_APPROVED = "access_approved", "Approved an access change"
    ACCESS_REJECTED = "access_rejected", "Rejected an access change"
    ACCESS_WITHDRAWN = "access_withdrawn", "Withdrew an access change"
    USER_CHANGED = "user_changed", "Changed a user's account"
    PASSWORD_LINK_ISSUED = "password_link_issued", "Issued a link to set a password"
    PASSWORD_SET = "password_set", "Set a password"
    AUTHENTICATOR_REMOVED = "authenticator_removed", "Removed an authenticator app"
    UPLOAD_REFUSED = "upload_refused", "Refused an uploaded file"
    TASK_CHANGED = "task_changed", "Changed a task"
    REMINDER_SENT = "reminder_sent", "Sent a reminder email"
    ALLEGATION_CHANGED = "allegation_changed", "Changed an allegation or who is named on it"
    MAPPING_CHANGED = "mapping_changed", "Changed an import mapping"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, editable=False)
    action = models.CharField(max_length=32, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    username = models.CharField(max_length=150, blank=True, help_text="As typed, for a failed sign-in.")
    record_kind = models.CharField(max_length=40, blank=True)
    record_reference = models.CharField(max_length=60, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    path = models.CharField(max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["record_kind", "record_reference", "at"], name="audit_by_record"),
            models.Index(fields=["user", "at"], name="audit_by_user"),
            models.Index(fields=["at"], name="audit_by_time"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.user or self.username or 'anonymous'}: {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")
