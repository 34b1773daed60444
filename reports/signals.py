"""Receivers for the reports app's signals."""

from reports.annual.report_templates import sync_builtin_templates


def sync_templates_after_migrate(**kwargs):
    sync_builtin_templates()
