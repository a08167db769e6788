from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from users.models import DeletionRequest, InviteSlip, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "email", "is_active", "date_joined")
    search_fields = ("username", "display_name", "email")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Portal", {"fields": ("display_name", "phone", "deletion_requested_at")}),
    )


@admin.register(InviteSlip)
class InviteSlipAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "expires_at", "claimed_at", "revoked_at")
    readonly_fields = ("user", "code_hash", "created_by", "expires_at", "claimed_at", "revoked_at")
    list_select_related = ("user",)


@admin.register(DeletionRequest)
class DeletionRequestAdmin(admin.ModelAdmin):
    list_display = ("user", "status", "created_at", "handled_at")
    list_select_related = ("user",)
