from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReportsConfig(AppConfig):
    name = "phoihop.reports"
    label = "reports"

    def ready(self) -> None:
        post_migrate.connect(_tallies_after_migrate, sender=self, dispatch_uid="tallies")


def _tallies_after_migrate(**kwargs: Any) -> None:
    """A database upgraded to the tallies, or restored without them, gets them made
    from its record once every migration has run (the code then matches the schema)."""
    from phoihop.reports.tallies import tallies_missing, tallies_rebuild

    if tallies_missing():
        tallies_rebuild()
