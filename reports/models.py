from django.db import models


class ReportingPermissions(models.Model):
    """Holds the permissions for pages that show figures rather than records. No table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_dashboard", "Can see the dashboard"),
            ("view_reports", "Can read the annual reports"),
            ("edit_narrative", "Can write report narrative"),
            ("approve_reports", "Can approve a report"),
            ("export_reports", "Can export reports"),
        ]

    def __str__(self):
        return "Reporting permissions"
