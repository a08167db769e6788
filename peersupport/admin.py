from django.contrib import admin

from peersupport.models import (
    Area,
    Certificate,
    CertificateRule,
    ExperienceTopic,
    Language,
    MentorProfile,
    MileageRate,
    Occurrence,
    Qualification,
    SessionSeries,
    ShiftPattern,
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


# --- Issue 7: reference lists staff may extend. Safeguarding concerns, contact logs and
# claims are deliberately not here: their pages check access and audit every view.


@admin.register(Language, Area, ExperienceTopic)
class MatchingListAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Requests and profiles point at these; rename instead of deleting.
        return False


@admin.register(ShiftPattern)
class ShiftPatternAdmin(admin.ModelAdmin):
    """Read-only: changes go through the service so future shifts follow."""

    list_display = ["title", "rrule", "start_time", "mentors_needed", "is_active"]
    list_filter = ["is_active"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MileageRate)
class MileageRateAdmin(admin.ModelAdmin):
    """Read-only: rates are set on the staff page, which records who set them."""

    list_display = ["mode", "pence_per_mile", "effective_from", "set_by"]
    list_filter = ["mode"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
