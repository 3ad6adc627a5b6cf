"""The front-end files the pages use, found in node_modules one by one.

npm ships whole distributions (ECharts alone is 51 MB in 22 builds); the pages load
three files. Collecting, hashing and compressing the rest made `make demo`'s
collectstatic take minutes for nothing, so this finder offers exactly the files
listed here, with the source maps their last lines name (the manifest storage checks
those references)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core import checks
from django.core.files.storage import FileSystemStorage

# URL path under STATIC_URL → path under node_modules.
VENDOR_FILES = {
    "vendor/bootstrap/css/bootstrap.min.css": "bootstrap/dist/css/bootstrap.min.css",
    "vendor/bootstrap/css/bootstrap.min.css.map": "bootstrap/dist/css/bootstrap.min.css.map",
    "vendor/bootstrap/js/bootstrap.bundle.min.js": "bootstrap/dist/js/bootstrap.bundle.min.js",
    "vendor/bootstrap/js/bootstrap.bundle.min.js.map": (
        "bootstrap/dist/js/bootstrap.bundle.min.js.map"
    ),
    "vendor/echarts/echarts.min.js": "echarts/dist/echarts.min.js",
    "vendor/tom-select/css/tom-select.bootstrap5.min.css": (
        "tom-select/dist/css/tom-select.bootstrap5.min.css"
    ),
    "vendor/tom-select/css/tom-select.bootstrap5.min.css.map": (
        "tom-select/dist/css/tom-select.bootstrap5.min.css.map"
    ),
    "vendor/tom-select/js/tom-select.complete.min.js": (
        "tom-select/dist/js/tom-select.complete.min.js"
    ),
    "vendor/tom-select/js/tom-select.complete.min.js.map": (
        "tom-select/dist/js/tom-select.complete.min.js.map"
    ),
}


def _node_modules() -> Path:
    return Path(settings.BASE_DIR) / "node_modules"


class VendorFileFinder(BaseFinder):
    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        missing = [p for p in VENDOR_FILES.values() if not (_node_modules() / p).is_file()]
        if not missing:
            return []
        return [
            checks.Warning(
                f"Front-end files missing from node_modules: {', '.join(missing)}",
                hint="Run `npm ci` (make setup does).",
                id="phoihop.W001",
            )
        ]

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        source = VENDOR_FILES.get(path)
        if source is None or not (_node_modules() / source).is_file():
            return [] if find_all else None
        found = str(_node_modules() / source)
        return [found] if find_all else found

    def list(self, ignore_patterns: Any) -> Any:
        for url_path, source in VENDOR_FILES.items():
            file = _node_modules() / source
            if file.is_file():
                storage = FileSystemStorage(location=str(file.parent))
                storage.prefix = str(Path(url_path).parent)
                yield file.name, storage
