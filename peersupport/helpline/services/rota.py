"""The out-of-hours helpline rota: sign-up, drop, swap, cancel, and the helpers the rest of
the helpline services share.

Places are counted with the shift row locked, and the person's own row is locked too, so
two sign-ups by one person at once (a shift here, a session there) are judged one after the
other. A person cannot hold two overlapping shifts: checked here for a clear message and on
PostgreSQL refused by an exclusion constraint (migration 0005). A shift that overlaps a
session the person is booked on is refused here, and the session sign-up refuses an
overlapping shift in the same way.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.notification_kinds import NotificationKind
from core.services import audit_record, notify
from peersupport.alerts import coordinators
from peersupport.common import clashing_signup, local_label, refuse
from peersupport.models import (
    HELPLINE_QUALIFICATION,
    MentorProfile,
    MentorStatus,
    Shift,
    ShiftSignUp,
    ShiftSignUpStatus,
    ShiftStatus,
    ShiftSwap,
    SwapStatus,
)
from peersupport.timefmt import clock
from users.models import User
from users.roles import Role

# Within this window a gap is urgent: the daily job warns about it, and a mentor dropping
# out of a shift this close tells the coordinator at once.
GAP_WINDOW = timedelta(hours=72)


COORDINATE = "coordinate_helpline"


# --- Helpers ----------------------------------------------------------------------------


def shift_label(shift: Shift) -> str:
    """'Friday 6 March 2026, 6pm to 10pm' in the shift's own time zone."""
    zone = shift.pattern.zone
    start = timezone.localtime(shift.starts_at, zone)
    end = timezone.localtime(shift.ends_at, zone)
    return f"{start:%A} {start.day} {start:%B %Y}, {clock(start)} to {clock(end)}"


def helpline_eligible_users() -> QuerySet[User]:
    """Active mentors holding the helpline qualification: who may take shifts."""
    return User.objects.filter(
        is_active=True,
        mentor_profile__status=MentorStatus.ACTIVE,
        mentor_profile__qualifications__qualification__name=HELPLINE_QUALIFICATION,
    )


def _check_eligible(user: User, *, by_staff: bool) -> None:
    if helpline_eligible_users().filter(pk=user.pk).exists():
        return
    profile = MentorProfile.objects.filter(user=user).only("status").first()
    active = profile is not None and profile.status == MentorStatus.ACTIVE
    if by_staff:
        if not active:
            raise refuse(
                _("%(name)s is not an active peer mentor, so they cannot take helpline shifts.")
                % {"name": user},
                "user",
            )
        raise refuse(
            _("%(name)s has not done the '%(training)s' training yet.")
            % {"name": user, "training": HELPLINE_QUALIFICATION},
            "user",
        )
    if not active:
        raise refuse(_("Only active peer mentors can take helpline shifts."))
    raise refuse(
        _(
            "You need the '%(training)s' training before you can take helpline shifts. "
            "Ask the peer-support team about it."
        )
        % {"training": HELPLINE_QUALIFICATION}
    )


def _lock_person(user_id: int) -> None:
    """Lock the person's row so their own sign-ups (shifts and sessions) go one at a time."""
    list(User.objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True))


