"""The secret ballot: casting, paper ballots, receipts, and mixing the ballot box.

What links a ballot to a voter, and how each link is cut
========================================================

Casting writes two rows in one transaction (so a failure leaves neither): a
``Participation`` (election, voter, channel; unique per election and voter, which is what
makes "one voter, one ballot" hold under concurrent requests) and a ``HeldBallot`` (random
UUID, the ranking, the hash of the receipt code; no user, no time, no IP).

1. **Foreign keys, timestamps, IP addresses**: ballots have none. Participations have no
   timestamp. Casting writes nothing to the audit log and sends no "you voted" message.
2. **Sequential ids**: every ballot and receipt key is a random UUID (``uuid4``), and a new
   one is drawn each time a ballot moves, so a key never says when it was written.
3. **PostgreSQL's ``xmin``**: every row carries the id of the transaction that wrote it, so
   the held ballot and the participation written together share an ``xmin``. The held ballot
   therefore does not stay: ``ballot_box_mix`` (a job every few minutes, once at least
   ``COUNCIL_BALLOT_MIX_BATCH`` ballots are waiting) moves held ballots, in a shuffled order,
   into the counted ``Ballot`` table in *its own* transaction and deletes the held rows. A
   moved ballot's ``xmin`` is the mixing transaction's, shared with the whole batch and with
   no participation. Receipt hashes move the same way, shuffled separately, into ``Receipt``.
4. **Physical order and time**: within a batch the order is shuffled, but batches follow
   each other in time. So at close, ``ballot_box_seal`` (inside the closing transaction)
   moves anything still held and then *rewrites the whole counted box*: every ballot and
   every receipt is deleted and inserted again, shuffled, with new UUIDs. After close all
   ballots of the election share one ``xmin`` (the close's), sit in random physical order
   and carry no trace of when they were cast. ``tests/council/test_secrecy_postgres.py``
   checks each of these on PostgreSQL.

What is left, said plainly: while a ballot waits in the holding box (until the next mix,
minutes) someone with direct database access could pair it with its participation by
``xmin``; deleted rows stay on disk until PostgreSQL vacuums them, readable only by a database
superuser with page-inspection tools; and nothing here defends against a superuser who logs
every statement as it happens. The portal's own users, staff and returning officers
included, have no page or export that shows how anyone voted.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.services import audit_record
from council.models import (
    Ballot,
    Election,
    HeldBallot,
    Nomination,
    Participation,
    Receipt,
    RollEntry,
)
from council.services import paper_import
from council.services.log import election_log_append

S = Election.Status
# No 0/O, 1/I/L: easy to read back from a phone screen or a slip of paper.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 10
_BULK = 2000


def _mix_batch() -> int:
    return int(getattr(settings, "COUNCIL_BALLOT_MIX_BATCH", 20))


def receipt_code_new() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def receipt_code_normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def receipt_code_display(code: str) -> str:
    code = receipt_code_normalise(code)
    return f"{code[:5]}-{code[5:]}"


def receipt_hash(*, election_id: int, code: str) -> str:
    """What is stored and published: ``sha256("<election id>:<CODE>")`` in hex.

    Anyone can check their own code against the published list without trusting this site.
    """
    return hashlib.sha256(f"{election_id}:{receipt_code_normalise(code)}".encode()).hexdigest()


def _lock_for_voting(election_id: int) -> Election:
    """Read the election under a share lock, so closing waits for votes being cast."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM council_election WHERE id = %s FOR SHARE", [election_id])
    return Election.objects.get(pk=election_id)


def candidate_ids(*, election: Election) -> set[int]:
    return set(
        Nomination.objects.filter(election=election, status=Nomination.Status.ACCEPTED).values_list(
            "pk", flat=True
        )
    )


def _check_ranking(
    election: Election, ranking: Sequence[int], *, allow_empty: bool = False
) -> list[int]:
    ranking = [int(c) for c in ranking]
    if not ranking and not allow_empty:
        raise ValidationError(_("Choose at least one candidate."), code="empty")
    if len(set(ranking)) != len(ranking):
        raise ValidationError(_("Each candidate can only be ranked once."), code="repeat")
    if set(ranking) - candidate_ids(election=election):
        raise ValidationError(
            _("That ballot names someone who is not a candidate."), code="unknown"
        )
    return ranking


