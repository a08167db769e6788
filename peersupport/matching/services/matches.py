"""Mentoring matches: requests, staff referrals, matching, the match lifecycle, contact logs.

Nothing is matched automatically: staff choose from the ranked suggestions
(``peersupport.matching.selectors``) and the service checks again, with the request and the
mentor's matching profile locked, that the mentor still passes every hard filter.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.notification_kinds import NotificationKind
from core.services import audit_record, notify
from peersupport.common import refuse
from peersupport.models import (
    LIVE_MATCH_STATUSES,
    MATCH_MOVES,
    Area,
    ContactLog,
    DoNotMatch,
    ExperienceTopic,
    Language,
    Match,
    MatchChange,
    MatchRequest,
    MatchRequestSource,
    MatchRequestStatus,
    MatchStatus,
    MentorMatchProfile,
    MentorProfile,
)
from users.models import User
from users.roles import MEMBER_ROLES, Role

DEFAULT_REVIEW_AFTER = timedelta(weeks=12)


def _is_peer_staff(user: User) -> bool:
    return user.has_role(Role.STAFF, Role.ADMINISTRATOR)


# --- What a mentor offers ---------------------------------------------------------------


@transaction.atomic
def match_profile_save(
    *,
    profile: MentorProfile,
    actor: User,
    accepting: bool,
    offers_mentoring: bool,
    offers_befriending: bool,
    emotional: bool,
    social: bool,
    practical: bool,
    gender: str,
    languages: list[Language],
    areas: list[Area],
    experience: list[ExperienceTopic],
    capacity: int,
    about: str = "",
) -> MentorMatchProfile:
    """Save what a mentor offers for one-to-one matching (the mentor, or staff)."""
    if not (offers_mentoring or offers_befriending):
        raise refuse(_("Choose mentoring, befriending or both."), "offers_mentoring")
    if not (emotional or social or practical):
        raise refuse(_("Choose at least one kind of support you can give."), "emotional")
    live = Match.objects.filter(mentor=profile.user, status__in=LIVE_MATCH_STATUSES).count()
    if capacity < live:
        raise refuse(
            _("You are supporting %(n)d people now, so enter %(n)d or more.") % {"n": live},
            "capacity",
        )
    match_profile, _created = MentorMatchProfile.objects.select_for_update().get_or_create(
        profile=profile
    )
    for name, value in {
        "accepting": accepting,
        "offers_mentoring": offers_mentoring,
        "offers_befriending": offers_befriending,
        "emotional": emotional,
        "social": social,
        "practical": practical,
        "gender": gender,
        "capacity": capacity,
        "about": about.strip(),
    }.items():
        setattr(match_profile, name, value)
    match_profile.full_clean()
    match_profile.save()
    match_profile.languages.set(languages)
    match_profile.areas.set(areas)
    match_profile.experience.set(experience)
    audit_record(actor=actor, action=AuditAction.PEERSUPPORT_MATCH_PROFILE_UPDATE, obj=profile)
    return match_profile


# --- Requests ---------------------------------------------------------------------------


@transaction.atomic
def match_request_create(
    *,
    member: User,
    actor: User,
    kind: str,
    emotional: bool = False,
    social: bool = False,
    practical: bool = False,
    gender: str = "",
    gender_must: bool = False,
    language: Language | None = None,
    language_must: bool = False,
    area: Area | None = None,
    area_must: bool = False,
    experience: list[ExperienceTopic] | None = None,
    experience_must: bool = False,
    about: str = "",
    referral_reason: str = "",
) -> MatchRequest:
    """A member asks for a mentor or befriender, or staff refer them (with a reason)."""
    by_staff = actor.pk != member.pk
    if by_staff and not _is_peer_staff(actor):
        raise refuse(_("Only peer-support staff can ask for a mentor for someone else."))
    if not member.is_active or not member.has_role(*MEMBER_ROLES):
        raise refuse(_("Only members can be matched with a mentor."), "member")
    if by_staff and not referral_reason.strip():
        raise refuse(_("Say why you are referring them."), "referral_reason")
    if not (emotional or social or practical):
        raise refuse(_("Choose at least one kind of help."), "emotional")
    if gender_must and not gender:
        raise refuse(_("Choose the gender, or untick 'this must be so'."), "gender")
    if language_must and language is None:
        raise refuse(_("Choose the language, or untick 'this must be so'."), "language")
    if area_must and area is None:
        raise refuse(_("Choose the area, or untick 'this must be so'."), "area")
    if experience_must and not experience:
        raise refuse(_("Choose the experience, or untick 'this must be so'."), "experience")
    list(User.objects.select_for_update().filter(pk=member.pk).values_list("pk", flat=True))
    if MatchRequest.objects.filter(
        member=member, kind=kind, status__in=(MatchRequestStatus.OPEN, MatchRequestStatus.MATCHED)
    ).exists():
        raise refuse(
            _("%(name)s already has a request like this open.") % {"name": member}
            if by_staff
            else _("You have already asked. Staff will be in touch.")
        )
    request = MatchRequest(
        member=member,
        requested_by=actor,
        source=MatchRequestSource.STAFF if by_staff else MatchRequestSource.SELF,
        kind=kind,
        emotional=emotional,
        social=social,
        practical=practical,
        gender=gender,
        gender_must=gender_must and bool(gender),
        language=language,
        language_must=language_must and language is not None,
        area=area,
        area_must=area_must and area is not None,
        experience_must=experience_must and bool(experience),
        about=about.strip(),
        referral_reason=referral_reason.strip() if by_staff else "",
    )
    request.full_clean()
    request.save()
    request.experience.set(experience or [])
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_MATCH_REQUEST_CREATE,
        obj=request,
        detail={"source": request.source, "kind": kind},
    )
    if by_staff:
        notify(
            user=member,
            kind=NotificationKind.PEERSUPPORT_MATCH_REFERRED,
            context={"request": request},
            dedupe_key=f"peer-match-referred-{request.pk}",
            link=reverse("peersupport:my-requests"),
        )
    return request


@transaction.atomic
def match_request_withdraw(*, request: MatchRequest, actor: User) -> MatchRequest:
    claimed = MatchRequest.objects.filter(pk=request.pk, status=MatchRequestStatus.OPEN).update(
        status=MatchRequestStatus.WITHDRAWN, updated_at=timezone.now()
    )
    if not claimed:
        raise refuse(
            _("This request is no longer waiting. If you have been matched, talk to staff.")
        )
    audit_record(actor=actor, action=AuditAction.PEERSUPPORT_MATCH_REQUEST_WITHDRAW, obj=request)
    request.refresh_from_db()
    return request


# --- Matching ---------------------------------------------------------------------------


def _history(match: Match, *, before: str, actor: User | None, reason: str = "") -> None:
    change = MatchChange(
        match=match, from_status=before, to_status=match.status, reason=reason, changed_by=actor
    )
    change.full_clean()
    change.save()


@transaction.atomic
def match_create(
    *, request: MatchRequest, mentor: User, actor: User, review_date: date | None = None
) -> Match:
    """Staff match a request with a mentor from the suggestions. The mentor is asked first."""
    from peersupport.matching.selectors import breakdown, ranked_mentors, reasons_not_suggested

    if not _is_peer_staff(actor):
        raise refuse(_("Only peer-support staff can make a match."))
    request = MatchRequest.objects.select_for_update().select_related("member").get(pk=request.pk)
    if request.status != MatchRequestStatus.OPEN:
        raise refuse(_("This request is not waiting for a match any more."))
    # Locks the mentor's matching profile: two staff matching them at once cannot both use
    # their last free place.
    list(MentorMatchProfile.objects.select_for_update().filter(profile__user=mentor))
    row = ranked_mentors(request).filter(profile__user=mentor).first()
    if row is None:
        raise refuse(
            _("%(name)s cannot be matched with this person: %(reasons)s.")
            % {"name": mentor, "reasons": _("; ").join(reasons_not_suggested(request, mentor))},
            "mentor",
        )
    today = timezone.localdate()
    review_date = review_date or today + DEFAULT_REVIEW_AFTER
    if review_date <= today:
        raise refuse(_("The review date must be in the future."), "review_date")
    match = Match(
        request=request,
        mentor=mentor,
        member=request.member,
        status=MatchStatus.PROPOSED,
        review_date=review_date,
        matched_by=actor,
        fit={
            "score": row.score,
            "parts": [
                {"label": p.label, "points": p.points, "why": p.why}
                for p in breakdown(row, request)
            ],
        },
    )
    match.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            match.save()
    except IntegrityError:
        raise refuse(_("This request has just been matched by someone else.")) from None
    _history(match, before="", actor=actor)
    MatchRequest.objects.filter(pk=request.pk).update(
        status=MatchRequestStatus.MATCHED, updated_at=timezone.now()
    )
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_MATCH_CREATE,
        obj=match,
        detail={"request": request.pk, "mentor": mentor.pk, "score": row.score},
    )
    notify(
        user=mentor,
        kind=NotificationKind.PEERSUPPORT_MATCH_PROPOSED,
        context={"match": match, "request": request},
        dedupe_key=f"peer-match-proposed-{match.pk}",
        link=reverse("peersupport:match-detail", kwargs={"pk": match.pk}),
    )
    return match


@transaction.atomic
def match_move(
    *,
    match: Match,
    actor: User,
    to: str,
    reason: str = "",
    review_date: date | None = None,
) -> Match:
    """Move a match along: proposed -> active -> paused -> ended (see ``MATCH_MOVES``).

    The mentor may accept or decline a proposed match; staff may make any allowed move.
    Pausing needs a reason and a review date; ending or declining needs a reason. A match
    declined before it started puts the request back in the queue.
    """
    match = (
        Match.objects.select_for_update(of=("self",))
        .select_related("mentor", "member", "matched_by")
        .get(pk=match.pk)
    )
    is_staff = _is_peer_staff(actor)
    is_mentor = match.mentor_id == actor.pk
    if not is_staff and not (is_mentor and match.status == MatchStatus.PROPOSED):
        raise refuse(_("Only peer-support staff can change this match."))
    if to not in MATCH_MOVES.get(match.status, frozenset()):
        raise refuse(
            _("This match is %(status)s, so it cannot become %(to)s.")
            % {"status": match.get_status_display().lower(), "to": MatchStatus(to).label.lower()}
        )
    reason = reason.strip()
    today = timezone.localdate()
    if to in (MatchStatus.PAUSED, MatchStatus.ENDED) and not reason:
        raise refuse(_("Say why."), "reason")
    if to == MatchStatus.PAUSED and (review_date is None or review_date <= today):
        raise refuse(_("Give a review date in the future."), "review_date")
    before = match.status
    match.status = to
    if to == MatchStatus.ACTIVE and match.started_on is None:
        match.started_on = today
    if review_date is not None:
        match.review_date = review_date
        match.review_prompted_for = None
    if to == MatchStatus.ENDED:
        match.ended_on = today
        match.end_reason = reason
    match.full_clean(validate_constraints=False)
    match.save()
    _history(match, before=before, actor=actor, reason=reason)
    if to == MatchStatus.ENDED:
        back_in_queue = before == MatchStatus.PROPOSED
        MatchRequest.objects.filter(pk=match.request_id).update(
            status=MatchRequestStatus.OPEN if back_in_queue else MatchRequestStatus.CLOSED,
            updated_at=timezone.now(),
        )
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_MATCH_MOVE,
        obj=match,
        detail={"from": before, "to": to},
    )
    _tell_about_move(match, before=before, actor=actor)
    return match


def _tell_about_move(match: Match, *, before: str, actor: User) -> None:
    """Tell the people a move concerns. A member never hears of a match that did not start."""
    key = f"peer-match-{match.pk}-{before}-{match.status}-{match.history.count()}"
    mentor_link = reverse("peersupport:match-detail", kwargs={"pk": match.pk})
    member_link = reverse("peersupport:my-requests")
    if match.status == MatchStatus.ACTIVE and before == MatchStatus.PROPOSED:
        notify(
            user=match.member,
            kind=NotificationKind.PEERSUPPORT_MATCH_STARTED,
            context={"match": match},
            dedupe_key=f"{key}-member",
            link=member_link,
        )
        return
    told: list[tuple[User, str, str]] = []
    if before != MatchStatus.PROPOSED:
        told.append((match.member, member_link, "member"))
    if actor.pk != match.mentor_id:
        told.append((match.mentor, mentor_link, "mentor"))
    elif match.matched_by is not None and match.matched_by.is_active:
        told.append((match.matched_by, mentor_link, "staff"))
    for person, link, audience in told:
        notify(
            user=person,
            kind=NotificationKind.PEERSUPPORT_MATCH_CHANGED,
            context={"match": match, "audience": audience},
            dedupe_key=f"{key}-{person.pk}",
            link=link,
        )


def match_reviews_prompt(*, today: date | None = None) -> int:
    """Tell the member of staff who matched them that a match review is due. Safe to run twice."""
    today = today or timezone.localdate()
    due = Match.objects.select_related("matched_by", "mentor", "member").filter(
        status__in=(MatchStatus.ACTIVE, MatchStatus.PAUSED), review_date__lte=today
    )
    sent = 0
    for match in due:
        if match.review_prompted_for == match.review_date:
            continue
        with transaction.atomic():
            claimed = (
                Match.objects.filter(pk=match.pk, review_date=match.review_date)
                .exclude(review_prompted_for=match.review_date)
                .update(review_prompted_for=match.review_date)
            )
            if not claimed:
                continue
            staff = match.matched_by
            if staff is None or not staff.is_active or not staff.has_role(Role.STAFF):
                continue  # it still shows on the staff matching page
            notify(
                user=staff,
                kind=NotificationKind.PEERSUPPORT_MATCH_REVIEW,
                context={"match": match},
                dedupe_key=f"peer-match-review-{match.pk}-{match.review_date:%Y%m%d}",
                link=reverse("peersupport:match-detail", kwargs={"pk": match.pk}),
            )
            sent += 1
    return sent


# --- Do not match -----------------------------------------------------------------------


@transaction.atomic
def do_not_match_add(*, mentor: User, member: User, reason: str, actor: User) -> DoNotMatch:
    reason = reason.strip()
    if not reason:
        raise refuse(_("Say why these two must not be matched."), "reason")
    if mentor.pk == member.pk:
        raise refuse(_("Choose two different people."), "member")
    if Match.objects.filter(mentor=mentor, member=member, status__in=LIVE_MATCH_STATUSES).exists():
        raise refuse(_("These two are matched now. End the match first, then record this."))
    entry = DoNotMatch(mentor=mentor, member=member, reason=reason, recorded_by=actor)
    entry.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise refuse(_("This is already recorded.")) from None
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_DO_NOT_MATCH_ADD,
        obj=entry,
        detail={"mentor": mentor.pk, "member": member.pk},
    )
    return entry


@transaction.atomic
def do_not_match_remove(*, entry: DoNotMatch, actor: User) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_DO_NOT_MATCH_REMOVE,
        obj=entry,
        detail={"mentor": entry.mentor_id, "member": entry.member_id, "reason": entry.reason},
    )
    DoNotMatch.objects.filter(pk=entry.pk).delete()


# --- Contact logs -----------------------------------------------------------------------


@transaction.atomic
def contact_log(
    *,
    match: Match,
    actor: User,
    contact_on: date,
    duration_minutes: int,
    method: str,
    emotional: bool = False,
    social: bool = False,
    practical: bool = False,
    notes: str = "",
) -> ContactLog:
    """The mentor records a contact with the person they support."""
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.mentor_id != actor.pk:
        raise refuse(_("Only the mentor in this match can record contacts."))
    if match.status != MatchStatus.ACTIVE:
        raise refuse(_("Contacts can be recorded while the match is active."))
    if contact_on > timezone.localdate():
        raise refuse(_("The date cannot be in the future."), "contact_on")
    if match.started_on and contact_on < match.started_on:
        raise refuse(_("The date cannot be before the match started."), "contact_on")
    if not (emotional or social or practical):
        raise refuse(_("Choose at least one kind of support."), "emotional")
    contact = ContactLog(
        match=match,
        mentor=actor,
        contact_on=contact_on,
        duration_minutes=duration_minutes,
        method=method,
        emotional=emotional,
        social=social,
        practical=practical,
        notes=notes.strip(),
    )
    contact.full_clean()
    contact.save()
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_CONTACT_LOG,
        obj=match,
        detail={"contact": contact.pk},
    )
    return contact
