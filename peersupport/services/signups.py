"""Sign-ups, the waiting list, clashes and attendance.

Places are counted with the occurrence row locked (``select_for_update``), so two people
taking the last place at once get one place and one waiting-list spot. A person cannot hold
two overlapping sessions: checked here for a clear message, and on PostgreSQL also refused
by an exclusion constraint (migration 0002), so not even a race gets past it.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.notification_kinds import NotificationKind
from core.services import audit_record
from peersupport.common import (
    clashing_signup,
    local_label,
    refuse,
    tell_signup,
)
from peersupport.helpline.services.rota import _lock_person, clashing_shift, shift_label
from peersupport.models import (
    Attendance,
    MentorProfile,
    MentorQualification,
    MentorStatus,
    Occurrence,
    OccurrenceStatus,
    SessionType,
    SignUp,
    SignUpRole,
    SignUpStatus,
)
from peersupport.tasks import award_certificates as award_certificates_task
from users.models import User


def _check_eligible(user: User, occurrence: Occurrence, *, by_staff: bool) -> None:
    profile = MentorProfile.objects.filter(user=user).only("status").first()
    status = profile.status if profile else None
    if status == MentorStatus.ACTIVE:
        return
    if status == MentorStatus.TRAINING and occurrence.session_type == SessionType.TRAINING:
        return
    if by_staff:
        raise refuse(
            _("%(name)s is not an active peer mentor, so they cannot be booked on this session.")
            % {"name": user},
            "user",
        )
    if status == MentorStatus.PAUSED:
        raise refuse(_("Your peer-support work is paused, so you cannot sign up just now."))
    raise refuse(_("Only active peer mentors can sign up to sessions."))


def _role_for(occurrence: Occurrence, role: str | None) -> str:
    if role:
        if role not in SignUpRole.values or occurrence.places_for(role) == 0:
            raise refuse(_("This session has no places of that kind."), "role")
        return role
    return SignUpRole.MENTOR if occurrence.mentor_places else SignUpRole.PARTICIPANT


def _confirmed(occurrence: Occurrence, role: str) -> int:
    return SignUp.objects.filter(
        occurrence=occurrence, role=role, status=SignUpStatus.CONFIRMED
    ).count()


def _clash_message(clash: SignUp, *, by_staff: bool, user: User) -> str:
    when = local_label(clash.occurrence)
    if by_staff:
        return _("%(name)s already has '%(other)s' at that time (%(when)s).") % {
            "name": user,
            "other": clash.occurrence.title,
            "when": when,
        }
    return _("This clashes with '%(other)s' on %(when)s, which you are already signed up to.") % {
        "other": clash.occurrence.title,
        "when": when,
    }


@transaction.atomic
def signup_create(
    *,
    occurrence: Occurrence,
    user: User,
    actor: User | None = None,
    role: str | None = None,
) -> SignUp:
    """Sign ``user`` up (or, with ``by``, assign them). Full sessions put them on the waiting list.

    Staff may add someone to a session that has already started, to record a person who
    came without signing up; mentors can only sign up to sessions still to come.
    """
    by_staff = actor is not None and actor.pk != user.pk
    occurrence = (
        Occurrence.objects.select_for_update().select_related("series").get(pk=occurrence.pk)
    )
    if occurrence.status != OccurrenceStatus.SCHEDULED:
        raise refuse(_("This session is cancelled."))
    if not by_staff and occurrence.starts_at <= timezone.now():
        raise refuse(_("This session has already started, so you cannot sign up to it."))
    _check_eligible(user, occurrence, by_staff=by_staff)
    role = _role_for(occurrence, role)
    signup = SignUp.objects.filter(occurrence=occurrence, user=user).first()
    if signup is not None and signup.is_active:
        if by_staff:
            raise refuse(_("%(name)s is already on this session.") % {"name": user}, "user")
        raise refuse(
            _("You are already signed up to this session.")
            if signup.status == SignUpStatus.CONFIRMED
            else _("You are already on the waiting list for this session.")
        )
    # The person's own row is locked so a helpline shift taken at the same moment (which
    # locks it too) is judged after this, not beside it.
    _lock_person(user.pk)
    clash = clashing_signup(
        user_id=user.pk,
        starts_at=occurrence.starts_at,
        ends_at=occurrence.ends_at,
        exclude_occurrence_id=occurrence.pk,
    )
    if clash is not None:
        raise refuse(
            _clash_message(clash, by_staff=by_staff, user=user), "user" if by_staff else None
        )
    shift = clashing_shift(
        user_id=user.pk, starts_at=occurrence.starts_at, ends_at=occurrence.ends_at
    )
    if shift is not None:
        raise refuse(
            _("%(name)s is on the helpline rota at that time (%(when)s).")
            % {"name": user, "when": shift_label(shift.shift)}
            if by_staff
            else _("This clashes with your helpline shift (%(when)s).")
            % {"when": shift_label(shift.shift)},
            "user" if by_staff else None,
        )
    has_place = _confirmed(occurrence, role) < occurrence.places_for(role)
    status = SignUpStatus.CONFIRMED if has_place else SignUpStatus.WAITING
    now = timezone.now()
    if signup is None:
        signup = SignUp(occurrence=occurrence, user=user)
    else:
        signup.sequence += 1
    signup.role = role
    signup.status = status
    signup.starts_at = occurrence.starts_at
    signup.ends_at = occurrence.ends_at
    signup.queued_at = now
    signup.assigned_by = actor if by_staff else None
    signup.attendance = ""
    signup.reminded_for = None
    # Constraints are left to the database: it is the one judge of a race (see above).
    signup.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            signup.save()
    except IntegrityError:
        # The exclusion constraint caught an overlapping sign-up made at the same moment.
        raise refuse(
            _("This clashes with another session you are signed up to.")
            if not by_staff
            else _("%(name)s already has another session at that time.") % {"name": user}
        ) from None
    audit_record(
        actor=actor or user,
        action=AuditAction.PEERSUPPORT_SIGNUP_CREATE,
        obj=occurrence,
        detail={"user": user.pk, "status": status, "role": role},
    )
    if by_staff:
        signup.occurrence = occurrence
        tell_signup(
            signup,
            kind=NotificationKind.PEERSUPPORT_BOOKED,
            dedupe_key=f"peer-booked-{signup.pk}-{signup.sequence}",
            waiting=status == SignUpStatus.WAITING,
        )
    return signup


@transaction.atomic
def signup_withdraw(*, signup: SignUp, actor: User | None, notify_person: bool = True) -> SignUp:
    """Give up a place (or leave the waiting list). The next person waiting moves up."""
    occurrence = Occurrence.objects.select_for_update().get(pk=signup.occurrence_id)
    signup = SignUp.objects.select_related("user").get(pk=signup.pk)
    if not signup.is_active:
        raise refuse(_("You are not signed up to this session."))
    if occurrence.starts_at <= timezone.now():
        raise refuse(_("This session has already started. Tell the facilitator instead."))
    signup.status = SignUpStatus.WITHDRAWN
    signup.sequence += 1
    signup.save(update_fields=["status", "sequence", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_SIGNUP_WITHDRAW,
        obj=occurrence,
        detail={"user": signup.user_id},
    )
    promote_waiting(occurrence=occurrence)
    return signup


def promote_waiting(*, occurrence: Occurrence) -> list[SignUp]:
    """Give free places to the people waiting longest, and tell them. Call inside a transaction."""
    promoted: list[SignUp] = []
    if occurrence.status != OccurrenceStatus.SCHEDULED or occurrence.starts_at <= timezone.now():
        return promoted
    for role in SignUpRole.values:
        free = occurrence.places_for(role) - _confirmed(occurrence, role)
        if free <= 0:
            continue
        waiting = list(
            SignUp.objects.select_related("user")
            .filter(occurrence=occurrence, role=role, status=SignUpStatus.WAITING)
            .order_by("queued_at", "id")[:free]
        )
        for signup in waiting:
            claimed = SignUp.objects.filter(pk=signup.pk, status=SignUpStatus.WAITING).update(
                status=SignUpStatus.CONFIRMED, sequence=F("sequence") + 1
            )
            if not claimed:
                continue
            signup.refresh_from_db()
            signup.occurrence = occurrence
            tell_signup(
                signup,
                kind=NotificationKind.PEERSUPPORT_PROMOTED,
                dedupe_key=f"peer-promoted-{signup.pk}-{signup.sequence}",
            )
            promoted.append(signup)
    return promoted


@transaction.atomic
def attendance_record(*, occurrence: Occurrence, actor: User, marks: dict[int, str]) -> int:
    """Record attended / did not come / excused for people with a place. Returns rows changed.

    Attending a training day gives its qualification. Certificates follow from the job
    queued on commit.
    """
    occurrence = (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("series__qualification")
        .get(pk=occurrence.pk)
    )
    if occurrence.is_cancelled:
        raise refuse(_("This session was cancelled, so there is no attendance to record."))
    if occurrence.starts_at > timezone.now():
        raise refuse(_("Attendance can be recorded once the session has started."))
    allowed = set(Attendance.values) | {""}
    if any(value not in allowed for value in marks.values()):
        raise refuse(_("Choose attended, did not come or excused for each person."))
    signups = {
        s.pk: s
        for s in SignUp.objects.select_related("user").filter(
            occurrence=occurrence, pk__in=list(marks), status=SignUpStatus.CONFIRMED
        )
    }
    if len(signups) != len(marks):
        raise refuse(
            _("Some of those people do not have a place at this session. Reload the page.")
        )
    now = timezone.now()
    changed = 0
    attended_users: list[int] = []
    for pk, value in marks.items():
        signup = signups[pk]
        if signup.attendance == value:
            continue
        SignUp.objects.filter(pk=pk).update(
            attendance=value, attendance_recorded_by=actor, attendance_recorded_at=now
        )
        changed += 1
        if value == Attendance.ATTENDED:
            attended_users.append(signup.user_id)
    if attended_users and occurrence.series.qualification_id:
        _qualify(occurrence, attended_users, actor=actor)
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.PEERSUPPORT_ATTENDANCE_RECORD,
            obj=occurrence,
            detail={"changed": changed},
        )
        users = sorted({s.user_id for s in signups.values()})
        transaction.on_commit(lambda: award_certificates_task.delay(users))
    return changed


def _qualify(occurrence: Occurrence, user_ids: list[int], *, actor: User) -> None:
    """Attending a training day completes its qualification (once per person)."""
    qualification = occurrence.series.qualification
    assert qualification is not None  # the caller checks the series has one
    profiles = MentorProfile.objects.filter(
        user_id__in=user_ids,
        status__in=(MentorStatus.TRAINING, MentorStatus.ACTIVE, MentorStatus.PAUSED),
    ).exclude(qualifications__qualification=qualification)
    for profile in profiles:
        MentorQualification.objects.get_or_create(
            profile=profile,
            qualification=qualification,
            defaults={"completed_on": occurrence.local_date, "recorded_by": actor},
        )
        audit_record(
            actor=actor,
            action=AuditAction.PEERSUPPORT_QUALIFICATION_RECORD,
            obj=profile,
            detail={"qualification": qualification.name, "occurrence": occurrence.pk},
        )
