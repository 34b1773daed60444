"""The admin keeps reference data only: areas, services, teams, categories and figures not collected.

Records, review actions and returns are not here. They change only through the app's own pages,
which ask for a reason, write history, keep to the user's areas and audit every read.
"""

from django.contrib import admin

from activity.models import Area, Category, Service, Team, UncollectedFigure


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "parent", "path", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "display_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TeamInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "service", "is_active"]
    list_filter = ["service", "is_active"]
    search_fields = ["name"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "client_group", "framework", "display_order", "is_active"]
    list_filter = ["client_group", "framework", "is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(UncollectedFigure)
class UncollectedFigureAdmin(admin.ModelAdmin):
    list_display = ["metric", "area", "from_year", "until_year", "note"]
    list_filter = ["metric", "area"]
    search_fields = ["metric", "area__name", "note"]
