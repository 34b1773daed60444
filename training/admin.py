from django.contrib import admin

from training.models import Level


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    """The levels of safeguarding training, each with its target and how long a completion stays in date. An
    administrator keeps them; a level's slug is how saved mappings name it, so it is set once."""

    list_display = ["name", "group", "target_percent", "months_in_date", "position", "is_active"]
    list_filter = ["group", "is_active"]
    ordering = ["position", "name"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user  # the level's history names who changed it, as every write does
        obj._change_reason = "Changed in the admin" if change else "Added in the admin"
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False  # imported rows name their level: set one aside with "is active" instead