def clashing_shift(
    *, user_id: int, starts_at: datetime, ends_at: datetime, exclude_shift_id: int | None = None
) -> ShiftSignUp | None:
    """The person's helpline shift that overlaps this time, if any."""
    qs = ShiftSignUp.objects.select_related("shift__pattern").filter(
        user_id=user_id,
        status=ShiftSignUpStatus.ON_ROTA,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    if exclude_shift_id is not None:
        qs = qs.exclude(shift_id=exclude_shift_id)
    return qs.first()


def _check_clash(shift: Shift, user: User, *, by_staff: bool) -> None:
    other = clashing_shift(
        user_id=user.pk,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        exclude_shift_id=shift.pk,
    )
    if other is not None:
        what, when = other.shift.title, shift_label(other.shift)
    else:
        session = clashing_signup(user_id=user.pk, starts_at=shift.starts_at, ends_at=shift.ends_at)
        if session is None:
            return
        what, when = session.occurrence.title, local_label(session.occurrence)
    if by_staff:
        raise refuse(
            _("%(name)s already has '%(other)s' at that time (%(when)s).")
            % {"name": user, "other": what, "when": when},
            "user",
        )
    raise refuse(
        _("This clashes with '%(other)s' (%(when)s), which you are already signed up to.")
        % {"other": what, "when": when}
    )


def _on_rota(shift: Shift) -> int:
    return ShiftSignUp.objects.filter(shift=shift, status=ShiftSignUpStatus.ON_ROTA).count()


def _locked_shift(shift_id: int) -> Shift:
    return Shift.objects.select_for_update(of=("self",)).select_related("pattern").get(pk=shift_id)


def _shift_link(shift: Shift) -> str:
    return reverse("peersupport:shift-detail", kwargs={"pk": shift.pk})


def _tell(
    user: User, shift: Shift, *, kind: str, dedupe_key: str | None, **context: object
) -> None:
    notify(
        user=user,
        kind=kind,
        context={"shift": shift, "when": shift_label(shift), **context},
        dedupe_key=dedupe_key,
        link=_shift_link(shift),
    )


def _place(shift: Shift, user: User, *, actor: User | None) -> ShiftSignUp:
    """Put ``user`` on the rota for ``shift`` (a new row, or their old row again)."""
    signup = ShiftSignUp.objects.filter(shift=shift, user=user).first()
    if signup is None:
        signup = ShiftSignUp(shift=shift, user=user)
    else:
        signup.sequence += 1
    signup.status = ShiftSignUpStatus.ON_ROTA
    signup.starts_at = shift.starts_at
    signup.ends_at = shift.ends_at
    signup.drop_reason = ""
    signup.changed_by = actor
    signup.reminded_for = None
    signup.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            signup.save()
    except IntegrityError:
        # The exclusion constraint caught an overlapping shift taken at the same moment.
        raise refuse(_("This clashes with another helpline shift on the rota.")) from None
    return signup


def _coordinators_for(shift: Shift, cache: dict[str, list[User]] | None = None) -> list[User]:
    """The pattern's own coordinator, or else the helpline coordinators (looked up once)."""
    person = shift.pattern.coordinator
    if person is not None and person.is_active and person.has_role(Role.STAFF):
        return [person]
    if cache is None:
        return coordinators(COORDINATE)
    if COORDINATE not in cache:
        cache[COORDINATE] = coordinators(COORDINATE)
    return cache[COORDINATE]


# --- Sign up, drop, swap ----------------------------------------------------------------


@transaction.atomic
def shift_signup(*, shift: Shift, user: User, actor: User | None = None) -> ShiftSignUp:
    """Put a mentor on the rota for a shift (``by`` staff: assign them, and tell them)."""
    by_staff = actor is not None and actor.pk != user.pk
    shift = _locked_shift(shift.pk)
    if shift.is_cancelled:
        raise refuse(_("This shift is cancelled."))
    if shift.starts_at <= timezone.now():
        raise refuse(_("This shift has already started."))
    _check_eligible(user, by_staff=by_staff)
    _lock_person(user.pk)
    existing = ShiftSignUp.objects.filter(shift=shift, user=user).first()
    if existing is not None and existing.is_on_rota:
        if by_staff:
            raise refuse(_("%(name)s is already on this shift.") % {"name": user}, "user")
        raise refuse(_("You are already on the rota for this shift."))
    if _on_rota(shift) >= shift.mentors_needed:
        raise refuse(
            _("This shift already has the %(n)d mentors it needs. Thank you for offering.")
            % {"n": shift.mentors_needed}
        )
    _check_clash(shift, user, by_staff=by_staff)
    signup = _place(shift, user, actor=actor)
    audit_record(
        actor=actor or user,
        action=AuditAction.PEERSUPPORT_SHIFT_SIGN_UP,
        obj=shift,
        detail={"user": user.pk, "by_staff": by_staff},
    )
    if by_staff:
        _tell(
            user,
            shift,
            kind=NotificationKind.PEERSUPPORT_SHIFT_BOOKED,
            dedupe_key=f"peer-shift-booked-{signup.pk}-{signup.sequence}",
        )
    return signup


def drop_deadline(shift: Shift) -> datetime:
    return shift.starts_at - timedelta(hours=shift.pattern.drop_cutoff_hours)


@transaction.atomic
def shift_drop(
    *, signup: ShiftSignUp, actor: User, reason: str, now: datetime | None = None
) -> ShiftSignUp:
    """Come off the rota, with a reason. Mentors may do so only before the cut-off.

    After the cut-off a mentor can still offer a swap; staff can take anyone off at any
    time before the shift starts. If the shift is then short within the next 72 hours, the
    coordinator is told at once.
    """
    now = now or timezone.now()
    reason = reason.strip()
    if not reason:
        raise refuse(_("Say why you cannot do this shift."), "reason")
    shift = _locked_shift(signup.shift_id)
    signup = ShiftSignUp.objects.select_related("user").get(pk=signup.pk)
    by_staff = actor.pk != signup.user_id
    if not signup.is_on_rota:
        raise refuse(_("You are not on the rota for this shift."))
    if shift.starts_at <= now:
        raise refuse(_("This shift has already started. Call the coordinator instead."))
    if not by_staff and now > drop_deadline(shift):
        raise refuse(
            _(
                "It is too late to drop this shift: it starts in less than %(hours)d hours. "
                "Offer a swap instead, or call the coordinator."
            )
            % {"hours": shift.pattern.drop_cutoff_hours}
        )
    signup.status = ShiftSignUpStatus.REMOVED if by_staff else ShiftSignUpStatus.DROPPED
    signup.drop_reason = reason
    signup.changed_by = actor
    signup.sequence += 1
    signup.save(update_fields=["status", "drop_reason", "changed_by", "sequence", "updated_at"])
    ShiftSwap.objects.filter(signup=signup, status=SwapStatus.OPEN).update(
        status=SwapStatus.WITHDRAWN
    )
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_SHIFT_DROP,
        obj=shift,
        detail={"user": signup.user_id, "reason": reason, "by_staff": by_staff},
    )
    if by_staff:
        _tell(
            signup.user,
            shift,
            kind=NotificationKind.PEERSUPPORT_SHIFT_REMOVED,
            dedupe_key=f"peer-shift-removed-{signup.pk}-{signup.sequence}",
            reason=reason,
        )
    short = shift.mentors_needed - _on_rota(shift)
    if short > 0 and shift.starts_at - now <= GAP_WINDOW:
        for person in _coordinators_for(shift):
            _tell(
                person,
                shift,
                kind=NotificationKind.PEERSUPPORT_SHIFT_DROPPED,
                dedupe_key=f"peer-shift-dropped-{signup.pk}-{signup.sequence}-{person.pk}",
                mentor=signup.user,
                short=short,
            )
    return signup


