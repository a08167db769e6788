"""Sealing held ballots: each election's keys, derived from a secret outside the database.

While voting is open a cast ballot is stored only as a sealed box. Two formats exist; the
election's ``ballot_seal`` (set when voting opens, never changed afterwards) says which one
all of its boxes use, so a box is never guessed at from its bytes:

``AEAD`` (elections opened since issue 19)
    XChaCha20-Poly1305 (libsodium's IETF AEAD) with a per-election symmetric key,
    ``nonce (24 random bytes) || ciphertext || tag``, the election id as associated data.
    The key is

        BLAKE2b(key = BLAKE2b(PORTAL_BALLOT_KEY), person = "council-aead-key",
                data = "<election id>:<salt>")

    A box copied from another election, changed by a single bit, or sealed under another
    ``PORTAL_BALLOT_KEY`` does not open.

``SEALED_BOX`` (elections opened before it)
    ``nacl.public.SealedBox`` (X25519 + XSalsa20-Poly1305, anonymous sender) made with the
    election's public key, whose private key is derived as above with person
    ``"council-ballot"``. Kept so that boxes held when the portal was upgraded still open at
    close; migration ``0004_sealed_ballots`` and ``0008_election_ballot_seal`` use it.

Why a symmetric key is enough (the lead's decision, issue 19): the threat is a reader of
the database without the server's environment (``council/services/ballots.py``). The
public-key seal let the web server seal without the private key, but the same server holds
``PORTAL_BALLOT_KEY`` and can derive that private key at any moment, so it bought no
protection the symmetric seal lacks; it cost one X25519 multiplication per ballot at close
(about 5 s of CPU for 100,000 ballots, against well under 1 s now). Both keys come from the
same secret, the election id and a random salt stored on the election; neither key is ever
stored. The election's X25519 public key is still stored for every election: it is how a
changed ``PORTAL_BALLOT_KEY`` is noticed (the derived public key no longer matches), before
a ballot is sealed or opened with the wrong key.

What goes inside the box is the ranking *and* the receipt hash, padded with spaces to one
length for the whole election, so that neither the content nor the length of a sealed
ballot says anything about how someone voted (a ballot ranking one candidate would
otherwise be shorter than one ranking five). Both formats pad the same way.

This module is imported by migrations ``0004_sealed_ballots`` and
``0008_election_ballot_seal``: keep its functions' behaviour stable (changing a derivation
would make sealed ballots impossible to open).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _
from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
    crypto_box_seal_open,
)
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

# The values of ``Election.ballot_seal``.
SEALED_BOX = "sealed_box"
AEAD = "aead"

PERSON = b"council-ballot"
AEAD_PERSON = b"council-aead-key"
NONCE = 24
_PAD_TO = 64

Sealer = Callable[[Sequence[int], str], bytes]


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


def aead_key(*, election_id: int, salt: str) -> bytes:
    """The election's XChaCha20-Poly1305 key: like the X25519 seed, with its own ``person``,
    so the two keys are unrelated."""
    return hashlib.blake2b(
        f"{election_id}:{salt}".encode(), key=master_key(), person=AEAD_PERSON, digest_size=32
    ).digest()


def _associated_data(election_id: int) -> bytes:
    return f"council-ballot:{election_id}".encode()


def sealed_size(candidate_ids: Iterable[int]) -> int:
    """The padded length of every ballot in an election: room for every candidate ranked
    (all orders of the same ids have the same length) and a receipt hash."""
    longest = _payload(sorted(candidate_ids), "0" * 64)
    return -(-len(longest) // _PAD_TO) * _PAD_TO


def _payload(ranking: Sequence[int], receipt_hash: str) -> bytes:
    return json.dumps({"r": list(ranking), "h": receipt_hash}, separators=(",", ":")).encode()


def _padded(ranking: Sequence[int], receipt_hash: str, size: int) -> bytes:
    data = _payload(ranking, receipt_hash)
    data += b" " * max(0, -(-len(data) // _PAD_TO) * _PAD_TO - len(data))
    return data + b" " * max(0, size - len(data))


def _no_key() -> ValidationError:
    return ValidationError(
        _("This election has no ballot key, so no ballot can be stored. Nothing was changed."),
        code="ballot_key",
    )


def seal(*, public_key: str, ranking: Sequence[int], receipt_hash: str, size: int) -> bytes:
    """A ``SEALED_BOX`` ballot (the format of elections opened before issue 19)."""
    if not public_key:
        raise _no_key()
    data = _padded(ranking, receipt_hash, size)
    return SealedBox(PublicKey(bytes.fromhex(public_key))).encrypt(data)


def seal_aead(
    *, key: bytes, election_id: int, ranking: Sequence[int], receipt_hash: str, size: int
) -> bytes:
    """An ``AEAD`` ballot: a random nonce, then the padded payload encrypted with ``key``
    and bound to the election by the associated data."""
    nonce = os.urandom(NONCE)
    data = _padded(ranking, receipt_hash, size)
    return nonce + crypto_aead_xchacha20poly1305_ietf_encrypt(
        data, _associated_data(election_id), nonce, key
    )


def _key_matches(*, election_id: int, salt: str, public_key: str) -> bool:
    return public_key_hex(election_id=election_id, salt=salt) == public_key


def sealer(*, scheme: str, election_id: int, salt: str, public_key: str, size: int) -> Sealer:
    """What seals this election's ballots, ``(ranking, receipt_hash) -> bytes``, in its
    format. Refused if the election has no key, or (``AEAD``, which needs the secret to
    seal) if the server's ``PORTAL_BALLOT_KEY`` is not the one voting was opened with: a
    ballot sealed with another key could never be opened with the right one."""
    if not public_key or not salt:
        raise _no_key()
    if scheme == SEALED_BOX:
        return lambda ranking, receipt_hash: seal(
            public_key=public_key, ranking=ranking, receipt_hash=receipt_hash, size=size
        )
    if scheme != AEAD:
        raise ValueError(f"unknown ballot seal {scheme!r}")
    if not _key_matches(election_id=election_id, salt=salt, public_key=public_key):
        raise ValidationError(
            _(
                "No ballot can be stored: the server's ballot key (PORTAL_BALLOT_KEY) is not the "
                "one this election was opened with. Nothing was changed. Ask the administrator "
                "to restore the original key."
            ),
            code="ballot_key",
        )
    key = aead_key(election_id=election_id, salt=salt)
    return lambda ranking, receipt_hash: seal_aead(
        key=key, election_id=election_id, ranking=ranking, receipt_hash=receipt_hash, size=size
    )


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
    """The box that opens this election's ``SEALED_BOX`` ballots, after checking the key is
    the right one."""
    return SealedBox(_checked_key(election_id=election_id, salt=salt, public_key=public_key))


def unseal(box: SealedBox, sealed: bytes) -> tuple[list[int], str]:
    data = json.loads(box.decrypt(bytes(sealed)).decode())
    return [int(c) for c in data["r"]], str(data["h"])


# Ballots opened between two reports of progress.
CHUNK = 10_000


def _damaged() -> ValidationError:
    return ValidationError(
        _("A sealed ballot could not be opened. Nothing was changed."), code="ballot_damaged"
    )


def _opener(
    *, scheme: str, election_id: int, salt: str, public_key: str
) -> Callable[[bytes], bytes]:
    """The function that turns one box of this election into its padded payload."""
    if scheme == SEALED_BOX:
        private = _checked_key(election_id=election_id, salt=salt, public_key=public_key)
        secret, public = bytes(private), bytes(private.public_key)
        return lambda box: crypto_box_seal_open(box, public, secret)
    if scheme != AEAD:
        raise ValueError(f"unknown ballot seal {scheme!r}")
    _checked_key(election_id=election_id, salt=salt, public_key=public_key)
    key = aead_key(election_id=election_id, salt=salt)
    data = _associated_data(election_id)
    decrypt = crypto_aead_xchacha20poly1305_ietf_decrypt
    return lambda box: decrypt(box[NONCE:], data, box[:NONCE], key)


def chunk_opener(
    *, scheme: str, election_id: int, salt: str, public_key: str
) -> Callable[[Sequence[bytes]], list[tuple[list[int], str]]]:
    """What opens a list of this election's boxes: ``(ranking, receipt hash)`` for each, in
    the order given.

    Refused, before anything is opened, if the server's key is not the one the election
    was opened with; a damaged or forged box (or one from another election) makes the
    returned function raise a ``ValidationError``. The payloads of one call are parsed as
    one JSON array (a payload is a JSON object padded with spaces): faster than one parse
    per ballot. The function touches nothing but its arguments, so a thread may run it.
    """
    open_one = _opener(scheme=scheme, election_id=election_id, salt=salt, public_key=public_key)

    def open_chunk(boxes: Sequence[bytes]) -> list[tuple[list[int], str]]:
        try:
            payloads = [open_one(bytes(box)) for box in boxes]
            data = json.loads(b"[" + b",".join(payloads) + b"]")
            if len(data) != len(payloads):
                raise ValueError("a payload is not one JSON object")
            return [([int(c) for c in d["r"]], str(d["h"])) for d in data]
        except (CryptoError, ValueError, TypeError, KeyError):
            # Authenticated encryption: only someone holding the key could make a box that
            # opens but does not parse. Either way, nothing is written.
            raise _damaged() from None

    return open_chunk


def unseal_all(
    *,
    scheme: str,
    election_id: int,
    salt: str,
    public_key: str,
    sealed: Sequence[bytes],
    progress: Callable[[float], object] | None = None,
) -> list[tuple[list[int], str]]:
    """Every ballot of one election opened (``chunk_opener``), in the order given, ``CHUNK``
    at a time; ``progress``, if given, is told the share opened so far."""
    open_chunk = chunk_opener(
        scheme=scheme, election_id=election_id, salt=salt, public_key=public_key
    )
    result: list[tuple[list[int], str]] = []
    for start in range(0, len(sealed), CHUNK):
        result.extend(open_chunk(sealed[start : start + CHUNK]))
        if progress:
            progress(min(start + CHUNK, len(sealed)) / len(sealed))
    return result
