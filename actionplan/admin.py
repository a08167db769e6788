from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from actionplan.models import Action, ActionSource, ActionUpdate, Milestone, Objective, Plan


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "starts_on", "ends_on")
    search_fields = ("title",)


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ("plan", "number", "title", "term", "recommendation")
    list_select_related = ("plan",)


class _ReadOnly:
    """Shown, never changed here: the portal's pages validate, keep history, audit and
    notify; the admin would skip all four."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Action)
class ActionAdmin(_ReadOnly, SimpleHistoryAdmin):
    list_display = ("title", "status", "progress", "due_on", "is_public")
    list_filter = ("status", "theme", "is_public")
    search_fields = ("title",)
    raw_id_fields = ("objective", "owner", "champion", "created_by")


@admin.register(Milestone)
class MilestoneAdmin(_ReadOnly, SimpleHistoryAdmin):
    list_display = ("title", "action", "due_on", "done_on")
    raw_id_fields = ("action",)


@admin.register(ActionUpdate)
class ActionUpdateAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("action", "happened_on", "status_after", "progress_after")
    raw_id_fields = ("action", "author")


@admin.register(ActionSource)
class ActionSourceAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("action", "kind", "ref_model", "ref_id", "count")
    raw_id_fields = ("action", "added_by")
