"""Start a draft report: manage.py start_report --template quarterly-committee --period "2021/22 Q4" [--area SLUG]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from reports.annual.actions import create_report
from reports.management.report_arguments import area_named, period_from, template_named
from reports.schedule import scheduler_account


class Command(BaseCommand):
    help = "Start a draft report of a template for a period, for the whole trust or one area."

    def add_arguments(self, parser):
        parser.add_argument("--template", required=True, help="the kind of report, e.g. quarterly-committee")
        parser.add_argument("--period", required=True, help='the period, e.g. 2021/22, "2021/22 Q4" or "2021/22 H1"')
        parser.add_argument("--area", help="the area's slug, for a partnership's pack; leave out for the whole trust")

    def handle(self, *args, template, period, area, **options):
        template, period, area = template_named(template), period_from(period), area_named(area)
        try:
            report = create_report(
                template=template,
                period=period,
                area=area,
                by=scheduler_account(),
                reason="Started from the command line",
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.message_dict["period"])) from None
        audience = area.name if area else "the whole trust"
        self.stdout.write(
            f"Started a draft: {report.title} ({audience}), covering {period.start:%-d %B %Y} to "
            f"{period.end:%-d %B %Y}. Its page: {reverse('report_detail', args=[report.pk])}"
        )
