"""Run work in threads released at the same moment, for tests of races on PostgreSQL.

Each thread uses (and closes) its own database connection, so the database sees truly
concurrent transactions; use with ``django_db(transaction=True)``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

from django.db import connection


def race(targets: Sequence[Callable[[], Any]]) -> list[Any]:
    """Start every target together; return what each returned, or the exception it raised
    (in the order they finished)."""
    barrier = threading.Barrier(len(targets))
    outcomes: list[Any] = []
    lock = threading.Lock()

    def run(target: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            outcome: Any = target()
        except Exception as exc:  # collected and checked by the test
            outcome = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def race_each(
    target: Callable[..., Any], args_list: Iterable[tuple]
) -> tuple[list[Any], list[Exception]]:
    """``target(*args)`` for each ``args`` together; (results, exceptions)."""
    outcomes = race([partial(target, *args) for args in args_list])
    errors = [o for o in outcomes if isinstance(o, Exception)]
    return [o for o in outcomes if not isinstance(o, Exception)], errors
