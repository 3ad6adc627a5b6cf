"""Requests written before ``moved_at`` existed: their last save is the best record of
when they entered their status (nothing but a move saves a request)."""

from django.db import migrations
from django.db.models import F


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Request = apps.get_model("coordination", "Request")
    Request.objects.filter(moved_at__isnull=True).update(moved_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [("coordination", "0002_inbox_changes")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
