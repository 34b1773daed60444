"""Forms for logging, correcting and importing records. Each field says what is wrong in words a person can act on.

The returns grid's form is in ``activity.forms_returns``.
"""

from datetime import date
from itertools import groupby

from django import forms
from django.db import models as db_models
from django.utils import timezone

from activity.importing.files import MAX_IMPORT_BYTES
from activity.models import (
    Area,
    Category,
    ClientGroup,
    ReviewAction,
    S42Enquiry,
    Service,
    Team,
)
from activity.models.records import area_paths, within_paths
from activity.record_types import RECORD_TYPES
from core.typed_dates import TypedDateField
from work.forms import OwnerChoiceField
from work.people import task_holders

EARLIEST = date(2000, 1, 1)
PEOPLE = {ClientGroup.ADULT: "adults", ClientGroup.CHILD: "children", ClientGroup.FAMILY: "adults and children"}
DATE_HINT = "For example, 30/11/2026 or 30 Nov 2026"
# What an empty list says before anything is chosen, in place of Django's "---------".
EMPTY_CHOICES = {
    "area": "Choose an area",
    "client_group": "Choose adult, child or both",
    "service": "Choose a service",
    "team": "Choose a team",
    "category": "Choose a category of concern",
    "referred_to": "Choose where it was referred",
    "kind": "Choose a kind of review",
    "level": "Choose a level",
    "mode": "Choose how it was given",
    "outcome": "Choose an outcome",
    "delivery": "Choose how it was delivered",
    "format": "Choose a format",
    "status": "Choose a status",
}


class UKDateField(TypedDateField):
    """A date typed as 30/11/2026, 30/11/26, 30 Nov 2026 or 2026-11-30 (``core.typed_dates``), never in the
    future, never before 2000."""

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
        help_text=model_field.help_text or DATE_HINT,
    )


class TeamsByService(forms.models.ModelChoiceIterator):
    """The teams under their service's name, so that a list read without the page's script is still clear."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        teams = self.queryset.select_related("service").order_by(
            "service__display_order", "service__name", "service_id", "name"
        )
        for service, its_teams in groupby(teams, key=lambda team: team.service):
            yield (service.name, [self.choice(team) for team in its_teams])


class TeamSelect(forms.Select):
    """Each team says its service (``data-service``); static/js/teams-by-service.js reads it to offer only the
    chosen service's teams."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-teams-of": "service", **(attrs or {})}, choices)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        team = getattr(value, "instance", None)
        if team is not None:
            option["attrs"]["data-service"] = str(team.service_id)
        return option


class TeamChoiceField(forms.ModelChoiceField):
    iterator = TeamsByService
    widget = TeamSelect

    def label_from_instance(self, obj):
        return obj.name


