"""Forms for the dashboard and the annual report's pages."""

from django import forms
from django.core.validators import RegexValidator

from activity.metrics import METRICS
from activity.models import Area, Service
from core.periods import FinancialYear, parse_period
from reports.annual.specs import GROUPINGS, LAYOUTS
from reports.models import DataBlock, ReportSection, ReportTemplate

FIRST_DASHBOARD_YEAR = 2018
# Characters a Word or Excel file cannot hold (control characters, U+FFFE, U+FFFF): refused where typed,
# so that every export of the report can be made.
printable = RegexValidator(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]",
    inverse_match=True,
    message="Remove the invisible control characters (often pasted in from another program)",
)


# The largest id any database column here holds (a 64-bit integer).
LARGEST_ID = 2**63 - 1


class ChoicesByIdField(forms.ModelMultipleChoiceField):
    """Refuses an id too large for any database integer before the database is asked: SQLite raises
    OverflowError on one (a 500), where an id that merely does not exist gets the usual message."""

    def _check_values(self, value):
        for pk in value:
            digits = str(pk).strip().lstrip("+-")
            if digits.isdigit() and int(digits) > LARGEST_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


def _year_choices(first):
    current = FinancialYear.current().start_year
    return [(year, FinancialYear(year).label) for year in range(current, first - 1, -1)]


class DashboardForm(forms.Form):
    """The dashboard's financial year and area; ``areas`` are every area by id (``reports.figures.all_areas``)."""

    year = forms.TypedChoiceField(label="Financial year", coerce=int, required=False)
    area = forms.TypedChoiceField(label="Area", coerce=int, required=False)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(FIRST_DASHBOARD_YEAR)
        active = [area for area in areas.values() if area.is_active]
        self.fields["area"].choices = [(area.pk, area.name) for area in sorted(active, key=lambda a: a.path)]


class NewReportForm(forms.Form):
    template = forms.ModelChoiceField(
        label="Kind of report",
        queryset=ReportTemplate.objects.all(),
        empty_label=None,
        error_messages={"required": "Choose the kind of report", "invalid_choice": "Choose a kind of report listed"},
    )
    period = forms.CharField(
        label="Period",
        max_length=30,
        validators=[printable],
        help_text="A financial year (2021/22), a quarter (2021/22 Q4), a half year (2021/22 H1) or dates "
        "(2021-06-01..2021-08-31).",
        error_messages={"required": "Enter the period the report covers"},
    )
    area = forms.ModelChoiceField(
        label="Area",
        queryset=Area.objects.all(),
        required=False,
        empty_label="The whole trust",
        help_text="A partnership's pack covers its area and the areas within it: every table is limited to it.",
    )

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class SectionForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        error_messages={"required": "Enter the section's title"},
        widget=forms.TextInput(),
        validators=[printable],
    )
    level = forms.TypedChoiceField(
        label="Level",
        coerce=int,
        choices=ReportSection._meta.get_field("level").choices,
        help_text="A sub-section is numbered within the section before it (6.1, 6.2 ...).",
    )
    narrative = forms.CharField(
        required=False,
        validators=[printable],
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=(
            "Markdown: a blank line between paragraphs, **bold**, *italic*, lines starting with - for a list, "
            "### for a sub-heading. Never write names or case details: the report goes to the Board."
        ),
    )
    public_narrative = forms.CharField(
        required=False,
        label="Text for the public version",
        validators=[printable],
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    opened_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, threshold: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_narrative"].help_text = (
            "What the public version says in this section, for the trust's website. It starts as the narrative "
            "above; while the two are the same it follows the narrative as it changes. The public tables hide "
            f"counts from 1 to {threshold}, so write none of them here: each is flagged and stops the public "
            "version being published until it is changed or acknowledged."
        )


class AcknowledgeForm(forms.Form):
    """Accept one check's flag with a reason; ``auto_id`` tells one flag's form from another's on a page."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=300)
    reason = forms.CharField(
        label="Why it can stand",
        max_length=2000,
        validators=[printable],
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give the reason the flag can stand"},
        help_text="Kept in the report's history with your name.",
    )


class NewSectionForm(forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter the new section's title"}, validators=[printable]
    )
    level = forms.TypedChoiceField(coerce=int, choices=ReportSection._meta.get_field("level").choices)
    after = forms.ModelChoiceField(
        queryset=ReportSection.objects.none(),
        required=False,
        label="Place it after",
        empty_label="At the end",
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["after"].queryset = report.sections.all()


class BlockForm(forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter the table's title"}, validators=[printable]
    )
    kind = forms.ChoiceField(  # the other kinds name no figures: the structure page adds them with a form of their own
        choices=[
            (DataBlock.Kind.TABLE, DataBlock.Kind.TABLE.label),
            (DataBlock.Kind.CHART, DataBlock.Kind.CHART.label),
        ],
        initial=DataBlock.Kind.TABLE,
    )
    metrics = forms.MultipleChoiceField(
        choices=lambda: [(metric.slug, metric.name) for metric in METRICS.values()],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one figure"},
        label="Figures",
    )
    by = forms.ChoiceField(label="Rows", choices=list(GROUPINGS.items()), required=False)
    layout = forms.ChoiceField(choices=list(LAYOUTS.items()), initial="years")
    years = forms.TypedChoiceField(
        label="Financial years", coerce=int, choices=[(n, str(n)) for n in range(1, 6)], initial=2,
        help_text="Ending with the report's year.",
    )  # fmt: skip
    area_rows = forms.ChoiceField(
        label="Area rows",
        choices=[("children", "The areas directly below"), ("leaves", "The lowest areas")],
        initial="children",
    )
    within = forms.ModelChoiceField(
        queryset=Area.objects.filter(is_active=True), required=False, empty_label="The whole trust", label="Area"
    )
    services = ChoicesByIdField(
        queryset=Service.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty to count every service.",
    )

    def clean(self):
        data = super().clean()
        metrics, by, layout = data.get("metrics") or [], data.get("by"), data.get("layout")
        if len(metrics) > 1 and layout == "years" and by:
            self.add_error("by", "With several figures, each figure is a row: choose 'In total', or one figure.")
        if layout == "metrics" and not by:
            self.add_error("by", "With a column per figure, choose what the rows are (area, service or category).")
        return data


class SaveAsTemplateForm(forms.Form):
    name = forms.CharField(
        label="Name of the new kind of report",
        max_length=200,
        validators=[printable],
        error_messages={"required": "Enter a name for the new kind of report"},
    )
    description = forms.CharField(
        label="What it is for",
        required=False,
        max_length=1000,
        validators=[printable],
        widget=forms.Textarea({"rows": 3}),
    )
    cadence = forms.ChoiceField(
        label="How often the schedule starts one", choices=ReportTemplate.Cadence.choices, required=False
    )
    deadline_days = forms.IntegerField(
        label="Days after the period ends that it is due",
        min_value=0,
        max_value=365,
        initial=42,
        error_messages={
            "required": "Enter the days after the period ends that it is due",
            "invalid": "Enter the days as a whole number, like 42",
            "min_value": "The days cannot be fewer than 0",
            "max_value": "The days cannot be more than 365",
        },
    )
