"""Forms for the service's governance records. Each is checked here and again by ``governance.actions.save_record``
(the model's own rules, in its own words)."""

from django import forms
from django.core.validators import RegexValidator

from activity.models import Area
from core.periods import FinancialYear
from core.widgets import DateInput
from governance.models import Policy, Priority, PriorityUpdate, ReviewLearning, ServiceAudit

FIRST_YEAR = 2018
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y"]
# Characters a Word or Excel file cannot hold: refused where typed, so every export of the report can be made.
printable = RegexValidator(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]",
    inverse_match=True,
    message="Remove the invisible control characters (often pasted in from another program)",
)


def year_choices() -> list[tuple[int, str]]:
    """Financial years from the first the app holds to the year ahead (next year's priorities)."""
    ahead = FinancialYear.current().start_year + 1
    return [(year, FinancialYear(year).label) for year in range(ahead, FIRST_YEAR - 1, -1)]


def date_field(label: str, *, required: bool, help_text: str = "For example, 30/06/2021") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        help_text=help_text,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"{label}: enter a real date, for example 30/06/2021",
        },
    )


class GovernanceForm(forms.ModelForm):
    """Text refuses control characters; a change to something saved asks why (kept in its history)."""

    reason = forms.CharField(
        label="Reason for the change",
        max_length=200,
        validators=[printable],
        help_text="For example, 'Audit completed'. It is kept in the history.",
        error_messages={"required": "Give a reason for the change"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["reason"]
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(printable)
        if "area" in self.fields:
            self.fields["area"].queryset = Area.objects.filter(is_active=True)
        if "year" in self.fields:
            self.fields["year"] = forms.TypedChoiceField(
                label="Financial year", coerce=int, choices=year_choices, initial=FinancialYear.current().start_year
            )


class AuditForm(GovernanceForm):
    started_on = date_field("Started on", required=False)
    completed_on = date_field("Completed on", required=False, help_text="Only once the audit is completed")

    class Meta:
        model = ServiceAudit
        fields = ["year", "name", "scope", "area", "status", "started_on", "completed_on", "findings", "action_taken"]
        labels = {"name": "Audit", "action_taken": "Action taken"}
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ("scope", "findings", "action_taken")}
        error_messages = {"name": {"required": "Enter the audit's name"}}


class PriorityForm(GovernanceForm):
    class Meta:
        model = Priority
        fields = ["year", "position", "title", "we_said"]
        labels = {"position": "Order in the list", "we_said": "We said"}
        widgets = {"we_said": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "title": {"required": "Enter the priority's title"},
            "we_said": {"required": "Enter what the service said it would do"},
        }


class PriorityUpdateForm(GovernanceForm):
    on = date_field("Date", required=True)

    class Meta:
        model = PriorityUpdate
        fields = ["on", "we_did"]
        labels = {"we_did": "We did"}
        widgets = {"we_did": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"we_did": {"required": "Enter what the service did"}}


class PolicyForm(GovernanceForm):
    last_reviewed = date_field("Last reviewed", required=True)
    review_due = date_field("Review due", required=True)

    class Meta:
        model = Policy
        fields = ["title", "reference", "owner", "last_reviewed", "review_due"]
        error_messages = {
            "title": {"required": "Enter the policy's title"},
            "owner": {"required": "Enter the role that owns the policy"},
        }


class LearningForm(GovernanceForm):
    class Meta:
        model = ReviewLearning
        fields = ["year", "kind", "area", "themes", "recommendations", "shared_how"]
        labels = {"kind": "Kind of review", "shared_how": "How the learning was shared"}
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ("themes", "recommendations", "shared_how")}
        error_messages = {
            "themes": {"required": "Enter the themes the review found"},
            "kind": {"required": "Choose the kind of review"},
        }


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        validators=[printable],
        help_text="For example, 'Entered twice'. It is kept in the history.",
        error_messages={"required": "Give a reason for deleting it"},
    )
