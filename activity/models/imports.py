import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ImportBatch(models.Model):
    """An uploaded file, kept from preview to confirmation, and afterwards as a record of the import.

    Its ``content`` is emptied once it is imported. A file never imported (refused, or left at its preview)
    is deleted IMPORT_UPLOADS_KEPT_DAYS after its upload (jobs.actions.delete_old_uploads).
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed"
        IMPORTED = "imported", "Imported"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    record_type = models.CharField(max_length=40)
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    imported_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"


class ImportMapping(models.Model):
    """How one system's files map onto an import's columns, saved by name and reused.

    ``columns`` maps each of our column headings to the heading in the file (a column left out is read as
    missing). ``values`` maps, per our column heading, a value as the file writes it to ours (a learning
    system's course titles to our training levels, say): ``{"Level": {"Safeguarding Adults L3 (e-learning)":
    "adults-3"}}``.
    """

    kind = models.CharField(max_length=40, help_text="What the mapped files are imported as: a record type's slug.")
    name = models.CharField(max_length=100)
    columns = models.JSONField(default=dict, blank=True)
    values = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="import_mapping_name_once_per_kind")]

    def __str__(self):
        return self.name
