"""Opening the sealed box at close: every held ballot is opened and written, shuffled, into the
counted box, and the receipt hashes apart, in another random order.

Why, and what it defends against: the threat model in ``council/services/ballots.py`` (point 4,
"Opening").
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar, cast

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils.translation import gettext as _

from council import sealing
from council.models import Ballot, Election, HeldBallot, Receipt

_BULK = 2000
_T = TypeVar("_T")


def _shuffled(items: list[_T]) -> list[_T]:
    """``items`` in a uniformly random order, from the operating system's CSPRNG.

    Each item gets a random 64-bit key from one ``os.urandom`` call and the items are sorted
    by it (independent uniform keys give a uniform permutation; two equal keys among 100,000
    items happen about once in 10^10 closes and only keep those two in their old order).
    ``secrets.SystemRandom().shuffle`` gives the same, but reads the CSPRNG once per item:
    about 0.5 s for 100,000 ballots against 0.05 s.
    """
    if len(items) < 2:
        return list(items)
    keys = memoryview(os.urandom(8 * len(items))).cast("Q")
    return [items[i] for i in sorted(range(len(items)), key=keys.__getitem__)]


def box_rankings(*, election: Election) -> list[list[int]]:
    """Every ranking in the counted box (in no particular order)."""
    if connection.vendor == "postgresql":
        # One JSON document for the whole box, parsed once, instead of one per row.
        table = connection.ops.quote_name(Ballot._meta.db_table)
        with connection.cursor() as cursor:
            # The table name comes from the model, never from input.
            cursor.execute(
                f"SELECT coalesce(jsonb_agg(ranking), '[]')::text FROM {table} "  # noqa: S608
                "WHERE election_id = %s",
                [election.pk],
            )
            row = cursor.fetchone()
        return cast("list[list[int]]", json.loads(row[0] if row else "[]"))
    return list(
        Ballot.objects.filter(election=election)
        .values_list("ranking", flat=True)
        .iterator(chunk_size=5000)
    )


def ballot_box_seal(
    *, election: Election, progress: Callable[[float], object] | None = None
) -> int:
    """Open every held ballot and rewrite the counted box (and receipts) in random order.

    Runs inside the closing (or counting) transaction, which holds the election row locked
    (``select_for_update``), so no ballot can be cast or entered until it ends. The held
    ballots are opened in a random order (``_shuffled``, the operating system's CSPRNG) and
    their rankings are written in that order as fresh rows with fresh random keys; the
    receipt hashes are shuffled again, with their own permutation, so that a receipt's
    position says nothing about a ballot's. If the counted box already held ballots (paper
    ballots entered after close, opened by the count), old and new rankings are shuffled
    together before any is written. The sealed rows are deleted. Afterwards every ballot of
    the election has the same ``xmin``, a fresh random key and a random physical position.
    Refused, changing nothing, if the ballot key is not the one the ballots were sealed
    with. Returns the number of ballots in the box. ``progress``, if given, is told the
    share (0 to 1) of held ballots opened so far.

    For speed at 100,000 ballots (issue 19): the held rows are read and deleted by one
    statement (``_take_held``); one thread opens each ``sealing.CHUNK`` of boxes with the
    election's key while this thread writes the chunk before (the database server works on
    another CPU meanwhile, and its driver releases the GIL while it waits); on PostgreSQL
    each chunk of rankings, and then all the receipts, are written by one ``INSERT`` from a
    JSON array.
    """
    held = _shuffled(_take_held(election))
    rankings = box_rankings(election=election)
    codes = list(Receipt.objects.filter(election=election).values_list("code_hash", flat=True))
    Ballot.objects.filter(election=election).delete()
    Receipt.objects.filter(election=election).delete()
    # Written as opened only into an empty box: the held order is already random.
    mix_first = bool(rankings)
    total = len(rankings)
    if held:
        open_chunk = sealing.chunk_opener(
            scheme=election.ballot_seal,
            election_id=election.pk,
            salt=election.ballot_key_salt,
            public_key=election.ballot_public_key,
        )
        chunks = [held[i : i + sealing.CHUNK] for i in range(0, len(held), sealing.CHUNK)]
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="unseal")
        try:
            _foreign_keys_checked_now(True)
            for done, opened in enumerate(pool.map(open_chunk, chunks), start=1):
                new = [ranking for ranking, _code in opened]
                codes.extend(code for _ranking, code in opened if code)
                total += len(new)
                if mix_first:
                    rankings.extend(new)
                else:
                    _write_ballots(election, new)
                if progress:
                    progress(done / len(chunks))
        finally:
            # After a damaged box, or an error here, do not go on opening the rest.
            pool.shutdown(wait=True, cancel_futures=True)
    if mix_first:
        _write_ballots(election, _shuffled(rankings))
    _write_receipts(election, _shuffled(codes))
    _foreign_keys_checked_now(False)
    return total


def _foreign_keys_checked_now(now: bool) -> None:
    """On PostgreSQL, check the foreign keys at the end of each statement (``now``) or,
    as Django declares them, at commit (every deferrable constraint of this project is
    ``INITIALLY DEFERRED``).

    The same checks either way, one per row written; made at each chunk's ``INSERT``, the
    ballots' checks run while the other thread opens the next chunk, instead of all at
    once at commit with nothing else to do (about 0.5 s of the database's CPU for 100,000
    ballots).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS ALL {'IMMEDIATE' if now else 'DEFERRED'}")


