"""The returns grid's form: a count for each area and period of one metric, with where the figures come from and
why any already entered is corrected."""

from django import forms

MAX_COUNT = 2_147_483_647  # the most a count column holds (PostgreSQL's integer)


class CountInput(forms.TextInput):
    """A count written as the reports write it (1,427), typed on a phone's number pad; a text input, not a number
    one, so that a separator can be shown and typed."""

    def __init__(self):
        super().__init__(attrs={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"})

    def format_value(self, value):
        return f"{value:,}" if isinstance(value, int) else super().format_value(value)


class CountField(forms.IntegerField):
    """A whole number that may be typed with separators: 1,427 and 1 427 are 1427."""

    widget = CountInput

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace(" ", "")
        return super().to_python(value)


def _cell_name(area, period):
    return f"cell_{area.pk}_{period.start:%Y%m%d}"


class ReturnsGridForm(forms.Form):
    source = forms.CharField(
        label="Source of these figures",
        max_length=120,
        required=False,
        help_text="For example, 'MASH system' or 'Learning system extract, 3 May'.",
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(
        label="Reason for any correction",
        max_length=200,
        required=False,
        help_text="Needed when you change or clear a figure already entered.",
    )

    def __init__(self, *args, areas, periods, existing, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = []
        self.existing = existing
        for area in areas:
            row = []
            for period in periods:
                name = _cell_name(area, period)
                current = existing.get((area.pk, period.start))
                self.fields[name] = CountField(
                    label=f"{area.name}, {period.label}",
                    required=False,
                    min_value=0,
                    max_value=MAX_COUNT,
                    initial=current.value if current else None,
                    error_messages={
                        "invalid": f"{area.name}, {period.label}: enter a whole number",
                        "min_value": f"{area.name}, {period.label}: a count cannot be negative",
                        "max_value": f"{area.name}, {period.label}: a count cannot be more than {MAX_COUNT:,}",
                    },
                )
                row.append((name, period))
            self.cells.append((area, row))

    def changes(self):
        """(area, period, new value or None, existing return or None) for each cell that changed."""
        changed = []
        for area, row in self.cells:
            for name, period in row:
                current = self.existing.get((area.pk, period.start))
                value = self.cleaned_data.get(name)
                if (current.value if current else None) != value:
                    changed.append((area, period, value, current))
        return changed

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        changes = self.changes()
        if changes and not cleaned.get("source"):
            self.add_error("source", "Say where these figures come from")
        if any(current is not None for _, _, _, current in changes) and not cleaned.get("reason"):
            self.add_error("reason", "Give a reason for correcting figures already entered")
        return cleaned
