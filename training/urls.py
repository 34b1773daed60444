"""Training and supervision compliance, under /training/."""

from django.urls import path

from training import views

urlpatterns = [
    path("", views.figures, name="training_compliance"),
    path("import/", views.import_new, name="training_import"),
    path("import/<uuid:batch_id>/", views.import_report, name="training_import_report"),
    path("imports/<int:pk>/", views.import_detail, name="training_import_detail"),
    path("supervision-due/", views.supervision_due, name="training_supervision_due"),
]
