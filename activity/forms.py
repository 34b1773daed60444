"""Forms for logging, correcting and importing records. Each field says what is wrong in words a person can act on.

The returns grid's form is in ``activity.forms_returns``.
"""

from datetime import date

from django import forms
from django.db import models as db_models
from django.utils import timezone

from activity.importing.files import MAX_IMPORT_BYTES
from activity.models import (
    Area,
    Category,
    ClientGroup,
    ReviewAction,
    Service,
    Team,
)
from activity.models.records import area_paths, within_paths
from activity.record_types import RECORD_TYPES

EARLIEST = date(2000, 1, 1)
PEOPLE = {ClientGroup.ADULT: "adults", ClientGroup.CHILD: "children", ClientGroup.FAMILY: "adults and children"}
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y"]


class UKDateField(forms.DateField):
    """A date typed as 30/06/2021 (or 2021-06-30), never in the future, never before 2000."""

    widget = forms.DateInput(format="%d/%m/%Y")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("error_messages", {"invalid": "Enter a real date, for example 30/06/2021"})
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value > timezone.localdate():
            raise forms.ValidationError(f"{self.label} cannot be in the future")
        if value < EARLIEST:
            raise forms.ValidationError(f"{self.label} cannot be before 1 January 2000")


def _date_field(model_field, **kwargs):
    return UKDateField(
        label=model_field.verbose_name.capitalize(),
        required=not model_field.blank,
        help_text=model_field.help_text or "For example, 30/06/2021",
    )


class RecordForm(forms.ModelForm):
    """What every record form shares: dates, active reference data only, and the order of dates."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                self._limit_to_active(name, field)
        if "area" in self.fields and user is not None and not user.has_perm("accounts.view_all_areas"):
            self.fields["area"].queryset = self._user_areas(user)
        if "date" in self.fields:
            self.fields["date"].label = self.date_label
        for field in self.fields.values():
            if field.error_messages["required"] == forms.Field.default_error_messages["required"]:
                verb = "Choose" if isinstance(field.widget, forms.Select) else "Enter"
                field.error_messages["required"] = f"{verb} the {str(field.label).lower()}"

    date_label = "Date"

    def _limit_to_active(self, name, field):
        model = field.queryset.model
        if model in (Area, Service, Team, Category):
            active = field.queryset.filter(is_active=True)
            current = getattr(self.instance, f"{name}_id", None)
            field.queryset = active | model.objects.filter(pk=current) if current else active

    @staticmethod
    def _user_areas(user):
        """The active areas the user may log records in: their own and those below (as ``visible_to``)."""
        paths = area_paths(user)
        if not paths:
            return Area.objects.none()
        return Area.objects.filter(within_paths(paths), is_active=True)

    def clean(self):
        cleaned = super().clean()
        self._check_date_order(cleaned)
        service, team = cleaned.get("service"), cleaned.get("team")
        if team and not service:
            cleaned["service"] = team.service
        elif team and service and team.service_id != service.pk:
            self.add_error("team", f"{team.name} is not a team of {service.name}")
        category, client_group = cleaned.get("category"), cleaned.get("client_group")
        if category and client_group and category.client_group not in (ClientGroup.FAMILY, client_group):
            self.add_error(
                "category",
                f"{category.name} is a category for {PEOPLE[category.client_group]}, not for {PEOPLE[client_group]}",
            )
        return cleaned

    def _check_date_order(self, cleaned) -> None:
        """The model's rules between its dates (``date_order``), in the words its constraints use: on the later
        date when it comes first, on the earlier one when the later needs it and it is missing."""
        for rule in self._meta.model.date_order:
            if rule.earlier in self.errors or rule.later in self.errors:
                continue
            start, end = cleaned.get(rule.earlier), cleaned.get(rule.later)
            if start and end and end < start:
                self.add_error(rule.later, rule.message)
            elif end and not start and rule.earlier_needed:
                self.add_error(rule.earlier, rule.message)

    def _post_clean(self):
        # Field-level and cross-field checks above already speak plainly; the
        # database constraints stay as the backstop, so skip their generic messages here.
        opts = self._meta
        exclude = self._get_validation_exclusions()
        try:
            self.instance = forms.models.construct_instance(self, self.instance, opts.fields, opts.exclude)
        except forms.ValidationError as error:
            self._update_errors(error)
        try:
            self.instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except forms.ValidationError as error:
            self._update_errors(error)


def _record_form(record_type):
    """The form of a kind of record, from its profile (``activity.record_types``)."""
    model_class = record_type.model
    date_fields = {
        name: _date_field(model_class._meta.get_field(name))
        for name in record_type.form_fields
        if isinstance(model_class._meta.get_field(name), db_models.DateField)
    }
    widgets = {"notes": forms.Textarea(attrs={"rows": 3})} if "notes" in record_type.form_fields else {}
    meta = type("Meta", (), {"model": model_class, "fields": list(record_type.form_fields), "widgets": widgets})
    attributes = {"Meta": meta, "date_label": record_type.date_label, **date_fields}
    return type(f"{model_class.__name__}Form", (RecordForm,), attributes)


FORMS = {record_type.model: _record_form(record_type) for record_type in RECORD_TYPES.values()}


class ChangeReasonMixin(forms.Form):
    """Changing something saved asks why; the reason is kept in its history."""

    reason = forms.CharField(
        label="Reason for the change",
        max_length=200,
        help_text="For example, 'Wrong area selected'. It is kept in the history.",
        error_messages={"required": "Give a reason for the change"},
    )


class VersionedChangeMixin(ChangeReasonMixin):
    """Remembers which version of the record the change started from, so a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)


