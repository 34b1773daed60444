"""Forms for the assurance self-assessment. Each is checked here and again by ``governance.assurance_actions``
(the rules a user meets) and the models' own rules, in their own words."""

from django import forms

from governance.forms import GovernanceForm, date_field, printable
from governance.models import AssuranceAction, AssuranceFramework, AssuranceStandard, Rag
from work.forms import OwnerChoiceField
from work.people import task_holders

EVIDENCE_MAX_CHARACTERS = 20_000


def reason_field(example: str) -> forms.CharField:
    return forms.CharField(
        label="Reason for the change",
        max_length=200,
        validators=[printable],
        help_text=f"For example, '{example}'. It is kept in the history.",
        error_messages={"required": "Give a reason for the change"},
    )


def score_field(label: str, framework: AssuranceFramework, *, help_text: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "Not scored"), *((score, str(score)) for score in framework.scores)],
        help_text=help_text,
        error_messages={"invalid_choice": f"{label}: choose a score from the framework's scale"},
    )


class FrameworkForm(GovernanceForm):
    class Meta:
        model = AssuranceFramework
        fields = ["name", "kind", "description", "lowest_score", "highest_score", "amber_from", "green_from"]
        labels = {"kind": "Kind of framework", "amber_from": "Amber from", "green_from": "Green from"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {"required": "Enter the framework's name", "unique": "There is already a framework of that name"},
            "kind": {"required": "Choose the kind of framework"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lowest_score", "highest_score", "amber_from", "green_from"):
            field = self.fields[name]
            field.max_value = 100
            field.widget.attrs["max"] = 100
            field.validators.append(_at_most_100)
            field.error_messages["invalid"] = f"{field.label}: enter a whole number"
            field.error_messages["required"] = f"Enter the {field.label.lower()}"


def _at_most_100(value):
    if value is not None and value > 100:
        raise forms.ValidationError("A score is at most 100")


class StandardForm(GovernanceForm):
    class Meta:
        model = AssuranceStandard
        fields = ["number", "position", "title", "good_looks_like"]
        labels = {"position": "Order in the list", "good_looks_like": "What good looks like"}
        widgets = {"good_looks_like": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "number": {"required": "Enter the standard's number"},
            "title": {"required": "Enter the standard's title"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].max_value = 1000
        self.fields["position"].validators.append(_position_in_range)
        self.fields["position"].error_messages["invalid"] = "Order in the list: enter a whole number"


def _position_in_range(value):
    if value is not None and value > 1000:
        raise forms.ValidationError("Order in the list: enter a number up to 1000")


class EvidenceForm(forms.Form):
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        max_length=EVIDENCE_MAX_CHARACTERS,
        validators=[printable],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What shows the standard is met: documents, audits, minutes. No names or case details.",
    )

    def __init__(self, *args, framework: AssuranceFramework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["self_score"] = score_field(
            "Self score",
            framework,
            help_text=f"The service's own score, from {framework.lowest_score} to {framework.highest_score}.",
        )
        self.fields["reason"] = reason_field("Evidence for the year added")


class ModerationForm(forms.Form):
    def __init__(self, *args, framework: AssuranceFramework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moderated_score"] = score_field(
            "Moderated score",
            framework,
            help_text="The score after moderation (a peer review, say), given by someone other than the person "
            "who self-scored.",
        )
        self.fields["reason"] = reason_field("Agreed at the peer review")


class RagForm(forms.Form):
    rag = forms.ChoiceField(
        label="RAG rating",
        required=False,
        choices=[("", "Not rated"), *Rag.choices],
        error_messages={"invalid_choice": "RAG rating: choose red, amber or green"},
    )
    rag_reason = forms.CharField(
        label="Why the rating differs from the moderated score's",
        required=False,
        max_length=300,
        validators=[printable],
        help_text="Needed only where the rating is not the one the moderated score gives.",
    )
    reason = reason_field("Rated at the partnership's panel")


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="File of evidence",
        help_text="A PDF, Word (.docx), Excel (.xlsx), PNG or JPEG file. Its type is read from the file itself.",
        error_messages={"required": "Choose a file to upload", "empty": "The file is empty"},
    )
    description = forms.CharField(label="What the file is", required=False, max_length=200, validators=[printable])
    reason = reason_field("Minutes of the peer review")


class RemoveForm(forms.Form):
    reason = forms.CharField(
        max_length=200,
        validators=[printable],
        error_messages={"required": "give a reason for removing the file"},
    )


class ActionForm(GovernanceForm):
    due_on = date_field("Due on", required=True)
    completed_on = date_field("Completed on", required=False, help_text="Only once the action is done")

    class Meta:
        model = AssuranceAction
        fields = ["description", "owner", "due_on", "completed_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "description": {"required": "Enter what is to be done"},
            "owner": {"required": "Choose who owns the action"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = OwnerChoiceField(
            label="Owner",
            queryset=task_holders(),
            help_text="They get it as a task in their work, with reminders.",
            error_messages={
                "required": "Choose who owns the action",
                "invalid_choice": "Owner: choose someone from the list",
            },
        )
        self.fields["description"].max_length = 2000
        self.fields["description"].validators.append(_description_length)


def _description_length(value):
    if len(value) > 2000:
        raise forms.ValidationError("Describe the action in at most 2,000 characters")


class StartForm(forms.Form):
    """Which year and partnership to assess: a GET form on the framework's page."""

    year = forms.TypedChoiceField(label="Financial year", coerce=int)
    area = forms.ChoiceField(label="Partnership")
