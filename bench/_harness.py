"""What every bench script starts with: the project on ``sys.path``, settings, ``django.setup``,
the database to use, and the small timing and printing helpers (issue 15).

A bench script is run as ``python bench/<script>.py``, so this directory is on ``sys.path``
and it starts::

    import _harness

    _harness.setup()  # or setup("config.settings.test") for a throwaway test database

    from django.db import connection  # Django imports after setup

The settings default to ``config.settings.local`` (the database ``DATABASE_URL`` names);
scripts that make their own throwaway database use ``config.settings.test`` and
``throwaway_database()``. ``DJANGO_SETTINGS_MODULE`` in the environment always wins.
Scripts print figures and never fail on time; their last line is the headline.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def setup(settings: str = "config.settings.local", *, debug: bool | None = None) -> None:
    """Put the project on ``sys.path``, choose the settings and start Django.

    ``debug=False`` runs with DEBUG off (unless ``DJANGO_DEBUG`` is set), as the page
    timings must: DEBUG keeps every query in memory and renders slower error pages.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    if debug is not None:
        os.environ.setdefault("DJANGO_DEBUG", "true" if debug else "false")
    import django

    django.setup()


def say(text: str) -> None:
    """Print one line at once (figures appear as they are measured, even through a pipe)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def database() -> str:
    """``postgresql my_db`` or ``sqlite ...``: which database the figures come from."""
    from django.db import connection

    return f"{connection.vendor} {connection.settings_dict['NAME']}"


def require_postgresql(script: str) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        say(f"{script} needs PostgreSQL: set DATABASE_URL=postgres://...")
        sys.exit(2)


@contextmanager
def throwaway_database(*, keep: bool = False) -> Iterator[str]:
    """A fresh, migrated test database for the length of the ``with`` block (its name).

    Dropped afterwards unless ``keep``; the test settings name it, so it is never the
    database ``DATABASE_URL`` names.
    """
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        yield str(connection.settings_dict["NAME"])
    finally:
        if keep:
            say(f"kept database {connection.settings_dict['NAME']}")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


@dataclass
class Timing:
    ms: float
    queries: int
    result: Any
    cpu_ms: float


def measure(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Timing:
    """Call ``func`` once: wall and CPU time (this process, every thread) and query count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        result = func(*args, **kwargs)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return Timing(ms=elapsed * 1000, queries=len(queries), result=result, cpu_ms=cpu * 1000)


def timed(label: str, func: Callable[..., Any], *args: Any, width: int = 48, **kwargs: Any) -> Any:
    """Measure ``func`` and print ``label  [status]  ms  queries``; returns its result."""
    timing = measure(func, *args, **kwargs)
    status = getattr(timing.result, "status_code", None)
    shown = f" {status:>4}" if status is not None else ""
    say(f"{label:<{width}}{shown} {timing.ms:9.1f} ms {timing.queries:6d} queries")
    return timing.result
