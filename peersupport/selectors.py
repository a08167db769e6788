"""Reads for peer-support pages. Each returns what the page needs in a fixed number of queries."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from peersupport.models import (
    ACTIVE_SIGNUP_STATUSES,
    Assessment,
    Certificate,
    MentorProfile,
    MentorQualification,
    MentorStatus,
    MentorStatusChange,
    Occurrence,
    OccurrenceStatus,
    Referral,
    SessionSeries,
    SignUp,
    SignUpRole,
    SignUpStatus,
)
from users.models import User
from users.roles import Role


def _with_counts(qs: QuerySet[Occurrence]) -> QuerySet[Occurrence]:
    return qs.annotate(
        taken_mentor=Count(
            "signups",
            filter=Q(signups__status=SignUpStatus.CONFIRMED, signups__role=SignUpRole.MENTOR),
        ),
        taken_participant=Count(
            "signups",
            filter=Q(signups__status=SignUpStatus.CONFIRMED, signups__role=SignUpRole.PARTICIPANT),
        ),
        waiting=Count("signups", filter=Q(signups__status=SignUpStatus.WAITING)),
    )


def occurrences_upcoming(
    *, session_type: str = "", start: date | None = None, weeks: int = 4
) -> QuerySet[Occurrence]:
    """Sessions still to come, with places taken, for the sign-up list."""
    now = timezone.now()
    start_at = now
    if start is not None:
        start_at = max(now, timezone.make_aware(datetime.combine(start, datetime.min.time())))
    qs = Occurrence.objects.filter(
        starts_at__gte=start_at, starts_at__lt=start_at + timedelta(weeks=weeks)
    ).select_related("series")
    if session_type:
        qs = qs.filter(session_type=session_type)
    return _with_counts(qs).order_by("starts_at", "id")


def my_signups_by_occurrence(*, user: User, occurrence_ids: list[int]) -> dict[int, SignUp]:
    return {
        s.occurrence_id: s
        for s in SignUp.objects.filter(user=user, occurrence_id__in=occurrence_ids)
    }


def my_sessions(*, user: User) -> tuple[list[SignUp], list[SignUp]]:
    """A person's upcoming and past sign-ups (past: the last year)."""
    now = timezone.now()
    base = SignUp.objects.select_related("occurrence__series").filter(user=user)
    upcoming = list(
        base.filter(
            starts_at__gte=now,
            status__in=ACTIVE_SIGNUP_STATUSES + (SignUpStatus.SESSION_CANCELLED,),
        ).order_by("starts_at")[:100]
    )
    past = list(
        base.filter(starts_at__lt=now, starts_at__gte=now - timedelta(days=365))
        .exclude(status=SignUpStatus.WITHDRAWN)
        .order_by("-starts_at")[:100]
    )
    return upcoming, past


def occurrence_with_signups(*, pk: int) -> Occurrence:
    """One occurrence with its sign-ups and their people, for the detail page."""
    return _with_counts(
        Occurrence.objects.select_related("series", "facilitator").prefetch_related(
            Prefetch(
                "signups",
                queryset=SignUp.objects.select_related("user").order_by(
                    "role", "status", "queued_at", "id"
                ),
            )
        )
    ).get(pk=pk)


def mentors_for_staff(*, status: str = "", search: str = "") -> QuerySet[MentorProfile]:
    # A correlated count, worked out only for the page of mentors shown: a joined COUNT
    # grouped every mentor's sign-ups (300,000 at national scale) for each page and for the
    # paginator's total as well.
    attended = (
        SignUp.objects.filter(user_id=OuterRef("user_id"), attendance="attended")
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = MentorProfile.objects.select_related("user").annotate(
        attended=Coalesce(Subquery(attended), 0)
    )
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(
            Q(user__display_name__icontains=search) | Q(user__username__icontains=search)
        )
    return qs.order_by("user__display_name", "user__username")


def mentor_counts() -> dict[str, int]:
    rows = MentorProfile.objects.values_list("status").annotate(n=Count("id"))
    counts = {status: 0 for status in MentorStatus.values}
    counts.update(dict(rows))
    return counts


def reviews_due(*, today: date | None = None) -> QuerySet[MentorProfile]:
    today = today or timezone.localdate()
    return (
        MentorProfile.objects.select_related("user")
        .filter(status__in=(MentorStatus.PAUSED, MentorStatus.REFERRED), review_date__lte=today)
        .order_by("review_date")
    )


def mentor_detail(*, pk: int) -> MentorProfile:
    return (
        MentorProfile.objects.select_related("user")
        .prefetch_related(
            Prefetch("history", queryset=MentorStatusChange.objects.select_related("changed_by")),
            Prefetch("referrals", queryset=Referral.objects.select_related("recorded_by")),
            Prefetch("assessments", queryset=Assessment.objects.select_related("assessor")),
            Prefetch(
                "qualifications",
                queryset=MentorQualification.objects.select_related("qualification"),
            ),
        )
        .get(pk=pk)
    )


def series_list() -> QuerySet[SessionSeries]:
    now = timezone.now()
    return (
        SessionSeries.objects.select_related("facilitator")
        .annotate(
            upcoming=Count(
                "occurrences",
                filter=Q(
                    occurrences__starts_at__gte=now, occurrences__status=OccurrenceStatus.SCHEDULED
                ),
            )
        )
        .order_by("-is_active", "title")
    )


def series_occurrences(*, series: SessionSeries, past: bool = False) -> QuerySet[Occurrence]:
    now = timezone.now()
    qs = (
        series.occurrences.filter(starts_at__lt=now)
        if past
        else series.occurrences.filter(starts_at__gte=now)
    )
    qs = _with_counts(qs)
    return qs.order_by("-starts_at") if past else qs.order_by("starts_at")


def active_mentors() -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        mentor_profile__status__in=(MentorStatus.ACTIVE, MentorStatus.TRAINING),
    ).order_by("display_name", "username")


def facilitators() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, groups__name=Role.STAFF)
        .order_by("display_name", "username")
        .distinct()
    )


def certificates_for(*, user: User) -> QuerySet[Certificate]:
    return Certificate.objects.filter(user=user).select_related("rule")


def published_minutes() -> QuerySet[Occurrence]:
    """Consultation Group minutes that have been published, newest first (for the council)."""
    return Occurrence.objects.filter(minutes_published_at__isnull=False).order_by("-starts_at")
