"""A change to the registry (a province or an agency added, renamed, merged, closed, by
any path that saves a record: the registry's load, the admin) gives it a new generation
once its transaction commits, so the option lists kept under the old one are not shown
again (``core/option_lists.py``). ``registry_load``'s bulk updates do it themselves."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from phoihop.agencies.models import Agency, Province
from phoihop.core.option_lists import registry_changed


def registry_changed_on_commit() -> None:
    """Once per transaction, however many records it saves (the registry's load saves
    a thousand)."""
    if any(waiting[1] is registry_changed for waiting in connection.run_on_commit):
        return
    transaction.on_commit(registry_changed)


@receiver(post_save, sender=Agency)
@receiver(post_save, sender=Province)
@receiver(post_delete, sender=Agency)
@receiver(post_delete, sender=Province)
def _registry_saved(**_kwargs: Any) -> None:
    registry_changed_on_commit()
