"""The form a lead uploads the learning system's export with."""

from datetime import date

from django import forms
from django.utils import timezone

from activity.importing.files import MAX_IMPORT_BYTES
from activity.models import Area, ImportMapping
from core.typed_dates import TypedDateField
from training.importing import KIND_SLUG

EARLIEST = date(2000, 1, 1)


class ComplianceUploadForm(forms.Form):
    file = forms.FileField(
        label="The learning system's export",
        help_text="A CSV or Excel (XLSX) file with a header row, one row for each member of staff and level.",
        error_messages={"required": "Choose a file to upload", "empty": "The file is empty"},
    )
    as_at = TypedDateField(
        label="Figures as at",
        help_text="The day the export was run, for example 31/03/2022 or 31 Mar 2022",
        error_messages={"required": "Enter the day the figures are as at"},
    )
    mapping = forms.ModelChoiceField(
        label="Saved mapping",
        queryset=ImportMapping.objects.none(),
        empty_label="Choose a saved mapping",
        help_text="How the file's columns and courses match ours. Make one under Import mappings.",
        error_messages={"required": "Choose a saved mapping", "invalid_choice": "Choose one of the saved mappings"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mapping"].queryset = ImportMapping.objects.filter(kind=KIND_SLUG).order_by("name")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 2**20:.1f} MB; the most an import takes is {MAX_IMPORT_BYTES // 2**20} MB"
            )
        return upload

    def clean_as_at(self):
        as_at = self.cleaned_data["as_at"]
        if as_at > timezone.localdate():
            raise forms.ValidationError("Figures as at cannot be in the future")
        if as_at < EARLIEST:
            raise forms.ValidationError("Figures as at cannot be before 1 January 2000")
        return as_at


class FiguresFilter(forms.Form):
    """Which area's figures, from which import (the latest unless one is chosen)."""

    area = forms.ModelChoiceField(label="Area", queryset=Area.objects.none(), required=False, empty_label="Every area")
    compliance_import = forms.TypedChoiceField(label="Export", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, imports, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(is_active=True).order_by("path")
        self.fields["compliance_import"].choices = [
            ("", "The latest"),
            *((each.pk, f"As at {each.as_at:%-d %B %Y} ({each.file_name})") for each in imports),
        ]
