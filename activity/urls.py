from django.urls import path

from activity.views import allegations, import_mappings, imports, mash_queue, records, returns, review_actions

urlpatterns = [
    path("records/", records.records_index, name="records_index"),
    path("records/<slug:kind>/", records.record_list, name="record_list"),
    path("records/<slug:kind>/new/", records.record_new, name="record_new"),
    path("records/mash-enquiries/open/", mash_queue.mash_queue, name="mash_queue"),
    path("records/<slug:kind>/<str:reference>/", records.record_detail, name="record_detail"),
    path("records/<slug:kind>/<str:reference>/edit/", records.record_edit, name="record_edit"),
    path("records/<slug:kind>/<str:reference>/archive/", records.record_archive, name="record_archive"),
    path("records/<slug:kind>/<str:reference>/restore/", records.record_restore, name="record_restore"),
    path("reviews/<str:reference>/actions/new/", review_actions.action_new, name="review_action_new"),
    path("reviews/<str:reference>/actions/<int:action_id>/", review_actions.action_edit, name="review_action_edit"),
    path("returns/", returns.returns_grid, name="returns_grid"),
    path("imports/new/", imports.import_new, name="import_new"),
    path("imports/<uuid:batch_id>/", imports.import_preview, name="import_preview"),
    path("imports/<uuid:batch_id>/confirm/", imports.import_confirm, name="import_confirm"),
    # Column mappings: another system's files read as one of our imports (activity.views.import_mappings).
    path("imports/mappings/", import_mappings.mapping_list, name="import_mapping_list"),
    path("imports/mappings/new/", import_mappings.mapping_new, name="import_mapping_new"),
    path("imports/mappings/new/columns/", import_mappings.mapping_columns, name="import_mapping_columns"),
    path("imports/mappings/new/values/", import_mappings.mapping_values, name="import_mapping_values"),
    path("imports/mappings/<int:mapping_id>/", import_mappings.mapping_edit, name="import_mapping_edit"),
    path("imports/mappings/<int:mapping_id>/delete/", import_mappings.mapping_delete, name="import_mapping_delete"),
    # Allegations against staff: read only by the people named on each (activity.views.allegations).
    path("allegations/", allegations.allegation_list, name="allegation_list"),
    path("allegations/new/", allegations.allegation_new, name="allegation_new"),
    path("allegations/<str:reference>/", allegations.allegation_detail, name="allegation_detail"),
    path("allegations/<str:reference>/edit/", allegations.allegation_edit, name="allegation_edit"),
    path("allegations/<str:reference>/close/", allegations.allegation_close, name="allegation_close"),
    path("allegations/<str:reference>/names/", allegations.allegation_names, name="allegation_names"),
    path(
        "allegations/<str:reference>/names/<int:named_id>/remove/",
        allegations.allegation_name_remove,
        name="allegation_name_remove",
    ),
]