def _voting_open(election: Election) -> bool:
    return election.status == S.VOTING_OPEN and (
        election.voting_close_at is None or timezone.now() < election.voting_close_at
    )


@transaction.atomic
def ballot_cast(*, election_id: int, voter: Any, ranking: Sequence[int]) -> str:
    """Cast ``voter``'s online ballot. Returns the receipt code (shown once, never stored).

    One transaction: the participation and the held ballot are both written or neither is.
    A second cast by the same voter, even at the same instant, hits the unique constraint on
    participation and is refused with "You have already voted".
    """
    election = _lock_for_voting(election_id)
    if not _voting_open(election):
        raise ValidationError(
            _("Voting has closed for this election. Your vote was not recorded."), code="closed"
        )
    if not RollEntry.objects.filter(election=election, voter=voter).exists():
        raise ValidationError(
            _("You are not on the voter roll for this election."), code="not_on_roll"
        )
    ranking = _check_ranking(election, ranking)
    _participate(election, voter, Participation.Channel.ONLINE)
    code = receipt_code_new()
    held = HeldBallot(
        election=election,
        ranking=ranking,
        receipt_hash=receipt_hash(election_id=election.pk, code=code),
    )
    held.full_clean(validate_constraints=False)
    held.save(force_insert=True)
    return code


def _participate(election: Election, voter: Any, channel: str) -> Participation:
    participation = Participation(election=election, voter=voter, channel=channel)
    participation.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            participation.save(force_insert=True)
    except IntegrityError:
        raise ValidationError(
            _("You have already voted in this election. Each person can vote once.")
            if channel == Participation.Channel.ONLINE
            else _("This person has already voted in this election, online or on paper."),
            code="already_voted",
        ) from None
    return participation


@transaction.atomic
def paper_vote_mark(*, actor: Any, election: Election, voter: Any) -> Participation:
    """Mark a person on the roll as having voted on paper. They cannot then vote online.

    Only *who* voted is recorded here; the paper's ranking is entered separately, like a
    paper that goes into the ballot box, by ``paper_ballot_enter``.
    """
    election = _lock_for_voting(election.pk)
    if not _voting_open(election):
        raise ValidationError(_("Paper votes can only be marked while voting is open."))
    if not RollEntry.objects.filter(election=election, voter=voter).exists():
        raise ValidationError(
            {"username": _("That person is not on the voter roll for this election.")}
        )
    participation = _participate(election, voter, Participation.Channel.PAPER)
    election_log_append(
        election=election,
        action="paper vote marked",
        message=_("A person on the roll was marked as having voted on paper."),
        actor=actor,
    )
    audit_record(
        actor=actor, action="council.paper_vote.mark", obj=election, detail={"voter": voter.pk}
    )
    return participation


def _paper_room(election: Election) -> int:
    marked = Participation.objects.filter(
        election=election, channel=Participation.Channel.PAPER
    ).count()
    return marked - election.paper_ballots_entered


@transaction.atomic
def paper_ballots_enter(
    *, actor: Any, election: Election, rankings: Iterable[Sequence[int]], source: str = "form"
) -> int:
    """Put paper ballots into the holding box, through the same mixing as online ones.

    There can never be more paper ballots than people marked as having voted on paper.
    """
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status not in (S.VOTING_OPEN, S.VOTING_CLOSED):
        raise ValidationError(
            _("Paper ballots can only be entered while voting is open or before the count.")
        )
    checked = [_check_ranking(election, r, allow_empty=True) for r in rankings]
    if not checked:
        raise ValidationError(_("There were no ballots to enter."))
    room = _paper_room(election)
    if len(checked) > room:
        raise ValidationError(
            _(
                "You are entering %(n)s paper ballot(s), but only %(room)s more people have been "
                "marked as voting on paper. Mark them first."
            )
            % {"n": len(checked), "room": max(room, 0)}
        )
    HeldBallot.objects.bulk_create(
        [HeldBallot(election=election, ranking=r) for r in checked], batch_size=_BULK
    )
    Election.objects.filter(pk=election.pk).update(
        paper_ballots_entered=F("paper_ballots_entered") + len(checked)
    )
    election.refresh_from_db(fields=["paper_ballots_entered"])
    election_log_append(
        election=election,
        action="paper ballots entered",
        message=ngettext(
            "%(n)s paper ballot was entered.", "%(n)s paper ballots were entered.", len(checked)
        )
        % {"n": len(checked)},
        actor=actor,
        detail={"ballots": len(checked), "source": source},
    )
    audit_record(
        actor=actor,
        action="council.paper_ballots.enter",
        obj=election,
        detail={"ballots": len(checked)},
    )
    return len(checked)


