"""Councils, constituencies, portfolios, elections, the secret ballot and representatives.

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
from django_stubs_ext import StrOrPromise

from core.models import TimeStampedModel
from council import sealing

# The "none of these" option on the ballot paper, as members read it. Counts stored before the
# name was spelled out carry an older wording; the results page shows those the same way.
RON_NAME = "Re-open nominations (none of these)"
RON_LEGACY_NAMES = ("RON (Re-open nominations)",)


class Council(TimeStampedModel):
    """A probation council, usually one per probation area."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name for web addresses"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Constituency(TimeStampedModel):
    """Who a representative speaks for: a place, or a group of people."""

    class Kind(models.TextChoices):
        PLACE = "place", _("A place")
        GROUP = "group", _("A group of people")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="constituencies")
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.PLACE)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["council", "name"]
        verbose_name_plural = "constituencies"
        constraints = [
            models.UniqueConstraint(
                fields=["council", "name"], name="council_constituency_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Portfolio(TimeStampedModel):
    """An issue area a representative can take on, such as Housing."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="portfolios")
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["council", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "name"], name="council_portfolio_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A member belongs to a constituency from ``joined_on`` until ``left_on``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_memberships"
    )
    constituency = models.ForeignKey(
        Constituency, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["constituency", "user__display_name"]
        constraints = [
            # One current membership per person and constituency.
            models.UniqueConstraint(
                fields=["user", "constituency"],
                condition=Q(left_on=None),
                name="council_membership_one_current",
            ),
        ]
        indexes = [
            # Freezing the voter roll and the members page: current members of a constituency.
            models.Index(
                fields=["constituency", "user"],
                condition=Q(left_on=None),
                name="council_membership_current_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.constituency}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None


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


class RecordedSelection(TimeStampedModel):
    """A result reached in person (for example a workshop choosing delegates)."""

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="recorded_selections"
    )
    constituency = models.ForeignKey(
        Constituency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("what was chosen"), max_length=200)
    held_on = models.DateField(_("date"))
    method = models.TextField(_("how the choice was made"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Representative(TimeStampedModel):
    """A member who speaks for a constituency on a council, for a term."""

    class Source(models.TextChoices):
        ELECTED = "elected", _("Elected")
        COOPTED = "coopted", _("Co-opted")
        RECORDED = "recorded", _("Chosen in person")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="representative_terms"
    )
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="representatives")
    constituency = models.ForeignKey(
        Constituency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representatives",
    )
    portfolios = models.ManyToManyField(Portfolio, blank=True, related_name="representatives")
    source = models.CharField(max_length=10, choices=Source.choices)
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, null=True, blank=True, related_name="representatives"
    )
    recorded_selection = models.ForeignKey(
        RecordedSelection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representatives",
    )
    note = models.TextField(_("note"), blank=True)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    stood_down_on = models.DateField(_("stood down on"), null=True, blank=True)
    stood_down_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["council", "constituency__name", "user__display_name"]
        indexes = [
            # The public "who represents whom" page: a council's current representatives.
            models.Index(
                fields=["council", "constituency"],
                condition=Q(stood_down_on=None),
                name="council_rep_current_idx",
            ),
        ]
        constraints = [
            # One elected term per person per election.
            models.UniqueConstraint(
                fields=["election", "user"],
                condition=Q(election__isnull=False),
                name="council_rep_one_per_election",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.constituency or self.council}"

    @property
    def is_current(self) -> bool:
        return self.stood_down_on is None


# --- Meetings ---------------------------------------------------------------------------------
#
# A council meets with senior managers "in a two way dialogue" (the report's Appendix 6). A
# meeting has people expected to attend, an ordered agenda whose items representatives raise
# on behalf of their constituencies (or staff raise), written responses from senior managers,
# and minutes that go draft -> approved (by the chair) -> published (to members). Decisions
# and agenda items can become actions in the action plan: the action plan keeps a reference
# ("council.decision:12") and council never imports it.


class Meeting(TimeStampedModel):
    """One meeting of a council."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Going ahead")
        CANCELLED = "cancelled", _("Cancelled")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online meeting link"), max_length=500, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_meetings_chaired",
        verbose_name=_("chair"),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancelled_reason = models.TextField(_("why it was cancelled"), blank=True)
    # iCalendar SEQUENCE: goes up whenever the time, place or status changes.
    sequence = models.PositiveIntegerField(default=0)
    # Claims for the reminder job (set once, by a conditional update).
    agenda_sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="council_meeting_ends_after_start",
            ),
        ]
        indexes = [
            # The meetings list and a council's page: meetings of a council by date.
            models.Index(fields=["council", "starts_at"], name="council_meeting_council_idx"),
            # The reminder job: meetings going ahead that start soon.
            models.Index(fields=["status", "starts_at"], name="council_meeting_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class MeetingAttendee(models.Model):
    """Someone expected at a meeting, and whether they came."""

    class Capacity(models.TextChoices):
        REPRESENTATIVE = "representative", _("Representative")
        STAFF = "staff", _("Staff")
        SENIOR_MANAGER = "senior_manager", _("Senior manager")
        GUEST = "guest", _("Guest")

    class Attendance(models.TextChoices):
        EXPECTED = "expected", _("Expected")
        PRESENT = "present", _("Present")
        APOLOGIES = "apologies", _("Sent apologies")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_meeting_places"
    )
    capacity = models.CharField(_("attending as"), max_length=20, choices=Capacity.choices)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.EXPECTED
    )

    class Meta:
        ordering = ["meeting", "capacity", "user__display_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="council_attendee_unique"),
        ]
        # "My meetings" uses the index Django gives the ``user`` foreign key.

    def __str__(self) -> str:
        return f"{self.user} at {self.meeting}"


