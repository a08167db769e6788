"""Reminders to members: nominations open, voting open, and 24 hours before voting closes.

Who gets the closing reminder (people on the roll who have not voted) is decided inside the
job; nothing about it is shown to staff, who only ever see turnout counts. Each kind is
claimed once per election with a conditional update, and every message has a dedupe key, so
a job that runs twice (or two workers at once) sends each reminder once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from core.notification_kinds import NotificationKind
from core.services import notify
from council.models import Election, ElectionLogEntry, Nomination, Participation, RollEntry
from council.services.elections import eligible_voters

S = Election.Status
KINDS = {
    "nominations_open": (S.NOMINATIONS_OPEN, "nominations_reminded_at"),
    "voting_open": (S.VOTING_OPEN, "voting_reminded_at"),
    "closing": (S.VOTING_OPEN, "closing_reminded_at"),
}
CLOSING_NOTICE = datetime.timedelta(hours=24)


def _recipients(election: Election, kind: str) -> QuerySet[Any]:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if kind == "nominations_open":
        return eligible_voters(constituency=election.constituency)
    on_roll = User.objects.filter(
        Exists(RollEntry.objects.filter(election=election, voter=OuterRef("pk")))
    )
    if kind == "closing":
        on_roll = on_roll.exclude(
            Exists(Participation.objects.filter(election=election, voter=OuterRef("pk")))
        )
    return on_roll.order_by("pk")


@transaction.atomic
def election_reminders_send(*, election_id: int, kind: str) -> int:
    """Send one kind of reminder for one election, once. Returns how many were sent."""
    status, flag = KINDS[kind]
    claimed = Election.objects.filter(pk=election_id, status=status, **{flag: None}).update(
        **{flag: timezone.now()}
    )
    if not claimed:
        return 0
    election = Election.objects.select_related("constituency").get(pk=election_id)
    link = reverse("council:election-detail", kwargs={"pk": election.pk})
    sent = 0
    for user in _recipients(election, kind).iterator(chunk_size=2000):
        if notify(
            user=user,
            kind=f"council_{kind}",
            context={"election": election},
            dedupe_key=f"council:{election.pk}:{kind}:{user.pk}",
            link=link,
        ):
            sent += 1
    return sent


def election_reminders_due(*, now: datetime.datetime | None = None) -> int:
    """The periodic job: send whatever reminders are due and not yet sent."""
    now = now or timezone.now()
    sent = 0
    for election_id in Election.objects.filter(
        status=S.NOMINATIONS_OPEN, nominations_reminded_at=None
    ).values_list("pk", flat=True):
        sent += election_reminders_send(election_id=election_id, kind="nominations_open")
    for election_id in Election.objects.filter(
        status=S.VOTING_OPEN, voting_reminded_at=None
    ).values_list("pk", flat=True):
        sent += election_reminders_send(election_id=election_id, kind="voting_open")
    for election_id in Election.objects.filter(
        status=S.VOTING_OPEN,
        closing_reminded_at=None,
        voting_close_at__gt=now,
        voting_close_at__lte=now + CLOSING_NOTICE,
    ).values_list("pk", flat=True):
        sent += election_reminders_send(election_id=election_id, kind="closing")
    return sent


def _cancelled_recipients(election: Election) -> QuerySet[Any]:
    """Everyone who knew of the election: the roll once voting had opened, else every member
    of the constituency once nominations had opened (a draft was never public), and anyone
    nominated. Never who voted: that was deleted with the ballots."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    nominated = Nomination.objects.filter(election=election, nominee=OuterRef("pk"))
    if election.voting_opened_at is not None:
        knew = Exists(RollEntry.objects.filter(election=election, voter=OuterRef("pk")))
        return User.objects.filter(knew | Exists(nominated), is_active=True).order_by("pk")
    was_public = ElectionLogEntry.objects.filter(
        election=election, action="nominations opened"
    ).exists()
    if was_public:
        members = eligible_voters(constituency=election.constituency).values("pk")
        return User.objects.filter(Q(pk__in=members) | Exists(nominated), is_active=True).order_by(
            "pk"
        )
    return User.objects.filter(Exists(nominated), is_active=True).order_by("pk")


def election_cancelled_notify(*, election_id: int) -> int:
    """Tell everyone who knew of a cancelled election that it is cancelled, and why.

    Safe to run twice: each message has a dedupe key. Does nothing unless the election is
    cancelled (a message queued for an election that was not would be a lie)."""
    election = (
        Election.objects.select_related("constituency")
        .filter(pk=election_id, status=S.CANCELLED)
        .first()
    )
    if election is None:
        return 0
    link = reverse("council:election-detail", kwargs={"pk": election.pk})
    sent = 0
    for user in _cancelled_recipients(election).iterator(chunk_size=2000):
        if notify(
            user=user,
            kind=NotificationKind.COUNCIL_ELECTION_CANCELLED,
            context={"election": election},
            dedupe_key=f"council:{election.pk}:cancelled:{user.pk}",
            link=link,
        ):
            sent += 1
    return sent
