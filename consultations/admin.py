"""Administration: consultations' settings only.

Submissions, answers and the anonymous "may still answer" rows are deliberately not
registered: answers are read through the staff pages, which never show who wrote them, and
nothing in the admin should offer a way to line answers up with people.
"""

from django.contrib import admin

from consultations.models import AccessCodeBatch, Consultation, Question


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ("position", "kind", "text", "required")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "anonymity", "audience", "opens_at", "closes_at")
    list_filter = ("status", "anonymity", "audience")
    search_fields = ("title",)
    inlines = [QuestionInline]

    # Read-only: changes go through the staff pages, so consent texts are versioned and
    # every change is audited.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessCodeBatch)
class AccessCodeBatchAdmin(admin.ModelAdmin):
    list_display = ("label", "consultation", "size", "created_at")
    list_select_related = ("consultation",)
    readonly_fields = ("consultation", "label", "size", "created_by", "created_at")

    def has_add_permission(self, request) -> bool:
        return False


# --- Coding: codebooks (to look at) and lead coders (to add). Never codings or answers. ------

from consultations.coding.models import Code, Codebook, CodingLead  # noqa: E402


class CodeInline(admin.TabularInline):
    model = Code
    fields = ("position", "name", "parent", "is_codable", "colour", "is_active")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Codebook)
class CodebookAdmin(admin.ModelAdmin):
    list_display = ("name", "consultation", "origin", "created_at")
    search_fields = ("name",)
    list_select_related = ("consultation",)
    readonly_fields = ("name", "description", "consultation", "origin", "created_by")
    inlines = [CodeInline]

    # Codebooks change through the staff pages, which keep the audit trail.
    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CodingLead)
class CodingLeadAdmin(admin.ModelAdmin):
    list_display = ("consultation", "user", "created_at")
    list_select_related = ("consultation", "user")
    raw_id_fields = ("consultation", "user")
    exclude = ("added_by",)
