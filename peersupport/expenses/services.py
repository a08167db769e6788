"""Travel expenses: draft -> submitted -> approved or rejected (with a reason) -> paid.

A mentor claims for a session they attended or a helpline shift they did, within 90 days.
Mileage modes are paid at the rate in force on the day of the journey; other modes at the
amount on the ticket. Every status change is a conditional update (the claim), so two staff
clicking at once cannot both approve, or pay, one claim. The claimant is told at each step.
Nobody approves or pays their own claim (refused here, and by a database check).
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.http import int_param
from core.notification_kinds import NotificationKind
from core.services import audit_record, notify
from peersupport.common import refuse
from peersupport.expenses.money import mileage_amount, pounds
from peersupport.expenses.receipts import validate_receipt
from peersupport.models import (
    MILEAGE_MODES,
    Attendance,
    ClaimStatus,
    ExpenseClaim,
    MileageRate,
    Occurrence,
    Shift,
    ShiftSignUp,
    ShiftSignUpStatus,
    ShiftStatus,
    SignUp,
    TravelMode,
)
from users.models import User
from users.roles import Role

CLAIM_WITHIN_DAYS = 90
MAX_CLAIM = Decimal("500.00")
MAX_MILES = Decimal("1000")


LIVE_CLAIM = ~Q(status=ClaimStatus.REJECTED)

logger = logging.getLogger(__name__)


def is_approver(user: User) -> bool:
    """Who approves and pays claims, and may see receipts: peer-support staff."""
    return user.is_authenticated and user.has_role(Role.STAFF, Role.ADMINISTRATOR)


def rate_on(mode: str, day: date) -> MileageRate | None:
    return (
        MileageRate.objects.filter(mode=mode, effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )


def _resolve_source(
    claimant: User, source: str, today: date
) -> tuple[Occurrence | None, Shift | None, date]:
    """'session-12' or 'shift-4' -> the session or shift, if the claimant was there."""
    kind, _sep, raw = (source or "").partition("-")
    try:
        source_id = int_param(raw, required=True)
    except ValueError:
        source_id = None
    if source_id is None or kind not in ("session", "shift"):
        raise refuse(_("Choose the session or shift the journey was for."), "source")
    earliest = today - timedelta(days=CLAIM_WITHIN_DAYS)
    if kind == "session":
        signup = (
            SignUp.objects.select_related("occurrence")
            .filter(user=claimant, occurrence_id=source_id, attendance=Attendance.ATTENDED)
            .first()
        )
        if signup is None:
            raise refuse(_("You can only claim for a session you attended."), "source")
        occurrence = signup.occurrence
        day = occurrence.local_date
        found: tuple[Occurrence | None, Shift | None, date] = (occurrence, None, day)
    else:
        shift_signup = (
            ShiftSignUp.objects.select_related("shift")
            .filter(
                user=claimant,
                shift_id=source_id,
                status=ShiftSignUpStatus.ON_ROTA,
                shift__status=ShiftStatus.SCHEDULED,
                shift__starts_at__lte=timezone.now(),
            )
            .first()
        )
        if shift_signup is None:
            raise refuse(_("You can only claim for a helpline shift you did."), "source")
        day = shift_signup.shift.local_date
        found = (None, shift_signup.shift, day)
    if day < earliest:
        raise refuse(
            _("Claims must be made within %(days)d days of the journey.")
            % {"days": CLAIM_WITHIN_DAYS},
            "source",
        )
    return found


def _locked_claim(claim: ExpenseClaim) -> ExpenseClaim:
    return ExpenseClaim.objects.select_for_update().get(pk=claim.pk)


def _delete_file_later(name: str | None) -> None:
    if not name:
        return
    from django.core.files.storage import default_storage

    transaction.on_commit(lambda: default_storage.delete(name))


def _delete_file_now(name: str | None) -> None:
    if not name:
        return
    from django.core.files.storage import default_storage

    try:
        default_storage.delete(name)
    except OSError:
        logger.warning("A receipt file could not be removed after a failed save", exc_info=True)


def _store_receipt(claim: ExpenseClaim, receipt: UploadedFile[bytes]) -> str:
    """Write the receipt under a fresh random name and return that name.

    A full disk or an upload folder that cannot be written is refused in plain English; a
    file cut off half-way is removed, so nothing half-written is left behind.
    """
    field = claim.receipt.field
    target = field.generate_filename(claim, receipt.name or "")  # a random, unused name
    try:
        return field.storage.save(target, receipt, max_length=field.max_length)
    except OSError as exc:
        logger.warning(
            "A receipt could not be stored (%s)", errno.errorcode.get(exc.errno or 0, "?")
        )
        _delete_file_now(target)
        raise refuse(
            _(
                "We could not save your receipt because the portal's file storage is full or "
                "not working. Nothing was saved. Try again later, or save the claim without "
                "the receipt and add it later."
            ),
            "receipt",
        ) from None


def _tell(claim: ExpenseClaim, kind: str) -> None:
    notify(
        user=claim.claimant,
        kind=kind,
        context={"claim": claim, "amount": pounds(claim.amount)},
        dedupe_key=f"peer-claim-{claim.pk}-{kind}-{claim.status}",
        link=reverse("peersupport:claim-detail", kwargs={"pk": claim.pk}),
    )


@transaction.atomic
def claim_save(
    *,
    claimant: User,
    source: str,
    journey_from: str,
    journey_to: str,
    mode: str,
    amount: Decimal | None = None,
    miles: Decimal | None = None,
    receipt: UploadedFile[bytes] | None = None,
    remove_receipt: bool = False,
    claim: ExpenseClaim | None = None,
    today: date | None = None,
) -> ExpenseClaim:
    """Start a claim, or change a draft. The amount is worked out for mileage."""
    today = today or timezone.localdate()
    if claim is not None:
        claim = _locked_claim(claim)
        if claim.claimant_id != claimant.pk:
            raise refuse(_("You can only change your own claims."))
        if claim.status != ClaimStatus.DRAFT:
            raise refuse(_("This claim has been sent, so it cannot be changed."))
    occurrence, shift, day = _resolve_source(claimant, source, today)
    duplicates = ExpenseClaim.objects.filter(LIVE_CLAIM, claimant=claimant)
    duplicates = (
        duplicates.filter(occurrence=occurrence) if occurrence else duplicates.filter(shift=shift)
    )
    if claim is not None:
        duplicates = duplicates.exclude(pk=claim.pk)
    if duplicates.exists():
        raise refuse(
            _("You have already claimed for this. Each journey is claimed once."), "source"
        )
    if mode not in TravelMode.values:
        raise refuse(_("Choose how you travelled."), "mode")
    rate = None
    if mode in MILEAGE_MODES:
        if miles is None or miles <= 0:
            raise refuse(_("Enter how many miles you travelled, there and back."), "miles")
        if miles > MAX_MILES:
            raise refuse(_("Enter %(max)s miles or fewer.") % {"max": MAX_MILES}, "miles")
        found = rate_on(mode, day)
        if found is None:
            raise refuse(
                _("There is no mileage rate for that kind of travel on that date. Ask staff."),
                "mode",
            )
        rate = found.pence_per_mile
        amount = mileage_amount(miles, rate)
    else:
        miles = None
    if amount is None:
        raise refuse(_("Enter the amount you paid, like 4.50"), "amount")
    if amount <= 0:
        raise refuse(_("Enter an amount more than £0.00"), "amount")
    if amount > MAX_CLAIM:
        raise refuse(
            _("Claims are for up to %(max)s. For more, talk to staff first.")
            % {"max": pounds(MAX_CLAIM)},
            "amount",
        )
    claim = claim or ExpenseClaim(claimant=claimant)
    claim.occurrence, claim.shift, claim.journey_date = occurrence, shift, day
    claim.journey_from = journey_from.strip()
    claim.journey_to = journey_to.strip()
    claim.mode = mode
    claim.miles = miles
    claim.pence_per_mile = rate
    claim.amount = amount
    old_file = claim.receipt.name if claim.receipt else ""
    if remove_receipt or receipt is not None:
        claim.receipt = None
        claim.receipt_name = claim.receipt_content_type = ""
        claim.receipt_size = None
    new_file = ""
    if receipt is not None:
        try:
            name, content_type = validate_receipt(receipt)
        except ValidationError as exc:
            raise refuse(exc.messages[0], "receipt") from None
        new_file = _store_receipt(claim, receipt)
        claim.receipt.name = new_file
        claim.receipt_name, claim.receipt_content_type = name, content_type
        claim.receipt_size = receipt.size
    try:
        claim.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError:
            raise refuse(
                _("You have already claimed for this. Each journey is claimed once."), "source"
            ) from None
    except BaseException:
        # The claim was not saved, so neither is the new file: nothing is left half-done.
        _delete_file_now(new_file)
        raise
    if old_file and (claim.receipt.name if claim.receipt else "") != old_file:
        _delete_file_later(old_file)
    audit_record(
        actor=claimant,
        action=AuditAction.PEERSUPPORT_CLAIM_SAVE,
        obj=claim,
        detail={"amount": str(amount), "mode": mode},
    )
    return claim


@transaction.atomic
def claim_delete(*, claim: ExpenseClaim, actor: User) -> None:
    claim = _locked_claim(claim)
    if claim.claimant_id != actor.pk or claim.status != ClaimStatus.DRAFT:
        raise refuse(_("Only a draft can be deleted, by the person who made it."))
    _delete_file_later(claim.receipt.name if claim.receipt else "")
    audit_record(actor=actor, action=AuditAction.PEERSUPPORT_CLAIM_DELETE, obj=claim)
    ExpenseClaim.objects.filter(pk=claim.pk).delete()


@transaction.atomic
def claim_submit(*, claim: ExpenseClaim, actor: User, declaration: bool) -> ExpenseClaim:
    """Send a draft for approval, with the declaration."""
    if claim.claimant_id != actor.pk:
        raise refuse(_("You can only send your own claims."))
    if not declaration:
        raise refuse(
            _("Tick the box to confirm the journey was for peer support and the amount is right."),
            "declaration",
        )
    now = timezone.now()
    sent = ExpenseClaim.objects.filter(pk=claim.pk, status=ClaimStatus.DRAFT).update(
        status=ClaimStatus.SUBMITTED, declared_at=now, submitted_at=now, updated_at=now
    )
    if not sent:
        raise refuse(_("This claim has already been sent."))
    claim.refresh_from_db()
    audit_record(actor=actor, action=AuditAction.PEERSUPPORT_CLAIM_SUBMIT, obj=claim)
    _tell(claim, NotificationKind.PEERSUPPORT_CLAIM_SUBMITTED)
    return claim


@transaction.atomic
def claim_decide(
    *, claim: ExpenseClaim, actor: User, approve: bool, reason: str = ""
) -> ExpenseClaim:
    """Approve a claim, or reject it with a reason. Never one's own."""
    if not is_approver(actor):
        raise refuse(_("Only peer-support staff can decide on claims."))
    if claim.claimant_id == actor.pk:
        raise refuse(_("You cannot decide on your own claim. Ask another member of staff."))
    reason = reason.strip()
    if not approve and not reason:
        raise refuse(_("Say why the claim is not approved. The mentor will be told."), "reason")
    now = timezone.now()
    status = ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED
    decided = ExpenseClaim.objects.filter(pk=claim.pk, status=ClaimStatus.SUBMITTED).update(
        status=status,
        decided_by=actor,
        decided_at=now,
        rejection_reason="" if approve else reason,
        updated_at=now,
    )
    if not decided:
        raise refuse(_("This claim is not waiting for a decision."))
    claim.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_CLAIM_APPROVE
        if approve
        else AuditAction.PEERSUPPORT_CLAIM_REJECT,
        obj=claim,
        detail={"amount": str(claim.amount)} if approve else {"reason": reason},
    )
    _tell(
        claim,
        NotificationKind.PEERSUPPORT_CLAIM_APPROVED
        if approve
        else NotificationKind.PEERSUPPORT_CLAIM_REJECTED,
    )
    return claim


