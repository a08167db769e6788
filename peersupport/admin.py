from django.contrib import admin

from peersupport.models import (
    Certificate,
    CertificateRule,
    MentorProfile,
    Occurrence,
    Qualification,
    SessionSeries,
)


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ["name", "required_to_start"]


@admin.register(CertificateRule)
class CertificateRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "every", "role", "is_active"]


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    """Read-only: status changes go through the services so history is kept."""

    list_display = ["user", "status", "review_date"]
    list_filter = ["status"]
    search_fields = ["user__username", "user__display_name"]
    readonly_fields = ["user", "status", "review_date", "certificate_name"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SessionSeries)
class SessionSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "session_type", "rrule", "anchor_date", "start_time", "is_active"]
    list_filter = ["session_type", "is_active"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "status", "place"]
    list_filter = ["session_type", "status"]
    date_hierarchy = "starts_at"

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["name_on_certificate", "recognises", "awarded_on", "revoked_at"]
    search_fields = ["verification_code", "name_on_certificate"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False
