from django.urls import path

from reports.views import annual, dashboard, process_changes, schedule, templates
from reports.views.reconciliation import report_reconciliation

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/process-changes/", process_changes.process_changes, name="dashboard_process_changes"),
    path("reports/", annual.report_list, name="report_list"),
    path("reports/reconciliation/", report_reconciliation, name="report_reconciliation"),
    path("reports/start-due/", schedule.report_start_due, name="report_start_due"),
    path("reports/<int:pk>/", annual.report_detail, name="report_detail"),
    path("reports/<int:pk>/structure/", annual.report_structure, name="report_structure"),
    path("reports/<int:pk>/approve/", annual.report_approve, name="report_approve"),
    path("reports/<int:pk>/acknowledge/", annual.flag_acknowledge, name="report_flag_acknowledge"),
    path("reports/<int:pk>/new-draft/", annual.report_new_draft, name="report_new_draft"),
    path("reports/<int:pk>/save-as-template/", templates.report_save_template, name="report_save_template"),
    path("reports/<int:pk>/export/<slug:fmt>/", annual.report_export, name="report_export"),
    path("reports/<int:pk>/sections/<int:section_pk>/", annual.section_edit, name="report_section_edit"),
    path(
        "reports/<int:pk>/sections/<int:section_pk>/<slug:change>/",
        annual.section_change,
        name="report_section_change",
    ),
    path("reports/<int:pk>/sections/<int:section_pk>/blocks/new/", annual.block_add, name="report_block_add"),
    path("reports/<int:pk>/blocks/<int:block_pk>/remove/", annual.block_remove, name="report_block_remove"),
]
