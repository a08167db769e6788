"""Fast bulk loading for ``seed_national``: PostgreSQL ``COPY``, or ``bulk_create`` elsewhere.

Rows are plain dicts of column ``attname`` -> value. Fields a row leaves out get their
model default, ``now`` for ``auto_now`` fields, NULL when nullable, or "" for text, so
the seed keeps working when another app adds a field with a default.

On PostgreSQL each table's rows are streamed through ``COPY ... FROM STDIN`` in text format
in chunks (hundreds of thousands of rows a second); Django's foreign keys are
``DEFERRABLE INITIALLY DEFERRED``, so tables can be loaded in any order inside the one
transaction. Ids that other rows point at are given out here (``ids()``) and the identity
sequences are moved past them at the end (``finish()``).
"""

from __future__ import annotations

import contextlib
import io
import json
import time
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from datetime import time as dt_time
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

CHUNK = 50_000


def _copy_text(value: Any) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, (datetime, date, dt_time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (dict, list)):
        value = json.dumps(value)
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


class _Table:
    def __init__(self, loader: Loader, model: type[models.Model]) -> None:
        self.loader = loader
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.rows: list[dict[str, Any]] = []
        self.count = 0
        self.seconds = 0.0

    def _fill(self, field: models.Field, now: datetime) -> Any:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return now
        if field.has_default():
            return field.get_default()
        if field.null:
            return None
        if field.empty_strings_allowed:  # text, file and slug fields
            return ""
        raise ValueError(f"{self.model.__name__}.{field.attname} needs a value")

    def flush(self) -> None:
        if not self.rows:
            return
        started = time.perf_counter()
        rows, self.rows = self.rows, []
        if self.loader.copy:
            self._copy(rows)
        else:
            self.model.objects.bulk_create([self.model(**row) for row in rows], batch_size=500)
        self.count += len(rows)
        self.seconds += time.perf_counter() - started

    def _copy(self, rows: list[dict[str, Any]]) -> None:
        now = self.loader.now
        given = set(rows[0])
        fields = [
            f
            for f in self.fields
            # An id nobody gave is left to the database's identity column.
            if not (f.primary_key and f.attname not in given and isinstance(f, models.AutoField))
        ]
        # What a row that leaves a field out gets (rows may differ in what they give).
        static: dict[str, Any] = {}
        dynamic: dict[str, models.Field] = {}
        for f in fields:
            if f.has_default() and callable(f.default):
                dynamic[f.attname] = f
            else:
                # A field with no fallback must be in every row (a KeyError below says which).
                with contextlib.suppress(ValueError):
                    static[f.attname] = self._fill(f, now)
        buffer = io.StringIO()
        names = [f.attname for f in fields]
        for row in rows:
            values = []
            for name in names:
                if name in row:
                    values.append(row[name])
                elif name in static:
                    values.append(static[name])
                else:
                    values.append(dynamic[name].get_default())
            buffer.write("\t".join(_copy_text(v) for v in values))
            buffer.write("\n")
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)


class Loader:
    """Collects rows per model and writes them in chunks."""

    def __init__(self, *, now: datetime | None = None) -> None:
        self.copy = connection.vendor == "postgresql"
        self.now = now or timezone.now()
        self.tables: dict[type[models.Model], _Table] = {}
        self._next_id: dict[type[models.Model], int] = {}
        self.order: list[type[models.Model]] = []

    def _table(self, model: type[models.Model]) -> _Table:
        if model not in self.tables:
            self.tables[model] = _Table(self, model)
            self.order.append(model)
        return self.tables[model]

    def start(self, *, check_keys: bool = False) -> str:
        """Prepare the transaction for a bulk load; returns how foreign keys are checked.

        Django's foreign keys are checked at COMMIT, which for millions of rows takes far
        longer than the load itself. A superuser (the usual case on a benchmark machine)
        skips the checks for this transaction only: the generator's rows are consistent by
        construction, and ``tests/dashboards/test_seed_national.py`` loads them with every
        check on. Anyone else checks each row as it is copied in.
        """
        if not self.copy:
            return "at commit"
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            superuser = bool(cursor.fetchone()[0])
            if superuser and not check_keys:
                cursor.execute("SET LOCAL session_replication_role = replica")
                return "skipped (superuser, this transaction only)"
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            return "as each row is copied"

    def ids(self, model: type[models.Model], n: int) -> range:
        """``n`` fresh integer ids for ``model``, above any already in the table."""
        if model not in self._next_id:
            self._next_id[model] = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        start = self._next_id[model]
        self._next_id[model] = start + n
        return range(start, start + n)

    def add(self, model: type[models.Model], row: dict[str, Any]) -> None:
        table = self._table(model)
        table.rows.append(row)
        if len(table.rows) >= CHUNK:
            table.flush()

    def add_many(self, model: type[models.Model], rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.add(model, row)

    def flush(self, *models_: type[models.Model]) -> None:
        """Write these models' rows now (before something reads them through the ORM)."""
        for model in models_:
            if model in self.tables:
                self.tables[model].flush()

    def finish(self) -> list[tuple[str, int, float]]:
        """Write what is left, move identity sequences past given ids, report per table."""
        for model in self.order:
            self.tables[model].flush()
        if self.copy:
            with connection.cursor() as cursor:
                for model in self._next_id:
                    table = model._meta.db_table
                    column = model._meta.pk.column
                    # Names come from our own models, never from input.
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, %s), "  # noqa: S608
                        f"(SELECT COALESCE(MAX({connection.ops.quote_name(column)}), 1) "
                        f"FROM {connection.ops.quote_name(table)}))",
                        [connection.ops.quote_name(table), column],
                    )
        return [
            (model._meta.label, self.tables[model].count, self.tables[model].seconds)
            for model in self.order
        ]
