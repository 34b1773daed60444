"""The service's governance records, under /governance/."""

from django.urls import path

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
]
