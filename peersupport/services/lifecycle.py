"""The mentor lifecycle: referral, assessment, training, active, paused, left.

Every move goes through ``_move``, which refuses any move not in ``ALLOWED_MOVES``, locks
the profile row (so two staff clicking at once cannot both move it) and writes the history
row and the audit event in the same transaction.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.notification_kinds import NotificationKind
from core.services import audit_record, notify
from peersupport.common import refuse
from peersupport.helpline.services.rota import shifts_release_for
from peersupport.models import (
    ACTIVE_SIGNUP_STATUSES,
    ALLOWED_MOVES,
    Assessment,
    AssessmentOutcome,
    MentorProfile,
    MentorQualification,
    MentorStatus,
    MentorStatusChange,
    Qualification,
    Referral,
    SignUp,
)
from peersupport.tasks import award_certificates as award_certificates_task
from users.models import User
from users.roles import Role


def _move(
    *,
    profile: MentorProfile,
    to: str,
    actor: User | None,
    reason: str = "",
    review_date: date | None = None,
) -> MentorProfile:
    """The one way a status changes. ``review_date`` is set with it (only a pause keeps one)."""
    locked = MentorProfile.objects.select_for_update().get(pk=profile.pk)
    if to not in ALLOWED_MOVES.get(locked.status, frozenset()):
        raise refuse(
            _("%(name)s is %(status)s, so they cannot be moved to '%(to)s'.")
            % {
                "name": locked.user,
                "status": locked.get_status_display().lower(),
                "to": MentorStatus(to).label.lower(),
            }
        )
    before = locked.status
    locked.status = to
    locked.review_date = review_date
    locked.review_prompted_for = None
    locked.full_clean()
    locked.save(update_fields=["status", "review_date", "review_prompted_for", "updated_at"])
    change = MentorStatusChange(
        profile=locked, from_status=before, to_status=to, reason=reason, changed_by=actor
    )
    change.full_clean()
    change.save()
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_MENTOR_SET_STATUS,
        obj=locked,
        detail={"from": before, "to": to},
    )
    profile.status = locked.status
    profile.review_date = locked.review_date
    return locked


def _set_mentor_role(user: User, *, on: bool) -> None:
    group = Group.objects.get(name=Role.MENTOR)
    if on:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    user.__dict__.pop("roles", None)


def _withdraw_future_signups(profile: MentorProfile) -> int:
    """Free the places of someone who pauses or leaves, and move the waiting lists up."""
    from peersupport.services.signups import signup_withdraw

    future = SignUp.objects.select_related("occurrence__series", "user").filter(
        user=profile.user, status__in=ACTIVE_SIGNUP_STATUSES, starts_at__gt=timezone.now()
    )
    count = 0
    for signup in future:
        signup_withdraw(signup=signup, actor=None, notify_person=False)
        count += 1
    return count


@transaction.atomic
def referral_create(
    *,
    user: User,
    actor: User,
    referrer_name: str,
    referrer_role: str,
    reason: str,
    consent: bool,
    referrer_organisation: str = "",
) -> Referral:
    """Refer a member to peer support. They must have agreed to it."""
    if not consent:
        raise refuse(_("Only refer someone who has agreed to it."), "consent")
    if not user.is_active or not user.has_role(Role.MEMBER, Role.MENTOR):
        raise refuse(_("Only members can be referred to peer support."), "user")
    profile, created = MentorProfile.objects.get_or_create(user=user)
    if created:
        history = MentorStatusChange(
            profile=profile,
            from_status="",
            to_status=MentorStatus.REFERRED,
            changed_by=actor,
            reason=reason,
        )
        history.full_clean()
        history.save()
        audit_record(actor=actor, action=AuditAction.PEERSUPPORT_REFERRAL_RECORD, obj=profile)
    elif profile.status in (MentorStatus.LEFT, MentorStatus.NOT_SUITABLE):
        _move(profile=profile, to=MentorStatus.REFERRED, actor=actor, reason=reason)
    else:
        raise refuse(
            _("%(name)s is already in peer support (%(status)s).")
            % {"name": user, "status": profile.get_status_display().lower()},
            "user",
        )
    referral = Referral(
        profile=profile,
        referrer_name=referrer_name.strip(),
        referrer_role=referrer_role,
        referrer_organisation=referrer_organisation.strip(),
        reason=reason.strip(),
        consent=True,
        recorded_by=actor,
    )
    referral.full_clean()
    referral.save()
    return referral


@transaction.atomic
def assessment_record(
    *,
    profile: MentorProfile,
    actor: User,
    assessed_on: date,
    motivation: str,
    engagement: str,
    stability: str,
    outcome: str,
    review_date: date | None = None,
    notes: str = "",
) -> Assessment:
    """Record the suitability assessment and move the person on accordingly.

    "Not yet" keeps them referred with a date to look again: the report says a lapse
    "would not necessarily preclude" involvement, so the door stays open.
    """
    profile = MentorProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.status != MentorStatus.REFERRED:
        raise refuse(
            _("Only someone waiting for assessment can be assessed. %(name)s is %(status)s.")
            % {"name": profile.user, "status": profile.get_status_display().lower()}
        )
    if assessed_on > timezone.localdate():
        raise refuse(_("The assessment date cannot be in the future."), "assessed_on")
    if outcome == AssessmentOutcome.NOT_YET:
        if review_date is None:
            raise refuse(_("Give a date to look at this again."), "review_date")
        if review_date <= timezone.localdate():
            raise refuse(_("The review date must be in the future."), "review_date")
    assessment = Assessment(
        profile=profile,
        assessor=actor,
        assessed_on=assessed_on,
        motivation=motivation.strip(),
        engagement=engagement.strip(),
        stability=stability.strip(),
        outcome=outcome,
        review_date=review_date if outcome == AssessmentOutcome.NOT_YET else None,
        notes=notes.strip(),
    )
    assessment.full_clean()
    assessment.save()
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_ASSESSMENT_RECORD,
        obj=profile,
        detail={"outcome": outcome},
    )
    if outcome == AssessmentOutcome.SUITABLE:
        _move(profile=profile, to=MentorStatus.TRAINING, actor=actor, reason=_("Assessed suitable"))
    elif outcome == AssessmentOutcome.NOT_SUITABLE:
        _move(
            profile=profile,
            to=MentorStatus.NOT_SUITABLE,
            actor=actor,
            reason=_("Assessed not suitable"),
        )
    else:
        MentorProfile.objects.filter(pk=profile.pk).update(
            review_date=review_date, review_prompted_for=None
        )
    return assessment


@transaction.atomic
def qualification_record(
    *,
    profile: MentorProfile,
    qualification: Qualification,
    completed_on: date,
    actor: User | None,
) -> MentorQualification:
    """Record completed training. Certificates for it are awarded by the certificate job."""
    profile = MentorProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.status not in (MentorStatus.TRAINING, MentorStatus.ACTIVE, MentorStatus.PAUSED):
        raise refuse(
            _(
                "Training can be recorded once someone has been assessed suitable. "
                "%(name)s is %(status)s."
            )
            % {"name": profile.user, "status": profile.get_status_display().lower()}
        )
    if completed_on > timezone.localdate():
        raise refuse(_("The date cannot be in the future."), "completed_on")
    if MentorQualification.objects.filter(profile=profile, qualification=qualification).exists():
        raise refuse(
            _("%(name)s already has '%(qualification)s'.")
            % {"name": profile.user, "qualification": qualification},
            "qualification",
        )
    record = MentorQualification(
        profile=profile,
        qualification=qualification,
        completed_on=completed_on,
        recorded_by=actor,
    )
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_QUALIFICATION_RECORD,
        obj=profile,
        detail={"qualification": qualification.name},
    )
    _queue_certificates(profile.user_id)
    return record


def _queue_certificates(user_id: int) -> None:
    transaction.on_commit(lambda: award_certificates_task.delay([user_id]))


def missing_to_start(profile: MentorProfile) -> list[str]:
    """What stops this person becoming active, in plain words (empty: nothing)."""
    missing = []
    latest = profile.assessments.order_by("-assessed_on", "-id").first()
    if latest is None or latest.outcome != AssessmentOutcome.SUITABLE:
        missing.append(_("an assessment that found them suitable"))
    held = set(profile.qualifications.values_list("qualification_id", flat=True))
    for qualification in Qualification.objects.filter(required_to_start=True):
        if qualification.pk not in held:
            missing.append(_("the training '%(name)s'") % {"name": qualification.name})
    return missing


@transaction.atomic
def mentor_activate(*, profile: MentorProfile, actor: User) -> MentorProfile:
    """Make someone an active mentor: only when assessed suitable and trained."""
    profile = MentorProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if profile.status not in (MentorStatus.TRAINING, MentorStatus.PAUSED):
        raise refuse(
            _("%(name)s is %(status)s, so they cannot be made active.")
            % {"name": profile.user, "status": profile.get_status_display().lower()}
        )
    missing = missing_to_start(profile)
    if missing:
        raise refuse(
            _("%(name)s cannot be active yet. They still need %(missing)s.")
            % {"name": profile.user, "missing": _(" and ").join(missing)}
        )
    resumed = profile.status == MentorStatus.PAUSED
    _move(
        profile=profile,
        to=MentorStatus.ACTIVE,
        actor=actor,
        reason=_("Back from a pause") if resumed else _("Trained and ready"),
    )
    _set_mentor_role(profile.user, on=True)
    notify(
        user=profile.user,
        kind=NotificationKind.PEERSUPPORT_STATUS,
        context={"status": MentorStatus.ACTIVE, "resumed": resumed},
        link=reverse("peersupport:occurrence-list"),
    )
    return profile


@transaction.atomic
def mentor_pause(
    *, profile: MentorProfile, actor: User, reason: str, review_date: date
) -> MentorProfile:
    """Pause an active mentor, for example after a lapse, with a date to look again."""
    reason = reason.strip()
    if not reason:
        raise refuse(_("Say why they are pausing."), "reason")
    if review_date <= timezone.localdate():
        raise refuse(_("The review date must be in the future."), "review_date")
    profile = MentorProfile.objects.select_related("user").get(pk=profile.pk)
    _move(
        profile=profile, to=MentorStatus.PAUSED, actor=actor, reason=reason, review_date=review_date
    )
    withdrawn = _withdraw_future_signups(profile)
    withdrawn += shifts_release_for(user=profile.user, actor=actor, reason=_("Paused"))
    notify(
        user=profile.user,
        kind=NotificationKind.PEERSUPPORT_STATUS,
        context={"status": MentorStatus.PAUSED, "review_date": review_date, "withdrawn": withdrawn},
        link=reverse("peersupport:my-schedule"),
    )
    return profile


@transaction.atomic
def mentor_leave(*, profile: MentorProfile, actor: User, reason: str) -> MentorProfile:
    """Someone stops being a mentor. Their history and certificates stay."""
    reason = reason.strip()
    if not reason:
        raise refuse(_("Say why they are leaving."), "reason")
    profile = MentorProfile.objects.select_related("user").get(pk=profile.pk)
    _move(profile=profile, to=MentorStatus.LEFT, actor=actor, reason=reason)
    _withdraw_future_signups(profile)
    shifts_release_for(user=profile.user, actor=actor, reason=_("Left peer support"))
    _set_mentor_role(profile.user, on=False)
    return profile


def reviews_prompt(*, today: date | None = None) -> int:
    """Tell staff about reviews due (paused mentors, 'not yet' assessments). Safe to run twice.

    Claim: ``review_prompted_for`` is set to the review date by a conditional update, and
    only the run that changes the row sends the message.
    """
    today = today or timezone.localdate()
    due = MentorProfile.objects.select_related("user").filter(
        status__in=(MentorStatus.PAUSED, MentorStatus.REFERRED),
        review_date__lte=today,
    )
    sent = 0
    for profile in due:
        if profile.review_prompted_for == profile.review_date:
            continue
        with transaction.atomic():
            claimed = (
                MentorProfile.objects.filter(pk=profile.pk, review_date=profile.review_date)
                .exclude(review_prompted_for=profile.review_date)
                .update(review_prompted_for=profile.review_date)
            )
            if not claimed:
                continue
            last = profile.history.select_related("changed_by").first()
            staff = last.changed_by if last else None
            if staff is None or not staff.is_active or not staff.has_role(Role.STAFF):
                continue  # it still shows on the staff page's "reviews due" list
            notify(
                user=staff,
                kind=NotificationKind.PEERSUPPORT_REVIEW_DUE,
                context={"profile": profile, "review_date": profile.review_date},
                dedupe_key=f"peer-review-{profile.pk}-{profile.review_date:%Y%m%d}",
                link=reverse("peersupport:mentor-detail", kwargs={"pk": profile.pk}),
            )
            sent += 1
    return sent


@transaction.atomic
def certificate_name_set(*, user: User, name: str) -> MentorProfile:
    profile = MentorProfile.objects.filter(user=user).first()
    if profile is None:
        raise refuse(_("You do not have a peer-support record yet."), "name")
    profile.certificate_name = name.strip()
    profile.full_clean()
    profile.save(update_fields=["certificate_name", "updated_at"])
    return profile