def _take_held(election: Election) -> list[bytes]:
    """Every held ballot of ``election``, deleted. The caller holds the election row locked,
    so none can be added meanwhile."""
    if connection.vendor == "postgresql":
        # One statement reads and deletes them, and the boxes come back as one value (with
        # their lengths: two aggregates of one query see the rows in the same order)
        # instead of 100,000 rows to convert one by one.
        table = connection.ops.quote_name(HeldBallot._meta.db_table)
        with connection.cursor() as cursor:
            # The table name comes from the model, never from input.
            cursor.execute(
                f"WITH gone AS (DELETE FROM {table} WHERE election_id = %s "  # noqa: S608
                "RETURNING sealed) "
                "SELECT string_agg(sealed, ''::bytea), array_agg(length(sealed)) FROM gone",
                [election.pk],
            )
            row = cursor.fetchone()
        if row is None or row[0] is None:
            return []
        blob, lengths = bytes(row[0]), row[1]
        boxes, start = [], 0
        for length in lengths:
            boxes.append(blob[start : start + length])
            start += length
        return boxes
    held = [
        bytes(b)
        for b in HeldBallot.objects.filter(election=election).values_list("sealed", flat=True)
    ]
    deleted, _by_model = HeldBallot.objects.filter(election=election).delete()
    if deleted != len(held):
        raise ValidationError(_("The ballot box changed while it was being sealed. Try again."))
    return held


def _write_ballots(election: Election, rankings: list[list[int]]) -> None:
    if connection.vendor == "postgresql":
        # One INSERT from one JSON array, in the order given: the same rows as bulk_create
        # (fresh random ids, this transaction) in a fraction of the time.
        _insert_in_order(Ballot, election, "ranking", rankings, "jsonb_array_elements")
    else:
        Ballot.objects.bulk_create(
            [Ballot(election=election, ranking=r) for r in rankings], batch_size=_BULK
        )


def _write_receipts(election: Election, codes: list[str]) -> None:
    if connection.vendor == "postgresql":
        _insert_in_order(Receipt, election, "code_hash", codes, "jsonb_array_elements_text")
    else:
        Receipt.objects.bulk_create(
            [Receipt(election=election, code_hash=c) for c in codes], batch_size=_BULK
        )


def _insert_in_order(
    model: type[Ballot] | type[Receipt],
    election: Election,
    column: str,
    values: Sequence[object],
    elements: str,
) -> None:
    if not values:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    field = model._meta.get_field(column)
    # A concrete column, not a reverse relation: its column name is never None.
    assert isinstance(field, models.Field) and field.column is not None
    column = connection.ops.quote_name(field.column)
    assert elements in ("jsonb_array_elements", "jsonb_array_elements_text")
    with connection.cursor() as cursor:
        # Table, column and function names come from the code, never from input.
        cursor.execute(
            f"INSERT INTO {table} (id, election_id, {column}) "  # noqa: S608
            f"SELECT gen_random_uuid(), %s, v FROM {elements}(%s::jsonb) "
            "WITH ORDINALITY AS t(v, n) ORDER BY n",
            [election.pk, json.dumps(values, separators=(",", ":"))],
        )