@transaction.atomic
def swap_offer(*, signup: ShiftSignUp, actor: User, note: str = "") -> ShiftSwap:
    """Offer your place on a shift to another eligible mentor. Free mentors are told."""
    shift = _locked_shift(signup.shift_id)
    signup = ShiftSignUp.objects.get(pk=signup.pk)
    if signup.user_id != actor.pk:
        raise refuse(_("Only the mentor on the rota can offer their shift for a swap."))
    if not signup.is_on_rota:
        raise refuse(_("You are not on the rota for this shift."))
    if shift.is_cancelled or shift.starts_at <= timezone.now():
        raise refuse(_("This shift has already started or is cancelled."))
    if ShiftSwap.objects.filter(signup=signup, status=SwapStatus.OPEN).exists():
        raise refuse(_("You have already offered this shift for a swap."))
    swap = ShiftSwap(shift=shift, signup=signup, offered_by=actor, note=note.strip()[:300])
    swap.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            swap.save()
    except IntegrityError:
        raise refuse(_("You have already offered this shift for a swap.")) from None
    audit_record(
        actor=actor, action=AuditAction.PEERSUPPORT_SWAP_OFFER, obj=shift, detail={"swap": swap.pk}
    )
    from peersupport.helpline.selectors import free_mentors

    for person in free_mentors(shift):
        _tell(
            person,
            shift,
            kind=NotificationKind.PEERSUPPORT_SWAP_OFFERED,
            dedupe_key=f"peer-swap-offered-{swap.pk}-{person.pk}",
            offered_by=actor,
        )
    return swap


@transaction.atomic
def swap_withdraw(*, swap: ShiftSwap, actor: User) -> ShiftSwap:
    if swap.offered_by_id != actor.pk:
        raise refuse(_("Only the mentor who offered the swap can withdraw it."))
    withdrawn = ShiftSwap.objects.filter(pk=swap.pk, status=SwapStatus.OPEN).update(
        status=SwapStatus.WITHDRAWN, updated_at=timezone.now()
    )
    if not withdrawn:
        raise refuse(_("This swap is no longer on offer."))
    audit_record(actor=actor, action=AuditAction.PEERSUPPORT_SWAP_WITHDRAW, obj=swap.shift)
    swap.refresh_from_db()
    return swap