def _start_with_a_prompt(name, field) -> None:
    """The empty choice of a list says what to choose; a required list with a default has none."""
    prompt = EMPTY_CHOICES.get(name, f"Choose the {str(field.label).lower()}")
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None:
            field.empty_label = prompt
            field.widget.choices = field.choices
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if choices and choices[0][0] in ("", None):
            field.choices = [("", prompt), *choices[1:]]


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
        for name, field in self.fields.items():
            _start_with_a_prompt(name, field)
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
            self.add_error("team", f"{team.name} is not a team of {service.name}: choose one of its teams")
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
    meta = type(
        "Meta",
        (),
        {
            "model": model_class,
            "fields": list(record_type.form_fields),
            "widgets": widgets,
            "field_classes": {"team": TeamChoiceField},
            "help_texts": {"team": "A team of the service chosen above"},
        },
    )
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
    owner = OwnerChoiceField(
        label="Owner",
        queryset=task_holders(),
        empty_label="Choose who owns it",
        help_text="One person, reminded by email when the action falls due.",
        error_messages={"required": "Choose who owns the action"},
    )
    agreed_on = UKDateField(label="Agreed on", help_text=DATE_HINT)
    due_on = TypedDateField(label="Due on", help_text=f"{DATE_HINT}. May be in the future.")
    completed_on = UKDateField(label="Completed on", required=False, help_text="Only when the action is completed")

    class Meta:
        model = ReviewAction
        fields = ["description", "agreed_on", "due_on", "status", "completed_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    field_order = ["description", "owner", "agreed_on", "due_on", "status", "completed_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = task_holders()
        if self.instance.pk and self.instance.task_id:
            self.fields["owner"].initial = self.instance.task.owner_id

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

    mapping = forms.TypedChoiceField(
        label="Use a saved mapping",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="For a file from another system, read through a mapping saved for it. Leave it for a file with "
        "our headings.",
        error_messages={"invalid_choice": "Choose one of the saved mappings"},
    )

    def __init__(self, *args, kinds, mappings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choose what the file holds"), *kinds]
        names = dict(kinds)
        self.mappings = {mapping.pk: mapping for mapping in mappings if mapping.kind in names}
        if not self.mappings:
            del self.fields["mapping"]
            return
        groups: dict[str, list] = {}
        for mapping in self.mappings.values():
            groups.setdefault(names[mapping.kind], []).append((mapping.pk, mapping.name))
        self.fields["mapping"].choices = [("", "None: the file has our headings"), *groups.items()]

    def clean(self):
        cleaned = super().clean()
        chosen = self.mappings.get(cleaned.get("mapping"))
        kind = cleaned.get("kind")
        if chosen is not None and kind and chosen.kind != kind:
            names = dict(self.fields["kind"].choices)
            self.add_error(
                "mapping",
                f"{chosen.name} is a mapping for {names[chosen.kind].lower()}, not {names[kind].lower()}: "
                "choose one for what the file holds",
            )
        cleaned["saved_mapping"] = chosen
        return cleaned

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 2**20:.1f} MB; the most an import takes is {MAX_IMPORT_BYTES // 2**20} MB"
            )
        return upload


# s.42 enquiries: the Safeguarding Adults Collection's items, asked in the collection's order in fieldsets ---------

NOT_RECORDED = "Not recorded"
S42_RISK_GROUP = "Types of risk"
# (legend, fields): the form asks for them in this order (the profile's ``form_fields``), the record's page shows them
# in it. The types of risk are one checkbox group, each type a flag on the record.
S42_FIELDSETS = (
    ("The enquiry", ("date", "area", "service", "case_reference", "delegated_s75")),
    (S42_RISK_GROUP, tuple(S42Enquiry.risk_fields())),
    ("Where the risk was and who posed it", ("location_of_risk", "source_of_risk")),
    ("The enquiry's conclusion", ("concluded_on", "action_taken", "risk_result", "outcome_shared_on")),
    ("Making Safeguarding Personal", ("outcomes_asked", "outcomes_achieved")),
    ("Mental capacity and advocacy", ("lacked_capacity", "advocacy")),
    ("Notes", ("notes",)),
)
# The national items: blank is "not recorded", never a choice the person has to make.
S42_ITEMS = (
    "delegated_s75",
    "location_of_risk",
    "source_of_risk",
    "action_taken",
    "risk_result",
    "outcomes_asked",
    "outcomes_achieved",
    "lacked_capacity",
    "advocacy",
)
S42_HELP = {
    "delegated_s75": "Whether the local authority delegated the enquiry to the Trust under a s.75 agreement.",
    "location_of_risk": "Where the person was when the abuse or neglect happened, or was at risk of it.",
    "source_of_risk": "Who or what posed the risk.",
    "action_taken": "What the enquiry found about the risk, and whether action was taken.",
    "risk_result": "Only where a risk was identified, or the assessment was inconclusive, and action was taken.",
    "outcomes_asked": "Whether the person, or their representative, was asked what they wanted to happen.",
    "outcomes_achieved": "Only where the person expressed the outcomes they wanted.",
    "lacked_capacity": "Whether the person was assessed as lacking capacity about the enquiry's decisions.",
    "advocacy": "Only where the person was assessed as lacking capacity.",
}
_YES_NO = {"True": True, "False": False}


class S42EnquiryForm(FORMS[S42Enquiry]):
    """An s.42 enquiry with the collection's items: each may stay "Not recorded"; the rules between them are the
    model's (``S42Enquiry.clean``), each said on the field it is about."""

    delegated_s75 = forms.TypedChoiceField(
        label="Delegated under s.75",
        choices=[("", NOT_RECORDED), ("True", "Yes"), ("False", "No")],
        coerce=_YES_NO.get,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in S42_ITEMS:
            field = self.fields[name]
            field.help_text = S42_HELP[name]
            field.choices = [("", NOT_RECORDED), *list(field.choices)[1:]]
            if name != "delegated_s75":
                field.label = capfirst_label(S42Enquiry._meta.get_field(name).verbose_name)
        for name, label in S42Enquiry.RISK_TYPES:
            self.fields[name].label = label
            self.fields[name].help_text = ""
        self.fields["concluded_on"].help_text = f"Leave empty while the enquiry is open. {DATE_HINT}"
        if self.instance.pk:
            delegated = self.instance.delegated_s75
            self.initial["delegated_s75"] = "" if delegated is None else str(delegated)

    def _check_date_order(self, cleaned) -> None:
        """The model's ``clean`` says it, on the same field (``_post_clean``): said once."""

    @property
    def fieldsets(self) -> list[dict]:
        """The form's fields in their fieldsets, then any it adds (an edit's reason), without a legend."""
        grouped, seen = [], set()
        for legend, names in S42_FIELDSETS:
            present = [self[name] for name in names if name in self.fields]
            seen.update(names)
            grouped.append({"legend": legend, "fields": present, "checkboxes": legend == S42_RISK_GROUP})
        rest = [self[name] for name in self.fields if name not in seen]
        if rest:
            grouped.append({"legend": "", "fields": rest, "checkboxes": False})
        return grouped

    def summary(self, record) -> list[tuple[str, str]]:
        """(label, value) for the record's page: every item, a blank one as "Not recorded"."""
        rows = []
        for legend, names in S42_FIELDSETS:
            if legend == S42_RISK_GROUP:
                ticked = [label for name, label in S42Enquiry.RISK_TYPES if getattr(record, name)]
                rows.append((S42_RISK_GROUP, "; ".join(ticked) or NOT_RECORDED))
                continue
            rows += [(str(self.fields[name].label), s42_display(record, name)) for name in names]
        return rows


def capfirst_label(text) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


def s42_display(record, name: str) -> str:
    """One of an s.42 enquiry's values as its page shows it."""
    value = getattr(record, name)
    if name in S42_ITEMS:
        if value is None or value == "":
            return NOT_RECORDED
        if isinstance(value, bool):
            return "Yes" if value else "No"
        return getattr(record, f"get_{name}_display")()
    if name == "concluded_on" and value is None:
        return "Not concluded yet"
    if name == "outcome_shared_on" and value is None:
        return "Not shared with the Trust yet"
    if value is None or value == "":
        return "Not given"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


FORMS[S42Enquiry] = S42EnquiryForm
