"""Render Django form fields as NHS.UK frontend components."""

from django import template

register = template.Library()

_CLASSES = {
    "select": ("nhsuk-select", "nhsuk-select--error"),
    "textarea": ("nhsuk-textarea", "nhsuk-textarea--error"),
    "checkbox": ("nhsuk-checkboxes__input", ""),
    "clearablefile": ("nhsuk-file-upload", "nhsuk-file-upload--error"),
    "file": ("nhsuk-file-upload", "nhsuk-file-upload--error"),
}


@register.simple_tag
def nhs_widget(field, width=None, autocomplete=None):
    """The field's input with the NHS classes and the ids of its hint and error for screen readers."""
    widget_type = field.widget_type
    if widget_type == "date" and not width:
        width = 10  # room for "30 November 2026", as the frontend sizes a date
    base, error = _CLASSES.get(widget_type, ("nhsuk-input", "nhsuk-input--error"))
    classes = [base]
    if field.errors and error:
        classes.append(error)
    if width and widget_type not in _CLASSES:
        classes.append(f"nhsuk-input--width-{width}")
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    attrs = {"class": " ".join(classes)}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field) -> bool:
    return field.widget_type == "checkbox"


@register.filter
def is_checkbox_group(field) -> bool:
    return field.widget_type == "checkboxselectmultiple"


@register.filter
def is_hidden(field) -> bool:
    return field.is_hidden


@register.filter
def get_field(form, name):
    return form[name]


@register.filter
def error_for(error, field) -> str:
    """An error in a summary, led by its field's label unless it already names the field."""
    error, label = str(error), str(field.label)
    return error if error.startswith(label) else f"{label}: {error}"