@transaction.atomic
def swap_accept(*, swap: ShiftSwap, user: User) -> ShiftSignUp:
    """Take a shift another mentor offered. They come off the rota; you go on it.

    The swap is claimed with a conditional update, so two mentors taking it at once get
    one shift and one plain "someone else took it".
    """
    shift = _locked_shift(swap.shift_id)
    swap = ShiftSwap.objects.select_related("signup", "offered_by").get(pk=swap.pk)
    if swap.offered_by_id == user.pk:
        raise refuse(_("This is your own shift. Withdraw the offer instead."))
    if swap.status == SwapStatus.TAKEN:
        raise refuse(_("Someone else has already taken this shift. Thank you for offering."))
    if swap.status != SwapStatus.OPEN:
        raise refuse(_("This swap is no longer on offer."))
    if shift.is_cancelled or shift.starts_at <= timezone.now():
        raise refuse(_("This shift has already started or is cancelled."))
    _check_eligible(user, by_staff=False)
    _lock_person(user.pk)
    if ShiftSignUp.objects.filter(
        shift=shift, user=user, status=ShiftSignUpStatus.ON_ROTA
    ).exists():
        raise refuse(_("You are already on the rota for this shift."))
    _check_clash(shift, user, by_staff=False)
    now = timezone.now()
    claimed = ShiftSwap.objects.filter(pk=swap.pk, status=SwapStatus.OPEN).update(
        status=SwapStatus.TAKEN, taken_by=user, taken_at=now, updated_at=now
    )
    if not claimed:
        raise refuse(_("Someone else has already taken this shift. Thank you for offering."))
    ShiftSignUp.objects.filter(pk=swap.signup_id, status=ShiftSignUpStatus.ON_ROTA).update(
        status=ShiftSignUpStatus.SWAPPED_OUT,
        drop_reason=_("Swapped with %(name)s") % {"name": user},
        changed_by=user,
        sequence=F("sequence") + 1,
        updated_at=now,
    )
    signup = _place(shift, user, actor=user)
    audit_record(
        actor=user,
        action=AuditAction.PEERSUPPORT_SWAP_ACCEPT,
        obj=shift,
        detail={"swap": swap.pk, "from": swap.offered_by_id, "to": user.pk},
    )
    _tell(
        swap.offered_by,
        shift,
        kind=NotificationKind.PEERSUPPORT_SWAP_TAKEN,
        dedupe_key=f"peer-swap-taken-{swap.pk}",
        taken_by=user,
    )
    return signup


@transaction.atomic
def shift_cancel(*, shift: Shift, actor: User, reason: str) -> Shift:
    """Cancel one shift and tell everyone on its rota at once."""
    reason = reason.strip()
    if not reason:
        raise refuse(
            _("Say why the shift is cancelled. Mentors on the rota will be told."), "reason"
        )
    claimed = Shift.objects.filter(pk=shift.pk, status=ShiftStatus.SCHEDULED).update(
        status=ShiftStatus.CANCELLED, cancelled_reason=reason, updated_at=timezone.now()
    )
    if not claimed:
        raise refuse(_("This shift is already cancelled."))
    shift = Shift.objects.select_related("pattern").get(pk=shift.pk)
    people = list(
        ShiftSignUp.objects.select_related("user").filter(
            shift=shift, status=ShiftSignUpStatus.ON_ROTA
        )
    )
    ShiftSignUp.objects.filter(pk__in=[s.pk for s in people]).update(
        status=ShiftSignUpStatus.SHIFT_CANCELLED, sequence=F("sequence") + 1
    )
    ShiftSwap.objects.filter(shift=shift, status=SwapStatus.OPEN).update(
        status=SwapStatus.WITHDRAWN
    )
    for signup in people:
        _tell(
            signup.user,
            shift,
            kind=NotificationKind.PEERSUPPORT_SHIFT_CANCELLED,
            dedupe_key=f"peer-shift-cancel-{shift.pk}-{signup.user_id}",
            reason=reason,
        )
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_SHIFT_CANCEL,
        obj=shift,
        detail={"reason": reason, "told": len(people)},
    )
    return shift


def shifts_release_for(*, user: User, actor: User | None, reason: str) -> int:
    """Take someone who pauses or leaves off every shift still to come. Call in a transaction."""
    future = list(
        ShiftSignUp.objects.filter(
            user=user, status=ShiftSignUpStatus.ON_ROTA, starts_at__gt=timezone.now()
        ).values_list("pk", flat=True)
    )
    if not future:
        return 0
    ShiftSignUp.objects.filter(pk__in=future).update(
        status=ShiftSignUpStatus.REMOVED,
        drop_reason=reason,
        changed_by=actor,
        sequence=F("sequence") + 1,
    )
    ShiftSwap.objects.filter(signup_id__in=future, status=SwapStatus.OPEN).update(
        status=SwapStatus.WITHDRAWN
    )
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_SHIFTS_RELEASE,
        obj=user,
        detail={"count": len(future)},
    )
    return len(future)
