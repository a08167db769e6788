"""Django admin for council/: councils and membership are editable; election records are not.

Elections, nominations and everything about voting change only through the services (so the
election log and the freeze rules hold). Ballots, held ballots and receipts are not in the
admin at all: there is nothing an administrator should browse there.
"""

from django.contrib import admin

from council.models import (
    Constituency,
    Council,
    Election,
    ElectionLogEntry,
    Membership,
    Portfolio,
    Representative,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Constituency)
class ConstituencyAdmin(admin.ModelAdmin):
    list_display = ["name", "council", "kind"]
    list_filter = ["council", "kind"]


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ["name", "council", "order"]
    list_filter = ["council"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "constituency", "joined_on", "left_on"]
    list_filter = ["constituency__council"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "constituency"]


@admin.register(Election)
class ElectionAdmin(ReadOnlyAdmin):
    list_display = ["title", "council", "constituency", "status", "seats"]
    list_filter = ["status", "council"]
    list_select_related = ["council", "constituency"]


@admin.register(ElectionLogEntry)
class ElectionLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["election", "seq", "created_at", "action", "actor_label"]
    list_filter = ["action"]


@admin.register(Representative)
class RepresentativeAdmin(ReadOnlyAdmin):
    list_display = ["user", "council", "constituency", "source", "term_start", "stood_down_on"]
    list_select_related = ["user", "council", "constituency"]
