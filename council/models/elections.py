"""Elections, nominations, the voter roll, the secret ballot, the election log and the count.

The secret ballot is held in tables that have no link to a person:

- ``Participation`` says *who* has voted (election, voter, channel), one row per voter by a
  database constraint.
- ``HeldBallot`` is the sealed box a ballot goes into when it is cast: ciphertext only (the
  ranking and the receipt hash, sealed with the election's key). ``Ballot`` is the
  counted box the held ballots are opened into, all at once and shuffled, when voting
  closes (``services.ballot_box_seal``). Neither has a user, a timestamp or an IP address,
  and their keys are random UUIDs. ``Receipt`` holds only the hash of each voter's receipt
  code, written at close shuffled separately, so it is never next to a ranking.

Why the two boxes: see ``council/services/ballots.py``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from council import sealing
from council.models.councils import Constituency, Council

# The "none of these" option on the ballot paper, as members read it. Counts stored before the
# name was spelled out carry an older wording; the results page shows those the same way.
RON_NAME = "Re-open nominations (none of these)"
RON_LEGACY_NAMES = ("RON (Re-open nominations)",)


class Election(TimeStampedModel):
    """One election for one constituency, run by a returning officer."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being set up")
        NOMINATIONS_OPEN = "nominations_open", _("Nominations open")
        NOMINATIONS_CLOSED = "nominations_closed", _("Nominations closed")
        VOTING_OPEN = "voting_open", _("Voting open")
        VOTING_CLOSED = "voting_closed", _("Voting closed")
        COUNTED = "counted", _("Counted (result not yet released)")
        PUBLISHED = "published", _("Result published")
        # Stopped by the returning officer before a result was released; nothing was counted
        # or kept (``council.services.elections.election_cancel``).
        CANCELLED = "cancelled", _("Cancelled")

    class BallotSeal(models.TextChoices):
        # council/sealing.py says what each is and why the second replaced the first.
        SEALED_BOX = sealing.SEALED_BOX, _("X25519 sealed box (opened before December 2026)")
        AEAD = sealing.AEAD, _("XChaCha20-Poly1305 with the election's own key")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="elections")
    constituency = models.ForeignKey(
        Constituency, on_delete=models.PROTECT, related_name="elections"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what this election is for"), blank=True)
    seats = models.PositiveSmallIntegerField(
        _("number of seats"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    include_ron = models.BooleanField(
        _("include RON (re-open nominations)"),
        default=True,
        help_text=_("Voters can choose to re-open nominations instead of electing a candidate."),
    )
    statement_word_limit = models.PositiveSmallIntegerField(
        _("word limit for candidate statements"),
        default=150,
        validators=[MinValueValidator(10), MaxValueValidator(1000)],
    )
    term_months = models.PositiveSmallIntegerField(
        _("term of office in months"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    nominations_open_at = models.DateTimeField(_("nominations open"), null=True, blank=True)
    nominations_close_at = models.DateTimeField(_("nominations close"), null=True, blank=True)
    voting_open_at = models.DateTimeField(_("voting opens"), null=True, blank=True)
    voting_close_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    frozen_at = models.DateTimeField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    fingerprint_payload = models.JSONField(default=dict, blank=True)
    roll_size = models.PositiveIntegerField(null=True, blank=True)
    results_released_at = models.DateTimeField(null=True, blank=True)
    paper_ballots_entered = models.PositiveIntegerField(default=0)
    # Set when voting opens. The keys are derived from PORTAL_BALLOT_KEY and these, and are
    # never stored (council/sealing.py); the public key also tells a changed secret.
    ballot_key_salt = models.CharField(max_length=32, blank=True, editable=False)
    ballot_public_key = models.CharField(max_length=64, blank=True, editable=False)
    # How this election's ballots are sealed: set when voting opens and never changed, so
    # boxes held across an upgrade open with the format they were sealed in.
    ballot_seal = models.CharField(
        max_length=20, choices=BallotSeal.choices, default=BallotSeal.AEAD, editable=False
    )
    nominations_reminded_at = models.DateTimeField(null=True, blank=True)
    voting_reminded_at = models.DateTimeField(null=True, blank=True)
    closing_reminded_at = models.DateTimeField(null=True, blank=True)
    # When voting actually opened and closed, whichever way (the schedule job or the
    # returning officer's hand): ``voting_open_at``/``voting_close_at`` are only the plan,
    # and are blank when voting is opened by hand. Reports count elections by these.
    voting_opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    voting_closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set with the CANCELLED status. The reason is public: members see why on the election page.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    cancelled_reason = models.TextField(_("why it was cancelled"), blank=True, editable=False)
    # The status it was cancelled from. An election cancelled while still being set up was
    # never public, and stays hidden from members (``is_public``).
    cancelled_from = models.CharField(
        max_length=20, choices=Status.choices, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The schedule job: elections in a state whose next step may be due.
            models.Index(fields=["status"], name="council_election_status_idx"),
            # A council's elections, newest first.
            models.Index(fields=["council", "-created_at"], name="council_election_council_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1), name="council_election_seats_positive"
            ),
            # A cancelled election always says when and why: members are shown both.
            models.CheckConstraint(
                condition=~Q(status="cancelled")
                | (Q(cancelled_at__isnull=False) & ~Q(cancelled_reason="")),
                name="council_election_cancelled_says_why",
            ),
        ]
        permissions = [("run_election", "Can run elections as returning officer")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def is_public(self) -> bool:
        if self.status == self.Status.CANCELLED:
            return self.cancelled_from != self.Status.DRAFT
        return self.status != self.Status.DRAFT

    @property
    def result_released(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def can_be_cancelled(self) -> bool:
        """Any time before the result is released (and not twice)."""
        return self.status not in (self.Status.PUBLISHED, self.Status.CANCELLED)

    @property
    def accepts_nominations(self) -> bool:
        return self.status == self.Status.NOMINATIONS_OPEN


class Nomination(TimeStampedModel):
    """A person nominated to stand (or the RON option). Accepted nominations are the candidates."""

    class Status(models.TextChoices):
        AWAITING_NOMINEE = "awaiting_nominee", _("Waiting for the person nominated to agree")
        PENDING = "pending", _("Waiting for the returning officer")
        ACCEPTED = "accepted", _("Accepted: standing")
        REJECTED = "rejected", _("Not accepted")
        DECLINED = "declined", _("Declined by the person nominated")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    LIVE = (Status.AWAITING_NOMINEE, Status.PENDING, Status.ACCEPTED)

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="nominations")
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_nominations",
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_ron = models.BooleanField(default=False)
    ballot_name = models.CharField(_("name on the ballot"), max_length=100)
    statement = models.TextField(_("candidate statement"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    elected_order = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["ballot_name", "id"]
        constraints = [
            # A person has at most one live nomination per election.
            models.UniqueConstraint(
                fields=["election", "nominee"],
                condition=Q(status__in=["awaiting_nominee", "pending", "accepted"]),
                name="council_nomination_one_live",
            ),
            # One RON option per election.
            models.UniqueConstraint(
                fields=["election"], condition=Q(is_ron=True), name="council_nomination_one_ron"
            ),
            models.CheckConstraint(
                condition=Q(is_ron=True, nominee=None) | Q(is_ron=False, nominee__isnull=False),
                name="council_nomination_ron_has_no_person",
            ),
        ]
        indexes = [
            # The candidates of an election (the ballot paper, the count, the results).
            models.Index(fields=["election", "status"], name="council_nomination_status_idx"),
        ]

    def __str__(self) -> str:
        return self.ballot_name


class RollEntry(models.Model):
    """One person on an election's voter roll, frozen when voting opens."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="roll")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("entry on the roll")
        verbose_name_plural = _("entries on the roll")
        constraints = [
            models.UniqueConstraint(fields=["election", "voter"], name="council_roll_unique_voter"),
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} on roll of {self.election_id}"


class Participation(models.Model):
    """That a person has voted, and how. Never linked to their ballot.

    No timestamp: the time someone voted must not line up with the time a ballot arrived.
    """

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="participations")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        constraints = [
            # One voter, one ballot: the database refuses a second participation, even when
            # two requests race (see tests/council/test_concurrency.py).
            models.UniqueConstraint(
                fields=["election", "voter"], name="council_participation_one_per_voter"
            ),
        ]

    def __str__(self) -> str:
        return f"voted in {self.election_id}"


class HeldBallot(models.Model):
    """The sealed box: a ballot as cast, readable only with a key derived from the server's
    ``PORTAL_BALLOT_KEY``.

    ``sealed`` is the ranking and the receipt hash, padded to one length per election and
    sealed in the election's format (``Election.ballot_seal``: XChaCha20-Poly1305 with the
    election's key, or for elections opened before December 2026 a libsodium sealed box;
    ``council/sealing.py``). It is opened, shuffled, into ``Ballot`` and ``Receipt`` when
    voting closes, and deleted.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    def __str__(self) -> str:
        return "held ballot"


class Ballot(models.Model):
    """The counted box: a ranking of candidate ids, and nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots")
    ranking = models.JSONField()

    def __str__(self) -> str:
        return "ballot"


class Receipt(models.Model):
    """The hash of one voter's receipt code, published after the result with no ranking."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of its own: every query (the receipts page, "is my code in the list?", the
    # close, the cascade from the election) starts with election_id, which the unique
    # constraint's index leads with.
    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="receipts", db_index=False
    )
    code_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            # "Is my code in the list?" looks one hash up; the receipts page reads one
            # election's in code_hash order.
            models.UniqueConstraint(
                fields=["election", "code_hash"], name="council_receipt_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.code_hash


class ElectionLogEntry(models.Model):
    """One step of an election, in an append-only, hash-chained log.

    ``entry_hash`` = SHA-256 of the previous entry's hash and this entry's content, so changing
    or removing any entry breaks every hash after it. A database trigger refuses changes too.
    """

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="log_entries")
    seq = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    action = models.CharField(max_length=40)
    message = models.TextField()
    actor_label = models.CharField(max_length=150, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # Shown to the public only once the result is released (a tie draw would give away
    # part of the result). The hash covers the entry all the same.
    private_until_release = models.BooleanField(default=False)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("election log entry")
        verbose_name_plural = _("election log entries")
        ordering = ["election", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["election", "seq"], name="council_log_unique_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.election_id}#{self.seq} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("Election log entries cannot be changed.")
        super().save(*args, **kwargs)


class ElectionCount(models.Model):
    """The stored result of the one official count, hidden until the result is released."""

    election = models.OneToOneField(Election, on_delete=models.CASCADE, related_name="count")
    seed = models.CharField(max_length=40)
    report = models.JSONField()
    ballots_blt = models.TextField()
    ballots_sha256 = models.CharField(max_length=64)
    counted_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"count of {self.election_id}"
