from django import forms

from work.models import Kind
from work.people import name_of, task_holders


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return name_of(user)


class AssignForm(forms.Form):
    owner = OwnerChoiceField(
        label="Give it to",
        queryset=task_holders(),
        required=False,
        empty_label="Nobody yet: the leads' queue",
    )
    reason = forms.CharField(
        label="Why",
        max_length=300,
        help_text="Kept in the task's history.",
        error_messages={"required": "Say why the task is changing hands"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = task_holders()


class CompleteForm(forms.Form):
    note = forms.CharField(
        label="What was done (optional)",
        max_length=300,
        required=False,
        help_text="Kept in the task's history. No names or case details: the record holds those.",
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why it is open again",
        max_length=300,
        error_messages={"required": "Say why the task is open again"},
    )


class TeamFilterForm(forms.Form):
    OWNER_CHOICES = [("", "Anyone"), ("none", "Nobody yet (the leads' queue)")]

    owner = forms.ChoiceField(label="Owner", required=False)
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any kind"), *Kind.choices])
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [*self.OWNER_CHOICES, *((str(u.pk), name_of(u)) for u in task_holders())]
