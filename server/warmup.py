"""Import the heavy stack before serving and move it out of the garbage collector's way."""

from __future__ import annotations

import gc
import importlib
import logging
import pkgutil
import time

_LOGGER = logging.getLogger("kernekompas.server")

# Third-party modules every screen needs; importing them in the first user's rerun would make
# that rerun slow and leave their objects unfrozen.
THIRD_PARTY = ("pandas", "altair", "sqlalchemy", "sqlmodel", "psycopg", "babel.numbers", "pydantic")
# The app's own packages, walked so that a new or renamed module needs no change here.
OWN_PACKAGES = ("assessment", "storage", "report", "ui")


def import_heavy_modules() -> list[str]:
    imported = []
    for name in THIRD_PARTY:
        importlib.import_module(name)
        imported.append(name)
    for package_name in OWN_PACKAGES:
        package = importlib.import_module(package_name)
        imported.append(package_name)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if module.name.endswith("__main__"):
                continue
            importlib.import_module(module.name)
            imported.append(module.name)
    return imported


def warm_up_and_freeze() -> None:
    """Import everything, collect once, then freeze: the survivors (modules, classes, pandas'
    and Altair's tables, several hundred thousand objects) go to the permanent generation, and a
    full collection afterwards only walks what the sessions made (see bench/RESULTS-server.md)."""
    started = time.perf_counter()
    modules = import_heavy_modules()
    gc.collect()
    gc.freeze()
    _LOGGER.info(
        "warm-up modules=%d frozen_objects=%d ms=%.0f",
        len(modules),
        gc.get_freeze_count(),
        (time.perf_counter() - started) * 1000,
    )
