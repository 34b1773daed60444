"""The service's governance records, under /governance/."""

from django.urls import path

from governance import assurance_views as assurance
from governance import views

urlpatterns = [
    path("audits/", views.audit_list, name="governance_audit_list"),
    path("audits/new/", views.audit_add, name="governance_audit_add"),
    path("audits/<int:pk>/", views.audit_edit, name="governance_audit_edit"),
    path("audits/<int:pk>/delete/", views.audit_delete, name="governance_audit_delete"),
    path("priorities/", views.priority_list, name="governance_priority_list"),
    path("priorities/new/", views.priority_add, name="governance_priority_add"),
    path("priorities/<int:pk>/", views.priority_edit, name="governance_priority_edit"),
    path("priorities/<int:pk>/we-did/", views.priority_update_add, name="governance_priority_update_add"),
    path("policies/", views.policy_list, name="governance_policy_list"),
    path("policies/new/", views.policy_add, name="governance_policy_add"),
    path("policies/<int:pk>/", views.policy_edit, name="governance_policy_edit"),
    path("learning/", views.learning_list, name="governance_learning_list"),
    path("learning/new/", views.learning_add, name="governance_learning_add"),
    path("learning/<int:pk>/", views.learning_edit, name="governance_learning_edit"),
    # The assurance self-assessment (governance.assurance_views)
    path("assurance/", assurance.framework_list, name="governance_assurance_frameworks"),
    path("assurance/new/", assurance.framework_add, name="governance_assurance_framework_add"),
    path("assurance/<int:pk>/", assurance.framework_detail, name="governance_assurance_framework"),
    path("assurance/<int:pk>/change/", assurance.framework_edit, name="governance_assurance_framework_edit"),
    path("assurance/<int:pk>/standards/new/", assurance.standard_add, name="governance_assurance_standard_add"),
    path("assurance/<int:pk>/<int:year>/<slug:area>/", assurance.summary, name="governance_assurance_summary"),
    path("assurance/standards/<int:pk>/", assurance.standard_edit, name="governance_assurance_standard_edit"),
    path(
        "assurance/standards/<int:pk>/<int:year>/<slug:area>/",
        assurance.assessment,
        name="governance_assurance_assessment",
    ),
    path("assurance/actions/<int:pk>/", assurance.action_edit, name="governance_assurance_action_edit"),
    path("assurance/files/<int:pk>/", assurance.attachment_download, name="governance_assurance_file"),
    path("assurance/files/<int:pk>/remove/", assurance.attachment_remove, name="governance_assurance_file_remove"),
]
