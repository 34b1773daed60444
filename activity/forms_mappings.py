"""The forms that make a column mapping: what the files are and a sample of one, which of the file's columns feeds
each of ours, and how the file writes the values of those that are one of a list."""

from django import forms
from django.conf import settings

from activity.importing.mapping import MAX_HEADING, MAX_NAME, ImportKind, maps_values, value_choices

NOT_IN_FILE = "Not in this file"


class SampleForm(forms.Form):
    """What the files are imported as (when making a mapping) and a sample file, read then let go."""

    kind = forms.ChoiceField(
        label="What the files are imported as", error_messages={"required": "Choose what the files are imported as"}
    )
    sample = forms.FileField(
        label="A sample file",
        help_text="A CSV or Excel (XLSX) file as the other system exports it. It is read for its headings and "
        "values, and not kept.",
        error_messages={"required": "Choose a sample file to upload", "empty": "The sample file is empty"},
    )

    def __init__(self, *args, kinds: list[ImportKind], with_kind: bool = True, sample_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_kind:
            self.fields["kind"].choices = [("", "Choose one"), *[(kind.slug, kind.label) for kind in kinds]]
        else:
            del self.fields["kind"]
        self.fields["sample"].required = sample_required

    def clean_sample(self):
        upload = self.cleaned_data.get("sample")
        limit = settings.IMPORT_BACKGROUND_BYTES
        if upload and upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size / 2**20:.1f} MB; a sample may be at most {limit / 2**20:g} MB. "
                "A few hundred rows are enough: save a smaller file with the same columns."
            )
        return upload


def column_field_name(index: int) -> str:
    return f"column_{index}"


class ColumnsForm(forms.Form):
    """The mapping's name, and for each of our columns the file's heading that feeds it."""

    name = forms.CharField(
        label="Name of the mapping",
        max_length=MAX_NAME,
        help_text="Such as the system the files come from: you choose it by this name when you import a file.",
        error_messages={"required": "Give the mapping a name"},
    )

    def __init__(self, *args, kind: ImportKind, headings: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        options = [(heading, heading) for heading in headings]
        self.column_fields = []
        for index, column in enumerate(kind.columns):
            optional = kind.is_optional(column)
            field = forms.ChoiceField(
                label=column.header,
                required=not optional,
                choices=[("", NOT_IN_FILE if optional else "Choose a column"), *options],
                help_text="Every file must have it." if not optional else "",
                error_messages={
                    "required": f"Choose the file's column for {column.header}",
                    "invalid_choice": f"Choose one of the sample file's columns for {column.header}",
                },
            )
            name = column_field_name(index)
            self.fields[name] = field
            self.column_fields.append(name)

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def mapped_columns(self) -> dict[str, str]:
        """Our heading -> the file's heading, for the columns the file feeds."""
        return {
            column.header: self.cleaned_data[column_field_name(index)]
            for index, column in enumerate(self.kind.columns)
            if self.cleaned_data.get(column_field_name(index))
        }


def value_field_name(column_index: int, value_index: int) -> str:
    return f"value_{column_index}_{value_index}"


class ValuesForm(forms.Form):
    """For each column of ours whose cells are one of a list and that the file feeds: each value the sample has
    there, and ours it means (a select, or a text box for a column whose values are not a fixed list)."""

    reason = forms.CharField(
        label="Why are you changing it?",
        max_length=100,
        required=False,
        help_text="Kept in the mapping's history.",
    )

    def __init__(
        self,
        *args,
        kind: ImportKind,
        columns: dict[str, str],
        distinct: dict[str, list[str]],
        known: dict[str, dict[str, str]],
        changing: bool,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if not changing:
            del self.fields["reason"]
        else:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = "Say why you are changing the mapping"
        self.groups = []  # (our column, the file's heading, [field names], [file values])
        for column_index, column in enumerate(kind.columns):
            theirs = columns.get(column.header)
            values = distinct.get(theirs or "", [])
            if not theirs or not values or not maps_values(column):
                continue
            ours = value_choices(kind, column)
            names = []
            for value_index, value in enumerate(values):
                name = value_field_name(column_index, value_index)
                if ours:
                    field = forms.ChoiceField(
                        label=value,
                        required=False,
                        choices=[("", "As the file writes it"), *ours],
                        error_messages={"invalid_choice": f"Choose one of the values for {column.header}"},
                    )
                else:
                    field = forms.CharField(label=value, required=False, max_length=MAX_HEADING)
                field.initial = known.get(column.header, {}).get(value)
                self.fields[name] = field
                names.append(name)
            self.groups.append((column, theirs, names, values))

    def mapped_values(self) -> dict[str, dict[str, str]]:
        """Our heading -> {the file's value: ours}, for the values given one."""
        mapped = {}
        for column, _, names, values in self.groups:
            table = {
                value: self.cleaned_data[name].strip()
                for name, value in zip(names, values, strict=True)
                if (self.cleaned_data.get(name) or "").strip()
            }
            if table:
                mapped[column.header] = table
        return mapped

    def group_fields(self):
        """(our column, the file's heading, its bound fields) for the template."""
        return [(column, theirs, [self[name] for name in names]) for column, theirs, names, _ in self.groups]


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label="Why are you deleting it?",
        max_length=100,
        help_text="Kept in the mapping's history. Imports made through it keep their copy of it.",
        error_messages={"required": "Say why you are deleting the mapping"},
    )
