from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import AuditEvent, Notification


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor_label", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_id", "object_label")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DeliveryFilter(admin.SimpleListFilter):
    """The outbox at a glance: what could not be sent, and what is still waiting."""

    title = _("delivery")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [
            ("failed", _("Could not be sent (e-mail or text)")),
            ("waiting", _("Still waiting to be sent")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(Q(email_status="failed") | Q(sms_status="failed"))
        if self.value() == "waiting":
            return queryset.filter(Q(email_status="queued") | Q(sms_status="queued"))
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "user",
        "kind",
        "subject",
        "email_status",
        "sms_status",
        "attempts",
        "last_error",
    )
    list_select_related = ("user",)
    list_filter = (DeliveryFilter, "email_status", "sms_status", "kind")
    readonly_fields = ("reference", "attempts", "claimed_until", "next_attempt_at", "last_error")
