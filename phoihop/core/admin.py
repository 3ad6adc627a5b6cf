from django.contrib import admin
from django.db import transaction

from phoihop.audit.services import audit_record
from phoihop.core.clock import now
from phoihop.core.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """A rest or working day moves statutory deadlines: every change is audited, and
    the clocks follow at the next `phoihop clocks refresh` / nightly sweep."""

    list_display = ["date", "kind", "reason", "source"]
    list_filter = ["kind"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action="calendar.changed",
                at=now(),
                target=obj,
                data={"date": obj.date.isoformat(), "kind": obj.kind, "reason": obj.reason},
            )

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action="calendar.changed",
                at=now(),
                target=obj,
                data={"date": obj.date.isoformat(), "deleted": True},
            )
            super().delete_model(request, obj)
