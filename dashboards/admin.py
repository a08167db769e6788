from django.contrib import admin

from dashboards.models import CaseloadFigure, Snapshot


@admin.register(CaseloadFigure)
class CaseloadFigureAdmin(admin.ModelAdmin):
    """Caseload figures are normally entered on the dashboards' caseload page, which checks
    them against each other and writes the audit log; the admin is for corrections."""

    list_display = ("council", "dimension", "category", "constituency", "count", "as_of")
    list_filter = ("council", "dimension")
    raw_id_fields = ("entered_by",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    """Read-only: snapshots are counted by the periodic job or the dashboard itself."""

    list_display = ("scope", "date_from", "date_to", "computed_at", "seconds")
    list_filter = ("scope",)
    readonly_fields = ("scope", "date_from", "date_to", "computed_at", "seconds", "data")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
