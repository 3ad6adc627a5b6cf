from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "phoihop.audit"
    label = "audit"
