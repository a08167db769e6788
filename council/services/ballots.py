"""The secret ballot: casting, paper ballots and receipts (the box is opened at close by
``council.services.ballot_box``).

Threat model
============

The person we defend against can read the database, or a copy of it (a reporting replica,
a backup, a dump left on a laptop), but not the web server's environment. They must not be
able to learn how anyone voted, while voting is open or after. The portal's own users,
staff and returning officers included, have no page or export that shows how anyone voted.

What links a ballot to a voter, and how each link is cut
========================================================

Casting writes two rows in one transaction (so a failure leaves neither): a
``Participation`` (election, voter, channel; unique per election and voter, which is what
makes "one voter, one ballot" hold under concurrent requests) and a ``HeldBallot`` (random
UUID and a *sealed box*; no user, no time, no IP, nothing in clear).

1. **Foreign keys, timestamps, IP addresses**: ballots have none. Participations have no
   timestamp. Casting writes nothing to the audit log and sends no "you voted" message.
2. **PostgreSQL's ``xmin``, ``ctid`` and key order**: rows written in one request carry the
   same transaction id or ids a few apart (the participation is written in a savepoint, so
   its ``xmin`` is the held ballot's plus one), and sit next to each other on disk. No
   shuffling in time can hide that for a ballot that waits in a table. So the held ballot
   holds **only ciphertext**: the ranking and the receipt hash, sealed together with the
   election's key (``council/sealing.py``: XChaCha20-Poly1305, or a libsodium ``SealedBox``
   for elections opened before issue 19) and padded to one length for the whole election,
   so even the length does not say how many candidates someone ranked. Pairing a held
   ballot with its voter is easy and tells nothing.
3. **Why the receipt hash is sealed too**: alone it says nothing about a ranking (the
   published receipt list has no rankings), but in clear next to a participation it would
   tie each voter to their hash, and so to anything ever published or logged with that
   hash; and the code behind it (10 characters) could be searched for offline. Sealing it
   costs nothing, so nothing readable sits next to a voter's row.
4. **Opening**: nothing is decrypted while voting is open (there is no mixing job any more:
   a counted row written during voting would again sit a known number of transactions away
   from a batch of voters). ``ballot_box_seal``, inside the closing transaction, opens every
   held ballot, writes the rankings and, separately, the receipt hashes into fresh
   ``Ballot`` and ``Receipt`` rows in a random order with new random UUIDs, rewrites any
   counted rows already there the same way, and deletes the held rows. After close every
   ballot of the election shares one ``xmin`` (the close's) and sits in random physical
   order. Paper ballots go through the same sealed box, whether entered before or after
   close (the count opens any entered after close).
   ``tests/council/test_secrecy_postgres.py`` checks each of these on PostgreSQL.

Where the keys live, and why
============================

Each election's keys are derived from ``PORTAL_BALLOT_KEY`` (an environment variable,
required in production, like ``MFA_ENCRYPTION_KEYS`` and ``PORTAL_PSEUDONYM_KEY``), the
election's id and a random salt stored on the election: the symmetric key that seals and
opens its ballots, and an X25519 key pair whose public half is stored as a check that the
secret has not changed (and, for elections opened before issue 19, sealed their ballots).
No key that opens a ballot is ever written anywhere. A public-key seal would let a server
without the secret seal ballots, but the server that takes votes also closes them and holds
the secret, so it bought nothing against this threat (``council/sealing.py``). We chose
this over a key the returning officer unlocks at close because voting closes on a schedule
(a Celery job) as often as by hand, a forgotten or lost passphrase would make an election
uncountable, and the threat is a reader of the database, not of the server's environment.
Rotating ``PORTAL_BALLOT_KEY`` is safe only when no election is between "voting open" and
"counted": a changed key is detected (the derived public key no longer matches the stored
one) and casting, the close or the count is refused with a message, changing nothing.

What is left, said plainly: someone who has *both* the database and the server's
environment can open held ballots and pair them with voters until close; deleted rows stay
on disk until PostgreSQL vacuums them, readable only by a database superuser with
page-inspection tools (deleted held rows hold ciphertext only); and nothing here defends
against a superuser who logs every statement as it happens.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.audit_actions import AuditAction
from core.services import audit_record
from council import sealing
from council.models import (
    Election,
    HeldBallot,
    Nomination,
    Participation,
    Receipt,
    RollEntry,
)
from council.services import paper_import
from council.services.log import election_log_append
from users.models import User

S = Election.Status
# No 0/O, 1/I/L: easy to read back from a phone screen or a slip of paper.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 10
_BULK = 2000


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
    candidates: set[int], ranking: Sequence[int], *, allow_empty: bool = False
) -> list[int]:
    ranking = [int(c) for c in ranking]
    if not ranking and not allow_empty:
        raise ValidationError(_("Choose at least one candidate."), code="empty")
    if len(set(ranking)) != len(ranking):
        raise ValidationError(_("Each candidate can only be ranked once."), code="repeat")
    if set(ranking) - candidates:
        raise ValidationError(
            _("That ballot names someone who is not a candidate."), code="unknown"
        )
    return ranking


def _voting_open(election: Election) -> bool:
    return election.status == S.VOTING_OPEN and (
        election.voting_close_at is None or timezone.now() < election.voting_close_at
    )


@transaction.atomic
def ballot_cast(*, election_id: int, voter: User, ranking: Sequence[int]) -> str:
    """Cast ``voter``'s online ballot. Returns the receipt code (shown once, never stored).

    One transaction: the participation and the held ballot are both written or neither is.
    The held ballot is only a sealed box (ranking and receipt hash, padded): the transaction
    ids put it next to the participation, so nothing readable may be in it.
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
    candidates = candidate_ids(election=election)
    ranking = _check_ranking(candidates, ranking)
    code = receipt_code_new()
    sealed = _sealer(election, candidates)(
        ranking, receipt_hash(election_id=election.pk, code=code)
    )
    _participate(election, voter, Participation.Channel.ONLINE)
    HeldBallot(election=election, sealed=sealed).save(force_insert=True)
    return code


