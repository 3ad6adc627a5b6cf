from django.contrib import admin

from phoihop.cases.models import AssetAction, Case, CaseEvent, Person


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class EventInline(ReadOnlyInline):
    model = CaseEvent
    fields = ["sequence", "type", "date", "agency", "doc_number", "entered_by", "entered_at"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Inspection only: every change goes through the services, so the stage,
    clocks and audit trail stay consistent."""

    list_display = ["id", "title", "province", "stage", "classification", "monitoring"]
    list_filter = ["stage", "classification", "monitoring", "province"]
    search_fields = ["title", "national_code"]
    inlines = [EventInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Person, AssetAction)
class ReadOnlyRecordAdmin(admin.ModelAdmin):
    """Persons and asset actions change through the case pages (versioned, audited)."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
