"""Numbers as the reports print them: ``{{ count|thousands }}`` writes 1427 as 1,427."""

from django import template

register = template.Library()


@register.filter
def thousands(value):
    """A whole number with a comma between each three digits; anything else as it is (an empty cell stays empty)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return f"{value:,}"
