"""What ``start_report`` and ``export_report`` read from their arguments: a template, a period and an area, each
refused with a message that says what to write instead."""

from django.core.management.base import CommandError

from activity.models import Area
from core.periods import Period, parse_period
from reports.models import ReportTemplate


def template_named(slug: str) -> ReportTemplate:
    template = ReportTemplate.objects.filter(slug=slug).first()
    if template is None:
        known = ", ".join(ReportTemplate.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(f"There is no report template {slug!r}: write one of {known}")
    return template


def period_from(text: str) -> Period:
    try:
        return parse_period(text)
    except ValueError as error:
        raise CommandError(str(error)) from None


def area_named(slug: str | None) -> Area | None:
    """The area with this slug; None (the whole trust) when no slug is given."""
    if not slug:
        return None
    area = Area.objects.filter(slug=slug).first()
    if area is None:
        known = ", ".join(Area.objects.order_by("path").values_list("slug", flat=True))
        raise CommandError(f"There is no area {slug!r}: write one of {known}, or leave --area out for the whole trust")
    return area


def start_report_command(template: ReportTemplate, period: Period, area: Area | None) -> str:
    """The command that starts this report, to paste."""
    area_option = f" --area {area.slug}" if area else ""
    return f'manage.py start_report --template {template.slug} --period "{period.key}"{area_option}'
