"""Each field's own checks (``Model.clean_fields``) over many rows, each distinct value checked once per field."""

from django.core.exceptions import ValidationError

# A field with more distinct values than this (a reference, free text) is checked afresh on every row from then
# on: remembering a hundred thousand unique values would cost more than checking them.
REMEMBERED_PER_FIELD = 2000


class FieldChecks:
    """What ``record.clean_fields(exclude=...)`` does: each field's ``clean`` (its type, choices, blank and null,
    length and validators), the cleaned value set on the record, the messages raised together. A file repeats its
    dates, areas and choices on every row, so what a field's check found for a value is remembered, and the next
    row with that value is not checked again."""

    def __init__(self, model, *, never: set[str]):
        self.fields = [field for field in model._meta.fields if field.name not in never and not field.generated]
        self.found: dict[str, dict] = {field.name: {} for field in self.fields}

    def run(self, record, *, exclude: set[str]) -> list[str]:
        """Check the record's fields but those in ``exclude``; the names of those whose cleaned value was set."""
        errors, changed = {}, []
        for field in self.fields:
            if field.name in exclude:
                continue
            value = getattr(record, field.attname)
            if field.blank and value in field.empty_values:
                continue
            cleaned, messages = self._found(field, value, record)
            if messages:
                errors[field.name] = messages
            elif cleaned is not value:
                setattr(record, field.attname, cleaned)
                changed.append(field.name)
        if errors:
            raise ValidationError(errors)
        return changed

    def _found(self, field, value, record) -> tuple:
        found = self.found[field.name]
        try:
            return found[value]
        except KeyError:
            result = _clean(field, value, record)
            if len(found) < REMEMBERED_PER_FIELD:
                found[value] = result
            return result
        except TypeError:  # a value that cannot be remembered (a list): checked each time
            return _clean(field, value, record)


def _clean(field, value, record) -> tuple:
    try:
        return field.clean(value, record), None
    except ValidationError as error:
        return None, error.error_list
