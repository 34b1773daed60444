"""Form widgets shared by the apps' forms and filters."""

from django import forms


class DateInput(forms.DateInput):
    """A date typed as dd/mm/yyyy, the way NHS staff write dates."""

    def __init__(self):
        super().__init__(format="%d/%m/%Y")
