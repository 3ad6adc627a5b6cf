"""The admin site, with every change it makes in the audit trail.

Django's admin keeps its own history (LogEntry), which an administrator can edit
away with a database client; here each addition, change and deletion is also an
audit entry, written in the admin's own transaction, so a change whose entry cannot
be written does not happen. Every model admin registered — ours and those of
django-otp and django-axes — gets this, without each one remembering to."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from phoihop.audit.services import audit_record
from phoihop.core.clock import now


class AuditedModelAdmin(admin.ModelAdmin):
    def _audit(self, request: Any, obj: Any, flag: str, message: Any) -> None:
        audit_record(
            actor=request.user,
            action="admin.changed",
            at=now(),
            target=obj,
            data={
                "model": obj._meta.label,
                "object": str(obj)[:200],
                "flag": flag,
                "message": str(message)[:2000],
            },
        )

    def log_addition(self, request: Any, obj: Any, message: Any) -> Any:
        self._audit(request, obj, "added", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: Any, obj: Any, message: Any) -> Any:
        self._audit(request, obj, "changed", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: Any, queryset: Any) -> Any:
        for obj in queryset:
            self._audit(request, obj, "deleted", "")
        return super().log_deletions(request, queryset)


class AuditedAdminSite(admin.AdminSite):
    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, AuditedModelAdmin):
            base = type(f"Audited{base.__name__}", (AuditedModelAdmin, base), {})
        super().register(model_or_iterable, base, **options)
