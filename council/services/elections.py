"""The election lifecycle (nominations themselves are in ``council.services.nominations``).

draft -> nominations open -> nominations closed -> voting open -> voting closed -> counted ->
result published. Each step is taken by the returning officer's hand or by the schedule job
(``election_schedule_run``). A step claims the election with a conditional update
(``filter(pk=..., status=<from>).update(status=<to>)``), so two workers, or a worker and a
returning officer, taking the same step at once change it once; the loser gets ``False``.
Until the result is published the returning officer can instead cancel the election
(``election_cancel``, which says what happens to ballots already cast).
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.services import audit_record
from council import sealing
from council.models import (
    RON_NAME,
    Ballot,
    Constituency,
    Council,
    Election,
    ElectionCount,
    HeldBallot,
    Membership,
    Nomination,
    Participation,
    Receipt,
    RollEntry,
)
from council.services.log import (
    election_fingerprint,
    election_fingerprint_payload,
    election_log_append,
)
from council.tasks import send_election_cancelled as send_election_cancelled_task
from council.tasks import send_election_reminders as send_election_reminders_task
from users.models import User
from users.roles import MEMBER_ROLES

logger = logging.getLogger(__name__)
S = Election.Status

EDITABLE_FIELDS = (
    "title",
    "description",
    "seats",
    "include_ron",
    "statement_word_limit",
    "term_months",
    "nominations_open_at",
    "nominations_close_at",
    "voting_open_at",
    "voting_close_at",
)


def is_current_member(*, user: User, constituency: Constituency) -> bool:
    return (
        user.is_active
        and user.has_role(*MEMBER_ROLES)
        and Membership.objects.filter(user=user, constituency=constituency, left_on=None).exists()
    )


def eligible_voters(*, constituency: Constituency) -> QuerySet[Any]:
    """Active people holding a member role with a current membership of ``constituency``."""
    return (
        User.objects.filter(
            is_active=True,
            council_memberships__constituency=constituency,
            council_memberships__left_on=None,
            groups__name__in=list(MEMBER_ROLES),
        )
        .distinct()
        .order_by("pk")
    )


def _check_schedule(values: dict[str, Any]) -> None:
    order = [
        ("nominations_open_at", _("nominations open")),
        ("nominations_close_at", _("nominations close")),
        ("voting_open_at", _("voting opens")),
        ("voting_close_at", _("voting closes")),
    ]
    previous: tuple[datetime.datetime, str] | None = None
    for name, label in order:
        moment = values.get(name)
        if moment is None:
            continue
        if previous and moment <= previous[0]:
            raise ValidationError(
                {
                    name: _("The time %(this)s must be after the time %(that)s.")
                    % {"this": label, "that": previous[1]}
                }
            )
        previous = (moment, label)


@transaction.atomic
def election_create(
    *, actor: User, council: Council, constituency: Constituency, title: str, **values: Any
) -> Election:
    if constituency.council_id != council.pk:
        raise ValidationError({"constituency": _("Choose a constituency of this council.")})
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown election fields: {sorted(unknown)}")
    _check_schedule(values)
    election = Election(
        council=council, constituency=constituency, title=title, created_by=actor, **values
    )
    election.full_clean()
    election.save()
    election_log_append(
        election=election,
        action="created",
        message=_("The election was set up with %(seats)s seat(s).") % {"seats": election.seats},
        actor=actor,
        detail={"seats": election.seats, "include_ron": election.include_ron},
    )
    audit_record(actor=actor, action=AuditAction.COUNCIL_ELECTION_CREATE, obj=election)
    return election


@transaction.atomic
def election_update(*, actor: User, election: Election, **values: Any) -> Election:
    """Change the settings. Refused once voting has opened: the election is frozen then."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.is_frozen or election.status not in (
        S.DRAFT,
        S.NOMINATIONS_OPEN,
        S.NOMINATIONS_CLOSED,
    ):
        raise ValidationError(_("Voting has opened, so this election can no longer be changed."))
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown election fields: {sorted(unknown)}")
    merged = {name: values.get(name, getattr(election, name)) for name in EDITABLE_FIELDS}
    _check_schedule(merged)
    changed = {
        name: str(value) for name, value in values.items() if getattr(election, name) != value
    }
    for name, value in values.items():
        setattr(election, name, value)
    election.full_clean()
    election.save()
    if changed:
        election_log_append(
            election=election,
            action="settings changed",
            message=_("Settings changed: %(fields)s.") % {"fields": ", ".join(sorted(changed))},
            actor=actor,
            detail=changed,
        )
        audit_record(
            actor=actor, action=AuditAction.COUNCIL_ELECTION_UPDATE, obj=election, detail=changed
        )
    return election


def _claim(election: Election, from_status: str, to_status: str, **extra: Any) -> bool:
    changed = Election.objects.filter(pk=election.pk, status=from_status).update(
        status=to_status, updated_at=timezone.now(), **extra
    )
    if changed:
        election.refresh_from_db()
    return bool(changed)


