"""Loading the agency registry from the data files in the repository."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from phoihop.agencies.models import Agency, Province
from phoihop.agencies.signals import registry_changed_on_commit
from phoihop.audit.services import audit_record
from phoihop.core import clock

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class RegistryCounts:
    provinces: int
    agencies: int


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _read(name: str) -> Any:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def registry_load() -> RegistryCounts:
    """Create or update every province and agency from the data files. Idempotent:
    running it again changes nothing unless the files changed."""
    provinces_data = _read("provinces.json")
    agencies_data = _read("agencies.json")
    province_rows = provinces_data["provinces"] + provinces_data.get("former_provinces", [])
    with transaction.atomic():
        provinces = {}
        for row in province_rows:
            provinces[row["code"]], _ = Province.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "kind": row.get("kind", ""),
                    "valid_from": _date(row.get("valid_from")) or dt.date(1976, 7, 2),
                    "valid_to": _date(row.get("valid_to")),
                },
            )
        for row in province_rows:
            if row.get("merged_into"):
                target = provinces[row["merged_into"]]
                Province.objects.filter(pk=provinces[row["code"]].pk).update(merged_into=target)
        agencies = {}
        for row in agencies_data:
            agencies[row["code"]], _ = Agency.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "short_name": row.get("short_name", ""),
                    "kind": row["kind"],
                    "level": row["level"],
                    "province": provinces[row["province"]] if row.get("province") else None,
                    "valid_from": _date(row["valid_from"]),
                    "valid_to": _date(row.get("valid_to")),
                    "letterhead": row.get("letterhead", {}),
                },
            )
        for row in agencies_data:
            if row.get("parent"):
                Agency.objects.filter(pk=agencies[row["code"]].pk).update(
                    parent=agencies[row["parent"]]
                )
        registry_changed_on_commit()  # the updates above send no signal
        audit_record(
            actor=None,
            action="registry.loaded",
            at=clock.now(),
            data={"provinces": len(provinces), "agencies": len(agencies)},
        )
    return RegistryCounts(provinces=len(provinces), agencies=len(agencies))