@transaction.atomic
def claims_mark_paid(
    *, claim_ids: Iterable[int], actor: User, reference: str
) -> list[ExpenseClaim]:
    """Record that finance paid these approved claims. Returns the claims this call paid."""
    if not is_approver(actor):
        raise refuse(_("Only peer-support staff can mark claims as paid."))
    reference = reference.strip()
    if not reference:
        raise refuse(_("Enter the payment reference from finance."), "reference")
    ids = sorted(set(claim_ids))
    if not ids:
        raise refuse(_("Choose the claims that have been paid."), "claims")
    if ExpenseClaim.objects.filter(pk__in=ids, claimant=actor).exists():
        raise refuse(
            _("One of these is your own claim. Ask another member of staff to mark it paid."),
            "claims",
        )
    now = timezone.now()
    paid = []
    for pk in ids:
        done = ExpenseClaim.objects.filter(pk=pk, status=ClaimStatus.APPROVED).update(
            status=ClaimStatus.PAID,
            paid_by=actor,
            paid_at=now,
            payment_reference=reference[:60],
            updated_at=now,
        )
        if done:
            claim = ExpenseClaim.objects.select_related("claimant").get(pk=pk)
            audit_record(
                actor=actor,
                action=AuditAction.PEERSUPPORT_CLAIM_PAY,
                obj=claim,
                detail={"reference": reference, "amount": str(claim.amount)},
            )
            _tell(claim, NotificationKind.PEERSUPPORT_CLAIM_PAID)
            paid.append(claim)
    return paid


@transaction.atomic
def mileage_rate_set(
    *, mode: str, pence_per_mile: Decimal, effective_from: date, actor: User
) -> MileageRate:
    """A new rate from a date. Journeys before it keep the old rate."""
    if mode not in MILEAGE_MODES:
        raise refuse(_("Choose car, motorbike or bicycle."), "mode")
    if pence_per_mile <= 0:
        raise refuse(_("Enter a rate more than 0p a mile."), "pence_per_mile")
    rate, _created = MileageRate.objects.update_or_create(
        mode=mode,
        effective_from=effective_from,
        defaults={"pence_per_mile": pence_per_mile, "set_by": actor},
    )
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_MILEAGE_RATE_SET,
        obj=rate,
        detail={"mode": mode, "pence": str(pence_per_mile), "from": effective_from.isoformat()},
    )
    return rate


def claims_exported(*, actor: User, count: int, kind: str) -> None:
    """The finance export names people and amounts: who took one, and when, is on record."""
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_CLAIMS_EXPORT,
        detail={"claims": count, "format": kind},
    )
