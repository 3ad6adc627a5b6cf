"""Django's admin app with the audited site as its default (see admin_site.py). A
module of its own: an app config is imported before any model may be."""

from django.contrib.admin.apps import AdminConfig


class AuditedAdminConfig(AdminConfig):
    default_site = "phoihop.audit.admin_site.AuditedAdminSite"
