"""Forms for a report's qualitative content: the Board front sheet, a section's pictures, the themes beside a
table's rows, and the blocks that show the service's own records (audits, priorities, policies ...)."""

from django import forms

from reports.annual.content_actions import image_max_bytes, too_large_message
from reports.annual.specs import REGISTER_KINDS
from reports.forms import printable
from reports.models import DataBlock, Report, ReportImage

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y"]


class FrontSheetForm(forms.ModelForm):
    """The Board front sheet. Checked here and again by the action (``save_front_sheet``), which saves it."""

    meeting_date = forms.DateField(
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
        help_text="For example, 14/07/2022",
        error_messages={"invalid": "Enter a real date, for example 14/07/2022"},
    )

    class Meta:
        model = Report
        fields = list(Report.FRONT_SHEET_FIELDS)
        labels = {
            "organisation": "Trust",
            "agenda_item": "Agenda item",
            "authors": "Authors",
            "lead_executive": "Lead executive",
            "governance_route": "Governance route",
            "legal_and_risk": "Legal and risk statement",
            "strategic_objectives": "Strategic objectives",
        }
        help_texts = {
            "agenda_item": "For example, 9.2",
            "governance_route": "For example, 'Presented at the Safeguarding Committee on 16/06/2022'.",
            "recommendation": "For example, 'The Board is asked to confirm that it is assured ...'",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("authors", "governance_route", "legal_and_risk", "strategic_objectives", "recommendation")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = [("", "Not chosen"), *Report.Purpose.choices]
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField):
                field.validators.append(printable)
            if name != "meeting_date":
                field.required = False


class ImageForm(forms.Form):
    image = forms.FileField(
        label="Picture",
        help_text="A PNG, JPEG or GIF file, smaller than 5 MB. It is kept as a PNG, without its metadata.",
        error_messages={"required": "Choose a picture to upload", "empty": "The file is empty"},
    )
    alt_text = forms.CharField(
        label="Alternative text",
        max_length=ReportImage._meta.get_field("alt_text").max_length,
        validators=[printable],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the picture shows, for someone who cannot see it: 'Chart of the team: the head of "
        "safeguarding, with named nurses for adults and for children reporting to them'.",
        error_messages={"required": "Enter alternative text: what the picture shows, for someone who cannot see it"},
    )
    caption = forms.CharField(
        required=False,
        max_length=ReportImage._meta.get_field("caption").max_length,
        validators=[printable],
        help_text="Shown under the picture, for example 'Figure 1: the safeguarding team'.",
    )

    def clean_image(self):
        """Refused by its size before anything reads it (Django has streamed a large one to a temporary file)."""
        upload = self.cleaned_data["image"]
        if upload.size > image_max_bytes():
            raise forms.ValidationError(too_large_message(upload.size))
        return upload


class RowThemesForm(forms.Form):
    """A text field for each row of the table as it stands: its themes, or blank for none."""

    def __init__(self, *args, labels: list[str], themes: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = {}
        for index, label in enumerate(labels):
            name = f"row_{index}"
            self.labels[name] = label
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                initial=themes.get(label, ""),
                validators=[printable],
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def themes(self) -> dict[str, str]:
        return {label: self.cleaned_data.get(name, "") for name, label in self.labels.items()}


REGISTER_CHOICES = [(kind, label) for kind, label in DataBlock.Kind.choices if kind in REGISTER_KINDS]


class RegisterBlockForm(forms.Form):
    """A block showing the service's own records for the report's year; it names no figures."""

    kind = forms.ChoiceField(
        label="What it shows",
        choices=REGISTER_CHOICES,
        error_messages={
            "required": "Choose what the block shows",
            "invalid_choice": "Choose what the block shows from the list",
        },
    )
    title = forms.CharField(
        max_length=200,
        required=False,
        validators=[printable],
        help_text="Leave blank to use what it shows as its title.",
    )

    def clean(self):
        data = super().clean()
        if data.get("kind"):
            data["title"] = (data.get("title") or "").strip() or dict(REGISTER_CHOICES)[data["kind"]]
        return data
