from django.contrib import admin

from activity import actions
from activity.models import (
    Area,
    Category,
    CdopCase,
    Consultation,
    MashEnquiry,
    Referral,
    Return,
    Review,
    ReviewAction,
    S42Enquiry,
    Service,
    SupervisionSession,
    Team,
    TrainingSession,
)


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


class RecordAdmin(admin.ModelAdmin):
    """Records keep who wrote them: saving goes through the same actions as the app."""

    date_hierarchy = "date"
    search_fields = ["reference", "case_reference"]
    readonly_fields = ["reference", "created_at", "created_by", "updated_at", "updated_by"]
    list_select_related = ["area"]

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user)

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            actions.update_record(record=obj, by=request.user, reason="Changed in the admin site", **fields)
        else:
            actions.save_new_record(record=obj, by=request.user)


@admin.register(Consultation)
class ConsultationAdmin(RecordAdmin):
    list_display = ["reference", "date", "area", "client_group", "service", "category", "mode"]
    list_filter = ["client_group", "area", "service", "category", "mode", "outcome"]


@admin.register(Referral)
class ReferralAdmin(RecordAdmin):
    list_display = ["reference", "date", "area", "client_group", "service", "referred_to"]
    list_filter = ["client_group", "area", "service", "referred_to", "category"]


@admin.register(S42Enquiry)
class S42EnquiryAdmin(RecordAdmin):
    list_display = ["reference", "date", "area", "service", "outcome_shared_on"]
    list_filter = ["area", "service"]
    raw_id_fields = ["referral"]


@admin.register(MashEnquiry)
class MashEnquiryAdmin(RecordAdmin):
    list_display = ["reference", "date", "area", "closed_on", "strategy_meeting"]
    list_filter = ["area", "client_group", "strategy_meeting"]


@admin.register(CdopCase)
class CdopCaseAdmin(RecordAdmin):
    list_display = ["reference", "date", "reviewed_on", "area", "known_to_trust_services", "jar_attended"]
    list_filter = ["area", "known_to_trust_services", "jar_attended", "cdrm_held"]


class ReviewActionInline(admin.TabularInline):
    model = ReviewAction
    extra = 0
    fields = ["description", "owner", "agreed_on", "due_on", "status", "completed_on"]


@admin.register(Review)
class ReviewAdmin(RecordAdmin):
    list_display = ["reference", "title", "kind", "area", "date", "status_now"]
    list_filter = ["kind", "area"]
    search_fields = ["reference", "case_reference", "title"]
    inlines = [ReviewActionInline]

    @admin.display(description="Status")
    def status_now(self, obj):
        return obj.get_status_display()

    def save_formset(self, request, form, formset, change):
        for action in formset.save(commit=False):
            if action.pk is None:
                fields = {name: getattr(action, name) for name in ReviewActionInline.fields}
                actions.add_review_action(review=form.instance, by=request.user, **fields)
            else:
                actions.update_review_action(action=action, by=request.user, reason="Changed in the admin site")
        for removed in formset.deleted_objects:
            actions.delete_review_action(action=removed, by=request.user, reason="Deleted in the admin site")


@admin.register(TrainingSession)
class TrainingSessionAdmin(RecordAdmin):
    list_display = ["reference", "date", "title", "client_group", "level", "attendees"]
    list_filter = ["client_group", "level", "delivery", "area"]


@admin.register(SupervisionSession)
class SupervisionSessionAdmin(RecordAdmin):
    list_display = ["reference", "date", "area", "client_group", "service", "format"]
    list_filter = ["client_group", "format", "area", "service"]


@admin.register(Return)
class ReturnAdmin(admin.ModelAdmin):
    list_display = ["metric", "area", "service", "category", "period_start", "period_end", "value", "source"]
    list_filter = ["metric", "area", "service", "period_start"]
    search_fields = ["metric", "source", "note"]
    readonly_fields = ["entered_at", "entered_by", "updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        actions.save_return(entry=obj, by=request.user)
