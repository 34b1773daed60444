"""The forms a lead records a process change with, and withdraws one recorded in error
(``reports.process_changes``)."""

from datetime import date

from django import forms

from activity.metrics import METRICS
from core.periods import FinancialYear
from reports.dashboard import SPC_METRICS
from reports.forms import FIRST_DASHBOARD_YEAR, printable
from reports.models import ProcessChange


def _month_choices() -> list[tuple[str, str]]:
    """Every month from the dashboard's first year to the end of the next, latest first, as "2021-04"."""
    first, last = FinancialYear(FIRST_DASHBOARD_YEAR), FinancialYear(FinancialYear.current().start_year + 1)
    every = (date(year, month, 1) for year in range(first.start.year, last.end.year + 1) for month in range(1, 13))
    months = [month for month in every if first.start <= month <= last.end]
    return [("", "Choose a month"), *((f"{month:%Y-%m}", f"{month:%B %Y}") for month in reversed(months))]


class ProcessChangeForm(forms.Form):
    metric = forms.ChoiceField(
        label="Figure",
        error_messages={"required": "Choose the figure", "invalid_choice": "Choose a figure listed"},
    )
    area = forms.TypedChoiceField(
        label="Area",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Every area, or one area and the areas within it.",
        error_messages={"invalid_choice": "Choose an area listed"},
    )
    month = forms.ChoiceField(
        label="Month the new process starts",
        error_messages={"required": "Choose the month the new process starts", "invalid_choice": "Choose a month"},
    )
    note = forms.CharField(
        label="What changed",
        max_length=200,
        validators=[printable],
        help_text="Shown on the chart, for example 'New recording system'. Write no names or case details.",
        error_messages={"required": "Say what changed"},
    )
    reason = forms.CharField(
        label="Why the chart should start again here",
        max_length=200,
        validators=[printable],
        help_text="Kept in the history, for example 'Counts from the new system are not comparable with the old'.",
        error_messages={"required": "Say why the chart should start again here"},
    )

    def __init__(self, *args, areas: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = areas
        figures = sorted(((slug, METRICS[slug].name) for slug in SPC_METRICS), key=lambda choice: choice[1])
        self.fields["metric"].choices = [("", "Choose a figure"), *figures]
        active = sorted((area for area in areas.values() if area.is_active), key=lambda area: area.path)
        self.fields["area"].choices = [("", "Every area"), *((area.pk, area.name) for area in active)]
        self.fields["month"].choices = _month_choices()

    def clean_area(self):
        pk = self.cleaned_data["area"]
        return None if pk is None else self.areas[pk]

    def clean_month(self):
        year, month = self.cleaned_data["month"].split("-")
        return date(int(year), int(month), 1)


class WithdrawForm(forms.Form):
    """Withdraws one recorded change (``withdraw``: its id), saying why."""

    withdraw = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    withdraw_reason = forms.CharField(
        label="Why withdraw it",
        max_length=200,
        validators=[printable],
        error_messages={"required": "Say why the change is withdrawn"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdraw"].queryset = ProcessChange.objects.all()
        self.fields["withdraw"].error_messages["invalid_choice"] = "That change has already been withdrawn"
