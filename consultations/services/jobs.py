"""Background work: opening and closing on time, letting late joiners in, notifications and
retention. Every job claims its work with a conditional update, so running it twice (two
workers, a retried task) does nothing the second time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from consultations import audience
from consultations.models import Consultation, NamedRespondent, StaffEntry, Submission
from consultations.services.building import (
    anonymous_invitations_issue,
    consultation_close,
    consultation_open,
)
from core.notification_kinds import NotificationKind
from core.services import notify


def consultations_open_due(*, now: datetime | None = None) -> list[int]:
    now = now or timezone.now()
    due = Consultation.objects.filter(
        status=Consultation.Status.SCHEDULED, opens_at__lte=now
    ).values_list("pk", flat=True)
    return [
        pk for pk in list(due) if consultation_open(consultation_id=pk, now=now, on_schedule=True)
    ]


def consultations_close_due(*, now: datetime | None = None) -> list[int]:
    now = now or timezone.now()
    due = Consultation.objects.filter(
        status=Consultation.Status.OPEN, closes_at__lte=now
    ).values_list("pk", flat=True)
    return [pk for pk in list(due) if consultation_close(consultation_id=pk, now=now)]


def anonymous_invitations_sync() -> int:
    """Let in members who joined after an anonymous consultation opened.

    Done here, in bulk and on a timer, rather than when the person first looks: a row made
    at that moment would sit right next to their answer in time and in the table.
    """
    ids = Consultation.objects.filter(
        status=Consultation.Status.OPEN,
        anonymity=Consultation.Anonymity.ANONYMOUS,
        audience__in=[Consultation.Audience.ALL_MEMBERS, Consultation.Audience.CONSTITUENCIES],
    ).values_list("pk", flat=True)
    return sum(anonymous_invitations_issue(consultation_id=pk) for pk in list(ids))


@dataclass(frozen=True)
class ScheduleResult:
    opened: list[int]
    closed: list[int]
    invited: int


def consultations_run_schedule(*, now: datetime | None = None) -> ScheduleResult:
    now = now or timezone.now()
    closed = consultations_close_due(now=now)
    opened = consultations_open_due(now=now)
    return ScheduleResult(opened=opened, closed=closed, invited=anonymous_invitations_sync())


def consultation_notify_opened(*, consultation_id: int) -> int:
    """Tell everyone a members' consultation is for that it is open. Each person once."""
    consultation = Consultation.objects.filter(
        pk=consultation_id, status=Consultation.Status.OPEN
    ).first()
    if consultation is None or consultation.audience == Consultation.Audience.OPEN_LINK:
        return 0
    link = reverse("consultations:start", kwargs={"pk": consultation.pk})
    ids = list(audience.audience_user_ids(consultation))
    sent = 0
    for start in range(0, len(ids), 500):
        for user in audience.members().filter(pk__in=ids[start : start + 500]):
            if notify(
                user=user,
                kind=NotificationKind.CONSULTATIONS_OPEN,
                context={"consultation": consultation},
                dedupe_key=f"consultations:open:{consultation.pk}:{user.pk}",
                link=link,
            ):
                sent += 1
    return sent


@dataclass(frozen=True)
class RetentionResult:
    deleted: int
    anonymised: int


def submissions_retention_run(
    *, today: date | None = None, batch_size: int = 500
) -> RetentionResult:
    """Delete or anonymise every submission whose destroy-after date has come.

    Works in batches, each in its own transaction, so a crash part-way loses nothing and the
    next run carries on. Anonymised submissions lose their destroy-after date, so a second
    run finds nothing to do.
    """
    today = today or timezone.localdate()
    deleted = anonymised = 0
    due = Submission.objects.filter(destroy_after__lte=today)
    while True:
        with transaction.atomic():
            pks = list(
                due.filter(consultation__retention_action=Consultation.RetentionAction.DELETE)
                .select_for_update(skip_locked=True, of=("self",))
                .values_list("pk", flat=True)[:batch_size]
            )
            if not pks:
                break
            Submission.objects.filter(pk__in=pks).delete()
            deleted += len(pks)
    while True:
        with transaction.atomic():
            pks = list(
                due.filter(consultation__retention_action=Consultation.RetentionAction.ANONYMISE)
                .select_for_update(skip_locked=True, of=("self",))
                .values_list("pk", flat=True)[:batch_size]
            )
            if not pks:
                break
            NamedRespondent.objects.filter(submission_id__in=pks).delete()
            StaffEntry.objects.filter(submission_id__in=pks).delete()
            anonymised += Submission.objects.filter(pk__in=pks, destroy_after__lte=today).update(
                pseudonym=None,
                consented_at=None,
                withdrawal_code_hash=None,
                anonymity=Consultation.Anonymity.ANONYMOUS,
                gender="",
                ethnic_group="",
                age_band="",
                area="",
                destroy_after=None,
                anonymised_on=today,
            )
    return RetentionResult(deleted=deleted, anonymised=anonymised)