def _queue_reminders(election: Election, kind: str) -> None:
    transaction.on_commit(lambda: send_election_reminders_task.delay(election.pk, kind))


@transaction.atomic
def election_open_nominations(*, election: Election, actor: User | None = None) -> bool:
    if not _claim(election, S.DRAFT, S.NOMINATIONS_OPEN):
        return False
    election_log_append(
        election=election,
        action="nominations opened",
        message=_("Nominations opened."),
        actor=actor,
    )
    audit_record(actor=actor, action=AuditAction.COUNCIL_ELECTION_OPEN_NOMINATIONS, obj=election)
    _queue_reminders(election, "nominations_open")
    return True


@transaction.atomic
def election_close_nominations(*, election: Election, actor: User | None = None) -> bool:
    if not _claim(election, S.NOMINATIONS_OPEN, S.NOMINATIONS_CLOSED):
        return False
    lapsed = Nomination.objects.filter(election=election, status=Nomination.Status.AWAITING_NOMINEE)
    lapsed.update(
        status=Nomination.Status.DECLINED,
        decision_reason=_("The person nominated did not agree before nominations closed."),
        decided_at=timezone.now(),
        updated_at=timezone.now(),
    )
    counts = dict(
        Nomination.objects.filter(election=election)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    election_log_append(
        election=election,
        action="nominations closed",
        message=_("Nominations closed."),
        actor=actor,
        detail={"nominations": counts},
    )
    audit_record(actor=actor, action=AuditAction.COUNCIL_ELECTION_CLOSE_NOMINATIONS, obj=election)
    return True


@transaction.atomic
def election_open_voting(*, election: Election, actor: User | None = None) -> bool:
    """Open voting: freeze the candidates, the settings and the voter roll, and fingerprint them."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status != S.NOMINATIONS_CLOSED:
        return False
    if Nomination.objects.filter(election=election, status=Nomination.Status.PENDING).exists():
        raise ValidationError(
            _("Some nominations are still waiting for a decision. Accept or reject them first.")
        )
    candidates = list(
        Nomination.objects.filter(
            election=election, status=Nomination.Status.ACCEPTED, is_ron=False
        )
    )
    if not candidates:
        raise ValidationError(_("No candidates have been accepted, so voting cannot open."))
    names = [c.ballot_name.strip().casefold() for c in candidates]
    if len(set(names)) != len(names) or RON_NAME.casefold() in names:
        raise ValidationError(
            _(
                "Two candidates have the same name on the ballot paper. Change one before "
                "opening voting."
            )
        )
    if election.include_ron:
        ron = Nomination(
            election=election,
            is_ron=True,
            ballot_name=RON_NAME,
            statement=_(
                "Choose this if you want nominations to re-open rather than elect a candidate."
            ),
            status=Nomination.Status.ACCEPTED,
            decided_at=timezone.now(),
        )
        ron.full_clean(validate_constraints=False)
        ron.save()
    voter_ids = list(
        eligible_voters(constituency=election.constituency).values_list("pk", flat=True)
    )
    RollEntry.objects.bulk_create(
        [RollEntry(election=election, voter_id=pk) for pk in voter_ids], batch_size=5000
    )
    now = timezone.now()
    payload = election_fingerprint_payload(election=election)
    fingerprint = election_fingerprint(payload=payload)
    # The keys that seal ballots until close, derived from PORTAL_BALLOT_KEY and the salt:
    # only the salt and the X25519 public key (which tells a changed secret) are stored.
    salt = sealing.new_salt()
    if not _claim(
        election,
        S.NOMINATIONS_CLOSED,
        S.VOTING_OPEN,
        frozen_at=now,
        voting_opened_at=now,
        fingerprint=fingerprint,
        fingerprint_payload=payload,
        roll_size=len(voter_ids),
        ballot_key_salt=salt,
        ballot_public_key=sealing.public_key_hex(election_id=election.pk, salt=salt),
        ballot_seal=Election.BallotSeal.AEAD,
    ):
        raise ValidationError(_("This election has already moved on."))
    election_log_append(
        election=election,
        action="roll frozen",
        message=_("The voter roll, the candidates and the settings were frozen."),
        actor=actor,
        detail={"roll_size": len(voter_ids), "fingerprint": fingerprint},
    )
    election_log_append(
        election=election, action="voting opened", message=_("Voting opened."), actor=actor
    )
    audit_record(actor=actor, action=AuditAction.COUNCIL_ELECTION_OPEN_VOTING, obj=election)
    _queue_reminders(election, "voting_open")
    return True


@transaction.atomic
def election_close_voting(
    *, election: Election, actor: User | None = None, progress: Any = None
) -> bool:
    """Close voting and seal the ballot box. ``progress`` (0 to 1) follows the sealing.

    The row lock waits for every vote already being cast (each holds a share lock on the
    election row, see ``ballot_cast``) to finish, so a vote racing the close is either in the
    box before it is sealed, or sees the election closed and is refused.
    """
    from council.services.ballot_box import ballot_box_seal

    election = Election.objects.select_for_update().get(pk=election.pk)
    if not _claim(election, S.VOTING_OPEN, S.VOTING_CLOSED, voting_closed_at=timezone.now()):
        return False
    ballots = ballot_box_seal(election=election, progress=progress)
    turnout = election.participations.count()
    election_log_append(
        election=election,
        action="voting closed",
        message=_("Voting closed. The ballot box was mixed and sealed."),
        actor=actor,
        detail={"ballots": ballots, "voted": turnout, "roll_size": election.roll_size},
    )
    audit_record(actor=actor, action=AuditAction.COUNCIL_ELECTION_CLOSE_VOTING, obj=election)
    return True


@transaction.atomic
def election_cancel(*, actor: User, election: Election, reason: str) -> Election:
    """Cancel an election at any point before its result is released, saying why.

    The rule for anything already cast, chosen because it reveals nothing:

    - **Ballots are never counted, and are destroyed now.** The held (sealed) ballots, any
      counted ballots and receipt hashes, and a count already run but not released are
      deleted in this transaction. Keeping them sealed until the election's data is deleted
      would leave a box that someone holding both the database and ``PORTAL_BALLOT_KEY``
      could still open, for no purpose: a cancelled election is never counted. The salt
      and public key are cleared too, so the key that opens them cannot be derived again.
      (Deleted rows linger in PostgreSQL's free space until vacuumed, as after any close:
      see ``council/services/ballots.py``.)
    - **Who voted is deleted too.** The participations (who voted, and how) are only needed
      to refuse a second ballot and to count turnout; neither means anything once the
      election is cancelled, so they go with the ballots rather than wait to be shown
      somewhere by mistake. The election log keeps only the numbers (ballots and people),
      which the returning officer already saw as turnout.
    - The voter roll, the nominations and the log stay: they say who could have voted and
      who stood, which is public, and the log's hash chain must stay whole.

    Allowed from any status before ``PUBLISHED``; refused once a result is released (it
    cannot be taken back) and on an election already cancelled. The row lock makes it
    wait for a close, a count or a release already running (each takes the same lock, as
    does every vote being cast), so it either comes after and undoes nothing released, or
    comes first and they find the election cancelled and change nothing.

    Members and candidates are told, with the reason, by a job queued on commit
    (``election_cancelled_notify``). Nobody is told who else voted.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the election is cancelled. Members will see this.")}
        )
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status == S.PUBLISHED:
        raise ValidationError(
            _("The result has been released, so this election can no longer be cancelled.")
        )
    if election.status == S.CANCELLED:
        raise ValidationError(_("This election has already been cancelled."))
    was = election.status
    held = HeldBallot.objects.filter(election=election).delete()[0]
    counted = Ballot.objects.filter(election=election).delete()[0]
    Receipt.objects.filter(election=election).delete()
    ElectionCount.objects.filter(election=election).delete()
    voted = Participation.objects.filter(election=election).delete()[0]
    now = timezone.now()
    election.status = S.CANCELLED
    election.cancelled_at = now
    election.cancelled_reason = reason
    election.cancelled_from = was
    election.ballot_key_salt = ""
    election.ballot_public_key = ""
    election.full_clean()
    election.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancelled_reason",
            "cancelled_from",
            "ballot_key_salt",
            "ballot_public_key",
            "updated_at",
        ]
    )
    election_log_append(
        election=election,
        action="cancelled",
        message=_("The election was cancelled. The reason given: %(reason)s") % {"reason": reason},
        actor=actor,
        detail={
            "from": was,
            "ballots_destroyed": held + counted,
            "people_who_had_voted": voted,
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.COUNCIL_ELECTION_CANCEL,
        obj=election,
        detail={"from": was, "reason": reason},
    )
    election_id = election.pk
    transaction.on_commit(lambda: send_election_cancelled_task.delay(election_id))
    return election


def election_schedule_run(*, now: datetime.datetime | None = None) -> int:
    """Take every step whose scheduled time has come. Safe to run twice at once."""
    now = now or timezone.now()
    steps = [
        (S.DRAFT, "nominations_open_at", election_open_nominations),
        (S.NOMINATIONS_OPEN, "nominations_close_at", election_close_nominations),
        (S.NOMINATIONS_CLOSED, "voting_open_at", election_open_voting),
        (S.VOTING_OPEN, "voting_close_at", election_close_voting),
    ]
    done = 0
    for status, field, step in steps:
        due = Election.objects.filter(status=status, **{f"{field}__lte": now}).order_by("pk")
        for election in due:
            try:
                done += bool(step(election=election))
            except ValidationError as exc:
                logger.warning(
                    "Election %s: scheduled step %s not taken: %s", election.pk, step.__name__, exc
                )
    return done
