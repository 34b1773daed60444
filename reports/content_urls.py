"""The pages for a report's qualitative content: its front sheet, a section's pictures, a table's row themes."""

from django.urls import path

from reports.views import content, front_sheet

urlpatterns = [
    path("reports/<int:pk>/front-sheet/", front_sheet.front_sheet, name="report_front_sheet"),
    path("reports/<int:pk>/sections/<int:section_pk>/images/", content.section_images, name="report_section_images"),
    path("reports/<int:pk>/images/<int:image_pk>/", content.report_image, name="report_image"),
    path("reports/<int:pk>/images/<int:image_pk>/remove/", content.image_remove, name="report_image_remove"),
    path("reports/<int:pk>/blocks/<int:block_pk>/themes/", content.block_themes, name="report_block_themes"),
    path(
        "reports/<int:pk>/sections/<int:section_pk>/blocks/new-register/",
        content.register_block_add,
        name="report_register_block_add",
    ),
]