class AgendaItem(TimeStampedModel):
    """One item on a meeting's agenda, raised by a representative (for a constituency) or staff."""

    class RaisedAs(models.TextChoices):
        REPRESENTATIVE = "representative", _("A representative")
        STAFF = "staff", _("Staff")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what it is about"), blank=True, max_length=5000)
    raised_as = models.CharField(max_length=20, choices=RaisedAs.choices)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_agenda_items_raised",
    )
    constituency = models.ForeignKey(
        Constituency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("on behalf of"),
    )
    portfolio = models.ForeignKey(
        Portfolio,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("portfolio"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_agenda_items_owned",
        verbose_name=_("owner"),
    )
    # How many members raised this through "tell your rep". Kept as a number (not only
    # counted from the issues) so that the record stands when a member deletes their account.
    people_count = models.PositiveIntegerField(default=0)
    minute_note = models.TextField(_("what was said"), blank=True, max_length=10000)

    class Meta:
        ordering = ["meeting", "position", "id"]
        indexes = [
            # The agenda: a meeting's items in order.
            models.Index(fields=["meeting", "position"], name="council_agenda_order_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaResponse(TimeStampedModel):
    """A senior manager's written response to an agenda item, before or after the meeting."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="responses")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="council_agenda_responses",
    )
    body = models.TextField(_("response"), max_length=10000)

    class Meta:
        ordering = ["item", "created_at", "id"]

    def __str__(self) -> str:
        return f"response to {self.item_id}"


class Minutes(TimeStampedModel):
    """A meeting's minutes: drafted by staff or a representative, approved by the chair,
    then published to members. Until published only the people running the council see them."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved by the chair")
        PUBLISHED = "published", _("Published")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    summary = models.TextField(_("summary"), blank=True, max_length=20000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "minutes"
        constraints = [
            # Approved and published minutes say when they were approved (and published).
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(status="approved") & Q(approved_at__isnull=False))
                | (
                    Q(status="published")
                    & Q(approved_at__isnull=False)
                    & Q(published_at__isnull=False)
                ),
                name="council_minutes_dates_match_status",
            ),
        ]
        indexes = [
            # A council's page and the meetings list: which meetings have published minutes.
            models.Index(fields=["status"], name="council_minutes_status_idx"),
        ]

    def __str__(self) -> str:
        return f"minutes of {self.meeting_id}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Decision(TimeStampedModel):
    """Something the meeting decided, in plain English, usually under an agenda item."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    text = models.TextField(_("what was decided"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.text[:80]


# --- "Tell your rep" --------------------------------------------------------------------------


class RepIssue(TimeStampedModel):
    """An issue a member sends to the representatives of one of their constituencies.

    The member chooses who may see their name (by default nobody). Representatives of the
    constituency read it; staff and senior managers only ever see it through an agenda item,
    without the name unless the member agreed. See ``council.permissions.can_see_raiser``.
    """

    class NameShared(models.TextChoices):
        NOBODY = "nobody", _("Nobody. Do not share my name.")
        REPRESENTATIVES = "representatives", _("My representatives only")
        EVERYONE_ANSWERING = (
            "answering",
            _("My representatives, and the staff and senior managers who answer it"),
        )

    class Status(models.TextChoices):
        OPEN = "open", _("With your representatives")
        MERGED = "merged", _("Joined with a similar issue")
        RAISED = "raised", _("Raised at a council meeting")
        CLOSED = "closed", _("Closed")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="rep_issues")
    constituency = models.ForeignKey(
        Constituency, on_delete=models.PROTECT, related_name="rep_issues"
    )
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.SET_NULL, null=True, blank=True, related_name="rep_issues"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="council_rep_issues",
    )
    problem = models.TextField(_("what the problem is"), max_length=3000)
    what_would_help = models.TextField(_("what would help"), blank=True, max_length=3000)
    name_shared = models.CharField(
        _("who may see your name"),
        max_length=20,
        choices=NameShared.choices,
        default=NameShared.NOBODY,
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rep_issues",
    )
    closed_reason = models.TextField(_("why it was closed"), blank=True)

    class Meta:
        verbose_name = _("issue raised with representatives")
        verbose_name_plural = _("issues raised with representatives")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")), name="council_issue_not_merged_into_self"
            ),
            # A merged issue always says which issue it joined.
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="council_issue_merged_has_target",
            ),
        ]
        indexes = [
            # The representatives' inbox: a constituency's issues by status, newest first.
            models.Index(
                fields=["constituency", "status", "-created_at"], name="council_issue_inbox_idx"
            ),
            # "My issues": one member's issues, newest first.
            models.Index(fields=["raised_by", "-created_at"], name="council_issue_mine_idx"),
        ]

    def __str__(self) -> str:
        # Never the member's name: this string reaches the audit log and the admin.
        return f"Issue {self.pk} for {self.constituency_id}"

    @property
    def name_shared_summary(self) -> str:
        """Who can see the member's name, said to the member."""
        summaries: dict[str, StrOrPromise] = {
            self.NameShared.NOBODY: _("Only you"),
            self.NameShared.REPRESENTATIVES: _("You and your representatives"),
            self.NameShared.EVERYONE_ANSWERING: _(
                "You, your representatives, and the staff and senior managers who answer it"
            ),
        }
        return str(summaries.get(self.name_shared, ""))


class RepIssueMessage(models.Model):
    """A reply on an issue: from a representative, or from the member who raised it."""

    issue = models.ForeignKey(RepIssue, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="council_rep_issue_messages",
    )
    from_raiser = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reply on an issue")
        verbose_name_plural = _("replies on issues")
        ordering = ["issue", "created_at", "id"]

    def __str__(self) -> str:
        return f"message on issue {self.issue_id}"
