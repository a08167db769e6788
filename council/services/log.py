"""The election log (append-only, hash-chained) and the election fingerprint."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from council.models import Election, ElectionLogEntry, Nomination, RollEntry
from users.models import User

GENESIS_HASH = "0" * 64


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def log_entry_hash(
    *,
    prev_hash: str,
    seq: int,
    created_at: datetime.datetime,
    action: str,
    message: str,
    actor_label: str,
    detail: dict[str, Any],
) -> str:
    """SHA-256 over the previous hash and this entry's content, in a fixed text form.

    Anyone can recompute it from the published log: ``sha256(prev_hash + "\\n" + json)`` where
    ``json`` has sorted keys and no spaces.
    """
    content = _canonical(
        {
            "seq": seq,
            "at": _stamp(created_at),
            "action": action,
            "message": message,
            "actor": actor_label,
            "detail": detail,
        }
    )
    return hashlib.sha256(f"{prev_hash}\n{content}".encode()).hexdigest()


def _actor_label(actor: User | None) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "Scheduled job"
    return str(actor)


@transaction.atomic
def election_log_append(
    *,
    election: Election,
    action: str,
    message: str,
    actor: User | None = None,
    detail: dict[str, Any] | None = None,
    actor_label: str | None = None,
    private_until_release: bool = False,
) -> ElectionLogEntry:
    """Add one entry to the end of the election's log.

    The election row is locked so two steps at once cannot take the same place in the chain
    (the unique (election, seq) constraint would refuse it anyway).
    """
    Election.objects.select_for_update().filter(pk=election.pk).first()
    last = ElectionLogEntry.objects.filter(election=election).order_by("-seq").first()
    seq = last.seq + 1 if last else 1
    prev_hash = last.entry_hash if last else GENESIS_HASH
    now = timezone.now()
    detail = detail or {}
    label = actor_label if actor_label is not None else _actor_label(actor)
    entry = ElectionLogEntry(
        election=election,
        seq=seq,
        created_at=now,
        action=action,
        message=message,
        actor_label=label,
        detail=detail,
        private_until_release=private_until_release,
        prev_hash=prev_hash,
        entry_hash=log_entry_hash(
            prev_hash=prev_hash,
            seq=seq,
            created_at=now,
            action=action,
            message=message,
            actor_label=label,
            detail=detail,
        ),
    )
    entry.full_clean()
    entry.save()
    return entry


def election_log_verify(*, election: Election) -> tuple[bool, int | None]:
    """Recompute the chain. Returns (all good, first broken seq or None)."""
    prev = GENESIS_HASH
    expected_seq = 1
    for entry in ElectionLogEntry.objects.filter(election=election).order_by("seq").iterator():
        good = (
            entry.seq == expected_seq
            and entry.prev_hash == prev
            and entry.entry_hash
            == log_entry_hash(
                prev_hash=prev,
                seq=entry.seq,
                created_at=entry.created_at,
                action=entry.action,
                message=entry.message,
                actor_label=entry.actor_label,
                detail=entry.detail,
            )
        )
        if not good:
            return False, entry.seq
        prev = entry.entry_hash
        expected_seq += 1
    return True, None


def election_log_last_hash(*, election: Election) -> str:
    last = ElectionLogEntry.objects.filter(election=election).order_by("-seq").first()
    return last.entry_hash if last else GENESIS_HASH


def election_fingerprint_payload(*, election: Election) -> dict[str, Any]:
    """What the fingerprint covers: the settings, the candidates and the voter roll.

    The roll is represented by its size and a SHA-256 of the sorted voter ids, so the public
    page can show the fingerprint without showing who is on the roll.
    """
    candidates = list(
        Nomination.objects.filter(election=election, status=Nomination.Status.ACCEPTED)
        .order_by("pk")
        .values_list("pk", "ballot_name", "is_ron")
    )
    voter_ids = sorted(
        RollEntry.objects.filter(election=election).values_list("voter_id", flat=True)
    )
    roll_digest = hashlib.sha256("\n".join(str(v) for v in voter_ids).encode()).hexdigest()
    return {
        "election": election.pk,
        "title": election.title,
        "council": election.council.name,
        "constituency": election.constituency.name,
        "seats": election.seats,
        "include_ron": election.include_ron,
        "voting_close_at": _stamp(election.voting_close_at) if election.voting_close_at else None,
        "candidates": [[pk, name, ron] for pk, name, ron in candidates],
        "roll_size": len(voter_ids),
        "roll_sha256": roll_digest,
    }


def election_fingerprint(*, payload: dict[str, Any]) -> str:
    return hashlib.sha256(_canonical(payload).encode()).hexdigest()


def election_fingerprint_check(*, election: Election) -> bool:
    """Does the election, as it is now, still match the fingerprint taken when voting opened?"""
    if not election.fingerprint:
        return False
    return election_fingerprint(payload=election_fingerprint_payload(election=election)) == (
        election.fingerprint
    )
