"""Forms for allegations against staff: recording and changing one, closing it, saying why it is opened, naming
people on it, and filtering the list. Each field says what is wrong in words a person can act on."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from activity.allegations import PERMISSION
from activity.forms import DATE_HINT, EARLIEST, UKDateField, VersionedChangeMixin
from activity.models import Allegation, AllegationManager, Area, Service
from core.periods import FinancialYear

FIRST_YEAR = EARLIEST.year
REASON_HINT = "Kept in the allegation's history. Do not name anyone."
PROMPTS = {
    "kind": "Choose LADO or PiPoT",
    "area": "Choose an area",
    "service": "Choose a service",
    "category": "Choose a category",
    "status": "Choose a status",
    "outcome": "Choose an outcome",
}


def _active(model, current_id):
    active = model.objects.filter(is_active=True)
    return (active | model.objects.filter(pk=current_id)) if current_id else active


def _say_what_to_choose(form) -> None:
    """Lists start with what to choose, and an empty required field says what it needs."""
    for name, field in form.fields.items():
        prompt = PROMPTS.get(name)
        if prompt and isinstance(field, forms.ModelChoiceField):
            field.empty_label = prompt
            field.widget.choices = field.choices
        elif prompt and isinstance(field, forms.ChoiceField):
            choices = [choice for choice in field.choices if choice[0] not in ("", None)]
            field.choices = [("", prompt), *choices]
        if field.error_messages["required"] == forms.Field.default_error_messages["required"]:
            verb = "Choose" if isinstance(field.widget, forms.Select) else "Enter"
            field.error_messages["required"] = f"{verb} the {str(field.label).lower()}"


class AllegationForm(forms.ModelForm):
    """A new allegation: it starts open, with no outcome."""

    date = UKDateField(label="Date received", help_text=DATE_HINT)

    class Meta:
        model = Allegation
        fields = ["kind", "date", "area", "service", "category", "notes"]
        labels = {"kind": "LADO or PiPoT", "category": "Category"}
        help_texts = {
            "kind": "LADO for an allegation about harm to a child, PiPoT for one about an adult at risk.",
            "service": "The service the member of staff works in.",
            "notes": "Sensitive: seen only by the people named on the allegation. Never a name.",
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _active(Area, self.instance.area_id)
        self.fields["service"].queryset = _active(Service, self.instance.service_id)
        _say_what_to_choose(self)

    def _post_clean(self):
        # The fields' own checks speak plainly; the model's constraints stay the database's backstop.
        opts = self._meta
        try:
            self.instance = forms.models.construct_instance(self, self.instance, opts.fields, opts.exclude)
        except forms.ValidationError as error:
            self._update_errors(error)
        exclude = {*self._get_validation_exclusions(), "created_by", "updated_by", "reference"}
        try:
            self.instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except forms.ValidationError as error:
            self._update_errors(error)


class ClosingChecks:
    """The rules between received, closed, status and outcome, said on the field to change."""

    def check_closing(self, cleaned, *, status) -> None:
        received, closed, outcome = cleaned.get("date"), cleaned.get("closed_on"), cleaned.get("outcome")
        if received is None:
            received = self.instance.date
        if status == Allegation.Status.CLOSED:
            if not closed and "closed_on" not in self.errors:
                self.add_error("closed_on", "Give the date the allegation was closed")
            if not outcome and "outcome" not in self.errors:
                self.add_error("outcome", "Choose the outcome of the allegation")
        elif status:
            if closed:
                self.add_error(
                    "closed_on", "Only a closed allegation has a date closed: choose Closed, or leave it blank"
                )
            if outcome:
                self.add_error("outcome", "Only a closed allegation has an outcome: choose Closed, or leave it blank")
        if closed and received and closed < received:
            self.add_error("closed_on", "An allegation cannot be closed before it was received")


class EditAllegationForm(ClosingChecks, AllegationForm, VersionedChangeMixin):
    closed_on = UKDateField(label="Date closed", required=False, help_text=f"Only once it is closed. {DATE_HINT}")

    class Meta(AllegationForm.Meta):
        fields = ["kind", "date", "area", "service", "category", "status", "outcome", "closed_on", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = REASON_HINT
        self.fields["outcome"].required = False

    def clean(self):
        cleaned = super().clean()
        self.check_closing(cleaned, status=cleaned.get("status"))
        return cleaned


class CloseAllegationForm(ClosingChecks, forms.Form):
    closed_on = UKDateField(label="Date closed", help_text=DATE_HINT)
    outcome = forms.ChoiceField(label="Outcome", choices=Allegation.Outcome.choices)
    reason = forms.CharField(label="Reason", max_length=200, help_text=REASON_HINT)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, instance, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance
        _say_what_to_choose(self)
        self.fields["reason"].error_messages["required"] = "Give a reason for closing it"

    def clean(self):
        cleaned = super().clean()
        self.check_closing(cleaned, status=Allegation.Status.CLOSED)
        return cleaned


class OpenAllegationForm(forms.Form):
    """Why an allegation is being opened: the audit log keeps the answer, with who asked and when."""

    reason = forms.CharField(
        label="Why are you opening this allegation?",
        max_length=200,
        help_text="For example, 'Preparing for the strategy meeting'. The audit log keeps it with your name: do "
        "not name anyone.",
        error_messages={"required": "Say why you are opening this allegation"},
    )


class NamePersonForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Person to name",
        queryset=get_user_model().objects.none(),
        empty_label="Choose a person",
        help_text="Only people who may record allegations are listed. They will be able to read and change it.",
        error_messages={"required": "Choose the person to name", "invalid_choice": "Choose a person from the list"},
    )
    reason = forms.CharField(
        label="Why are they being named?",
        max_length=200,
        help_text=REASON_HINT,
        error_messages={"required": "Say why they are being named"},
    )

    def __init__(self, *args, allegation, by, **kwargs):
        super().__init__(*args, **kwargs)
        named = AllegationManager.objects.filter(allegation=allegation).values("user")
        self.fields["user"].queryset = (
            get_user_model()
            .objects.with_perm(
                PERMISSION, include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
            )
            .filter(is_active=True)
            .exclude(pk__in=named)
            .exclude(pk=by.pk)
            .order_by("first_name", "last_name", "username")
        )


class RemoveNameForm(forms.Form):
    reason = forms.CharField(
        label="Why is their name being taken off?",
        max_length=200,
        help_text=REASON_HINT,
        error_messages={"required": "Say why their name is being taken off"},
    )


def year_choices() -> list[tuple[str, str]]:
    latest = FinancialYear.containing(timezone.localdate()).start_year
    return [(str(year), FinancialYear(year).label) for year in range(latest, FIRST_YEAR - 1, -1)]


class AllegationFilterForm(forms.Form):
    kind = forms.ChoiceField(label="LADO or PiPoT", required=False)
    area = forms.ModelChoiceField(label="Area", required=False, queryset=Area.objects.order_by("path"))
    status = forms.ChoiceField(label="Status", required=False)
    year = forms.TypedChoiceField(label="Financial year received", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Either"), *Allegation.Kind.choices]
        self.fields["area"].empty_label = "Any area"
        self.fields["status"].choices = [("", "Any status"), *Allegation.Status.choices]
        self.fields["year"].choices = [("", "Any year"), *year_choices()]

    def apply(self, allegations):
        """The allegations that match, or all of them while the filters are not valid."""
        if not self.is_bound or not self.is_valid():
            return allegations
        data = self.cleaned_data
        if data.get("kind"):
            allegations = allegations.filter(kind=data["kind"])
        if data.get("area"):
            allegations = allegations.filter(area__path__startswith=data["area"].path)
        if data.get("status"):
            allegations = allegations.filter(status=data["status"])
        if data.get("year"):
            year = FinancialYear(data["year"])
            allegations = allegations.filter(date__range=(year.start, year.end))
        return allegations
