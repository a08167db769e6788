"""Sealing held ballots: each election's key pair, derived from a secret outside the database.

While voting is open a cast ballot is stored only as a libsodium sealed box
(``nacl.public.SealedBox``: X25519 + XSalsa20-Poly1305, anonymous sender) made with the
election's *public* key. Only the public key (hex) and a random salt are stored on the
election. The private key is never stored anywhere: it is derived again when the box is
opened at close, from

    BLAKE2b(key = BLAKE2b(PORTAL_BALLOT_KEY), person = "council-ballot",
            data = "<election id>:<salt>")

``PORTAL_BALLOT_KEY`` (``settings.BALLOT_KEY``) lives in the web server's environment, like
``MFA_ENCRYPTION_KEYS`` and ``PORTAL_PSEUDONYM_KEY``. See ``council/services/ballots.py`` for
why this and not a key the returning officer unlocks.

What goes inside the box is the ranking *and* the receipt hash, padded with spaces to one
length for the whole election, so that neither the content nor the length of a sealed
ballot says anything about how someone voted (a ballot ranking one candidate would
otherwise be shorter than one ranking five).

This module is imported by migration ``0004_sealed_ballots``: keep its functions' behaviour
stable (changing the derivation would make sealed ballots impossible to open).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _
from nacl.bindings import crypto_box_seal_open
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

PERSON = b"council-ballot"
_PAD_TO = 64


def master_key() -> bytes:
    key = getattr(settings, "BALLOT_KEY", "")
    if not key:
        raise ImproperlyConfigured(
            "Set PORTAL_BALLOT_KEY: elections need it to seal and open ballots."
        )
    return hashlib.blake2b(key.encode(), digest_size=64).digest()


def new_salt() -> str:
    return secrets.token_hex(16)


def private_key(*, election_id: int, salt: str) -> PrivateKey:
    seed = hashlib.blake2b(
        f"{election_id}:{salt}".encode(), key=master_key(), person=PERSON, digest_size=32
    ).digest()
    return PrivateKey.from_seed(seed)


def public_key_hex(*, election_id: int, salt: str) -> str:
    return bytes(private_key(election_id=election_id, salt=salt).public_key).hex()


def sealed_size(candidate_ids: Iterable[int]) -> int:
    """The padded length of every ballot in an election: room for every candidate ranked
    (all orders of the same ids have the same length) and a receipt hash."""
    longest = _payload(sorted(candidate_ids), "0" * 64)
    return -(-len(longest) // _PAD_TO) * _PAD_TO


def _payload(ranking: Sequence[int], receipt_hash: str) -> bytes:
    return json.dumps({"r": list(ranking), "h": receipt_hash}, separators=(",", ":")).encode()


def seal(*, public_key: str, ranking: Sequence[int], receipt_hash: str, size: int) -> bytes:
    if not public_key:
        raise ValidationError(
            _("This election has no ballot key, so no ballot can be stored. Nothing was changed."),
            code="ballot_key",
        )
    data = _payload(ranking, receipt_hash)
    data += b" " * max(0, -(-len(data) // _PAD_TO) * _PAD_TO - len(data))
    data += b" " * max(0, size - len(data))
    return SealedBox(PublicKey(bytes.fromhex(public_key))).encrypt(data)


def _checked_key(*, election_id: int, salt: str, public_key: str) -> PrivateKey:
    key = private_key(election_id=election_id, salt=salt)
    if bytes(key.public_key).hex() != public_key:
        raise ValidationError(
            _(
                "The ballot box cannot be opened: the server's ballot key (PORTAL_BALLOT_KEY) is "
                "not the one this election's ballots were sealed with. Nothing was changed. Ask "
                "the administrator to restore the original key, then try again."
            ),
            code="ballot_key",
        )
    return key


def opener(*, election_id: int, salt: str, public_key: str) -> SealedBox:
    """The box that opens this election's ballots, after checking the key is the right one."""
    return SealedBox(_checked_key(election_id=election_id, salt=salt, public_key=public_key))


def unseal(box: SealedBox, sealed: bytes) -> tuple[list[int], str]:
    data = json.loads(box.decrypt(bytes(sealed)).decode())
    return [int(c) for c in data["r"]], str(data["h"])


# Ballots opened per task handed to a thread: small enough for a smooth progress bar.
CHUNK = 2000


def _workers() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


@contextmanager
def opening(
    *, election_id: int, salt: str, public_key: str, sealed: Sequence[bytes]
) -> Iterator[Iterator[list[tuple[list[int], str]]]]:
    """Open many ballots of one election: ``unseal`` for each, ``CHUNK`` at a time.

    Gives an iterator of the opened chunks, in the order given. Opening is one X25519
    multiplication per ballot (each box has its own ephemeral key), so it is CPU-bound: all
    the chunks are handed at once to a few threads, which start at once. libsodium is called
    through cffi, which releases the GIL around the call, so the threads use every CPU, and
    the caller can meanwhile talk to the database (its driver releases the GIL while it
    waits). Nothing but the boxes and the key goes to the threads (no database work).
    Refused, opening nothing, if the server's key is not the one the ballots were sealed
    with; a damaged box stops the opening with a ``ValidationError``.
    """
    key = _checked_key(election_id=election_id, salt=salt, public_key=public_key)
    secret, public = bytes(key), bytes(key.public_key)
    chunks = [sealed[start : start + CHUNK] for start in range(0, len(sealed), CHUNK)]

    def open_chunk(boxes: Sequence[bytes]) -> list[tuple[list[int], str]]:
        opened = []
        for box in boxes:
            try:
                data = json.loads(crypto_box_seal_open(bytes(box), public, secret))
            except CryptoError:
                raise ValidationError(
                    _("A sealed ballot could not be opened. Nothing was changed."),
                    code="ballot_damaged",
                ) from None
            opened.append(([int(c) for c in data["r"]], str(data["h"])))
        return opened

    pool = ThreadPoolExecutor(max_workers=_workers(), thread_name_prefix="unseal")
    try:
        yield pool.map(open_chunk, chunks)
    finally:
        # After a damaged box, or an error of the caller's, do not go on opening the rest.
        pool.shutdown(wait=True, cancel_futures=True)


def unseal_all(
    *,
    election_id: int,
    salt: str,
    public_key: str,
    sealed: Sequence[bytes],
    progress: Callable[[float], object] | None = None,
) -> list[tuple[list[int], str]]:
    """Every ballot opened (``opening``), in the order given, as one list. ``progress``, if
    given, is told the share opened so far, from the calling thread."""
    result: list[tuple[list[int], str]] = []
    chunks = -(-len(sealed) // CHUNK)
    with opening(election_id=election_id, salt=salt, public_key=public_key, sealed=sealed) as got:
        for done, opened in enumerate(got, start=1):
            result.extend(opened)
            if progress:
                progress(done / chunks)
    return result