def paper_ballots_import_blt(*, actor: Any, election: Election, text: str) -> int:
    """Enter a batch of paper ballots from a BLT file whose candidates match the ballot paper.

    The file is checked whole first (``paper_import.blt_rankings``: size, candidates, every
    weight against the paper votes marked), so a weight can never build more ballots than
    people marked as voting on paper.
    """
    rankings = paper_import.blt_rankings(election=election, text=text)
    secrets.SystemRandom().shuffle(rankings)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return paper_ballots_enter(
        actor=actor, election=election, rankings=rankings, source=f"blt:{digest}"
    )


def _shuffled(items: list[Any]) -> list[Any]:
    secrets.SystemRandom().shuffle(items)
    return items


def _move_held(election_id: int, *, everything: bool) -> int:
    """Move held ballots (shuffled) into the counted box, in the caller's transaction."""
    qs = HeldBallot.objects.filter(election_id=election_id)
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True)
    held = list(qs.values_list("pk", "ranking", "receipt_hash"))
    if not held or (not everything and len(held) < _mix_batch()):
        return 0
    ballots = _shuffled(
        [Ballot(election_id=election_id, ranking=ranking) for _, ranking, _ in held]
    )
    receipts = _shuffled(
        [
            Receipt(election_id=election_id, code_hash=code_hash)
            for _, _, code_hash in held
            if code_hash
        ]
    )
    Ballot.objects.bulk_create(ballots, batch_size=_BULK)
    Receipt.objects.bulk_create(receipts, batch_size=_BULK)
    ids = [pk for pk, _, _ in held]
    for start in range(0, len(ids), _BULK):
        HeldBallot.objects.filter(pk__in=ids[start : start + _BULK]).delete()
    return len(held)


@transaction.atomic
def ballot_box_mix(*, election_id: int, everything: bool = False) -> int:
    """Move a shuffled batch of held ballots into the counted box in a transaction of its own.

    Does nothing until at least ``COUNCIL_BALLOT_MIX_BATCH`` ballots are waiting, so a batch
    is never one ballot that could be paired with the one person who just voted.
    """
    return _move_held(election_id, everything=everything)


def ballot_box_seal(*, election: Election) -> int:
    """Move every held ballot, then rewrite the counted box (and receipts) in random order.

    Runs inside the closing (or counting) transaction. Afterwards every ballot of the
    election has the same ``xmin``, a fresh random key and a random physical position.
    Returns the number of ballots in the box.
    """
    _move_held(election.pk, everything=True)
    rankings = _shuffled(
        list(Ballot.objects.filter(election=election).values_list("ranking", flat=True))
    )
    codes = _shuffled(
        list(Receipt.objects.filter(election=election).values_list("code_hash", flat=True))
    )
    Ballot.objects.filter(election=election).delete()
    Receipt.objects.filter(election=election).delete()
    Ballot.objects.bulk_create(
        [Ballot(election=election, ranking=r) for r in rankings], batch_size=_BULK
    )
    Receipt.objects.bulk_create(
        [Receipt(election=election, code_hash=c) for c in codes], batch_size=_BULK
    )
    return len(rankings)


def ballot_boxes_mix_all() -> int:
    """The periodic job: mix every open election's holding box (each in its own transaction)."""
    moved = 0
    for election_id in Election.objects.filter(status=S.VOTING_OPEN).values_list("pk", flat=True):
        moved += ballot_box_mix(election_id=election_id)
    return moved


def receipt_is_published(*, election: Election, code: str) -> bool:
    return Receipt.objects.filter(
        election=election, code_hash=receipt_hash(election_id=election.pk, code=code)
    ).exists()