def edit_form_for(model):
    return type(f"Edit{model.__name__}Form", (FORMS[model], VersionedChangeMixin), {})


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        help_text="Kept in the record's history.",
        error_messages={"required": "Give a reason"},
    )


class ReviewActionForm(forms.ModelForm):
    agreed_on = UKDateField(label="Agreed on", help_text="For example, 30/06/2021")
    due_on = forms.DateField(
        label="Due on",
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
        help_text="For example, 31/12/2021. May be in the future.",
        error_messages={"invalid": "Enter a real date, for example 31/12/2021"},
    )
    completed_on = UKDateField(label="Completed on", required=False, help_text="Only when the action is completed")

    class Meta:
        model = ReviewAction
        fields = ["description", "owner", "agreed_on", "due_on", "status", "completed_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        agreed, due, completed = cleaned.get("agreed_on"), cleaned.get("due_on"), cleaned.get("completed_on")
        status = cleaned.get("status")
        if agreed and due and due < agreed:
            self.add_error("due_on", "An action cannot be due before it was agreed")
        if status == ReviewAction.Status.COMPLETED and not completed:
            self.add_error("completed_on", "Give the date the action was completed")
        if completed and status != ReviewAction.Status.COMPLETED:
            self.add_error("status", "An action with a completion date is completed: choose Completed")
        if completed and agreed and completed < agreed:
            self.add_error("completed_on", "An action cannot be completed before it was agreed")
        return cleaned

    def _post_clean(self):
        RecordForm._post_clean(self)


class EditReviewActionForm(ReviewActionForm, ChangeReasonMixin):
    pass


class UploadForm(forms.Form):
    """A file to import and what it holds; ``kinds`` are the (kind, name) pairs the user may import."""

    kind = forms.ChoiceField(label="What the file holds", error_messages={"required": "Choose what the file holds"})
    file = forms.FileField(
        label="File",
        help_text="A CSV or Excel (XLSX) file with a header row: the columns a list's export has.",
        error_messages={"required": "Choose a file to upload", "empty": "The file is empty"},
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choose…"), *kinds]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 2**20:.1f} MB; the most an import takes is {MAX_IMPORT_BYTES // 2**20} MB"
            )
        return upload