def _sealer(election: Election, candidates: set[int]) -> sealing.Sealer:
    return sealing.sealer(
        scheme=election.ballot_seal,
        election_id=election.pk,
        salt=election.ballot_key_salt,
        public_key=election.ballot_public_key,
        size=sealing.sealed_size(candidates),
    )


def _participate(election: Election, voter: User, channel: str) -> Participation:
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
def paper_vote_mark(*, actor: User, election: Election, voter: User) -> Participation:
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
        actor=actor,
        action=AuditAction.COUNCIL_PAPER_VOTE_MARK,
        obj=election,
        detail={"voter": voter.pk},
    )
    return participation


def _paper_room(election: Election) -> int:
    marked = Participation.objects.filter(
        election=election, channel=Participation.Channel.PAPER
    ).count()
    return marked - election.paper_ballots_entered


@transaction.atomic
def paper_ballots_enter(
    *, actor: User, election: Election, rankings: Iterable[Sequence[int]], source: str = "form"
) -> int:
    """Put paper ballots into the sealed box, like online ones: readable only at the count.

    There can never be more paper ballots than people marked as having voted on paper.
    """
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status not in (S.VOTING_OPEN, S.VOTING_CLOSED):
        raise ValidationError(
            _("Paper ballots can only be entered while voting is open or before the count.")
        )
    candidates = candidate_ids(election=election)
    checked = [_check_ranking(candidates, r, allow_empty=True) for r in rankings]
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
    seal = _sealer(election, candidates)
    HeldBallot.objects.bulk_create(
        [HeldBallot(election=election, sealed=seal(r, "")) for r in checked], batch_size=_BULK
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
        action=AuditAction.COUNCIL_PAPER_BALLOTS_ENTER,
        obj=election,
        detail={"ballots": len(checked)},
    )
    return len(checked)


def paper_ballots_import_blt(*, actor: User, election: Election, text: str) -> int:
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


def receipt_is_published(*, election: Election, code: str) -> bool:
    return Receipt.objects.filter(
        election=election, code_hash=receipt_hash(election_id=election.pk, code=code)
    ).exists()
