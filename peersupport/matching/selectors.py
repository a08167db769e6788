"""Reads for mentoring matches, with the ranking of suggested mentors, and for safeguarding
concerns (only views behind the peer-staff getter call those).

The ranking runs in the database as one query: hard filters first, then a score made of
parts that are each annotated, so the page can show why a mentor is where they are.

Hard filters (a mentor failing any is not suggested):
  * an active peer mentor with a matching profile, taking people on, offering this kind of
    help (mentoring or befriending) and at least one of the kinds of support asked for;
  * capacity left: fewer live matches (proposed, active or paused) than they can take;
  * every preference the person marked as a must (gender, language, area, experience);
  * no do-not-match entry between the two, and not already matched with them.

Score (higher is a better fit):
  * 10 for each kind of support asked for that the mentor offers;
  * 20 if the gender asked for, 20 if they speak the language, 15 if they cover the area;
  * 10 for each area of lived experience asked for that the mentor has;
  * 2 for each free place up to 3, so work is spread across mentors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.utils.translation import gettext as _

from peersupport.models import (
    LIVE_MATCH_STATUSES,
    ConcernStatus,
    ConcernUpdate,
    ContactLog,
    DoNotMatch,
    HelpKind,
    Match,
    MatchChange,
    MatchGender,
    MatchRequest,
    MatchRequestStatus,
    MentorMatchProfile,
    MentorStatus,
    SafeguardingConcern,
    Severity,
)
from users.models import User

if TYPE_CHECKING:
    from peersupport.matching.models import RankedMentor

W_SUPPORT = 10
W_GENDER = 20
W_LANGUAGE = 20
W_AREA = 15
W_EXPERIENCE = 10
W_CAPACITY = 2
CAPACITY_COUNTED = 3

SUPPORT_KINDS = ("emotional", "social", "practical")

Languages = MentorMatchProfile.languages.through
Areas = MentorMatchProfile.areas.through
Experience = MentorMatchProfile.experience.through


def _points(condition: Q, weight: int) -> Case:
    return Case(When(condition, then=Value(weight)), default=Value(0), output_field=IntegerField())


def ranked_mentors(request: MatchRequest) -> QuerySet[RankedMentor]:
    """Mentors who pass the hard filters for ``request``, each with its score and parts.

    ``request.experience`` is read once (one query) to build the query.
    """
    live = (
        Match.objects.filter(mentor=OuterRef("profile__user"), status__in=LIVE_MATCH_STATUSES)
        .order_by()
        .values("mentor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    wanted = list(request.experience.values_list("pk", flat=True))
    shared = (
        # django-stubs cannot see annotate() names on an auto-created through model (stubs gap)
        Experience.objects.filter(  # type: ignore[misc]
            mentormatchprofile_id=OuterRef("pk"), experiencetopic_id__in=wanted
        )
        .order_by()
        .values("mentormatchprofile_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # Without a language (area) asked for, no mentor "speaks" ("covers") it: the score and
    # the filters below read these only when one was asked for.
    speaks = (
        Exists(
            Languages.objects.filter(
                mentormatchprofile_id=OuterRef("pk"), language_id=request.language_id
            )
        )
        if request.language_id
        else Value(False)
    )
    covers = (
        Exists(Areas.objects.filter(mentormatchprofile_id=OuterRef("pk"), area_id=request.area_id))
        if request.area_id
        else Value(False)
    )
    offers = (
        Q(offers_mentoring=True) if request.kind == HelpKind.MENTOR else Q(offers_befriending=True)
    )
    needs = [kind for kind in SUPPORT_KINDS if getattr(request, kind)]
    any_need = Q()
    for kind in needs:
        any_need |= Q(**{kind: True})

    qs = (
        MentorMatchProfile.objects.select_related("profile__user")
        .filter(
            offers,
            any_need,
            accepting=True,
            profile__status=MentorStatus.ACTIVE,
            profile__user__is_active=True,
        )
        .exclude(profile__user_id=request.member_id)
        .exclude(
            Exists(
                DoNotMatch.objects.filter(
                    mentor=OuterRef("profile__user"), member=request.member_id
                )
            )
        )
        .exclude(
            Exists(
                Match.objects.filter(
                    mentor=OuterRef("profile__user"),
                    member=request.member_id,
                    status__in=LIVE_MATCH_STATUSES,
                )
            )
        )
        .annotate(
            live_count=Coalesce(Subquery(live, output_field=IntegerField()), Value(0)),
            shared_experience=Coalesce(Subquery(shared, output_field=IntegerField()), Value(0)),
            speaks=ExpressionWrapper(speaks, output_field=BooleanField()),
            covers=ExpressionWrapper(covers, output_field=BooleanField()),
        )
        .filter(live_count__lt=F("capacity"))
    )
    if request.gender and request.gender_must:
        qs = qs.filter(gender=request.gender)
    if request.language_id and request.language_must:
        qs = qs.filter(speaks=True)
    if request.area_id and request.area_must:
        qs = qs.filter(covers=True)
    if wanted and request.experience_must:
        qs = qs.filter(shared_experience=len(wanted))

    support: Expression = Value(0, output_field=IntegerField())
    for kind in needs:
        support = support + _points(Q(**{kind: True}), W_SUPPORT)
    qs = qs.annotate(
        s_support=ExpressionWrapper(support, output_field=IntegerField()),
        s_gender=_points(Q(gender=request.gender), W_GENDER) if request.gender else Value(0),
        s_language=_points(Q(speaks=True), W_LANGUAGE) if request.language_id else Value(0),
        s_area=_points(Q(covers=True), W_AREA) if request.area_id else Value(0),
        s_experience=ExpressionWrapper(
            F("shared_experience") * W_EXPERIENCE, output_field=IntegerField()
        ),
        s_capacity=ExpressionWrapper(
            Least(
                ExpressionWrapper(F("capacity") - F("live_count"), output_field=IntegerField()),
                Value(CAPACITY_COUNTED),
            )
            * W_CAPACITY,
            output_field=IntegerField(),
        ),
    ).annotate(
        score=ExpressionWrapper(
            F("s_support")
            + F("s_gender")
            + F("s_language")
            + F("s_area")
            + F("s_experience")
            + F("s_capacity"),
            output_field=IntegerField(),
        )
    )
    return qs.order_by("-score", "live_count", "profile__user__display_name", "pk")


def suggestions(request: MatchRequest, *, limit: int = 20) -> list[RankedMentor]:
    """The best-fitting mentors with what they offer. Five queries, whatever the numbers."""
    rows = list(
        ranked_mentors(request).prefetch_related("languages", "areas", "experience")[:limit]
    )
    for row in rows:
        row.parts = breakdown(row, request)
    return rows


@dataclass(frozen=True)
class Part:
    label: str
    points: int
    why: str


def breakdown(row: RankedMentor, request: MatchRequest) -> list[Part]:
    """The score's parts in plain words, from the row's annotations (no queries)."""
    needs = [kind for kind in SUPPORT_KINDS if getattr(request, kind)]
    offered = [kind for kind in needs if getattr(row, kind)]
    parts = [
        Part(
            _("Kinds of support"),
            row.s_support,
            _("Offers %(offered)s of the %(asked)s support asked for.")
            % {"offered": _(" and ").join(offered) or _("none"), "asked": _(" and ").join(needs)},
        )
    ]
    if request.gender:
        parts.append(
            Part(
                _("Gender"),
                row.s_gender,
                _("Is %(gender)s, as asked.")
                % {"gender": MatchGender(request.gender).label.lower()}
                if row.s_gender
                else _("Not %(gender)s.") % {"gender": MatchGender(request.gender).label.lower()},
            )
        )
    if request.language_id:
        parts.append(
            Part(
                _("Language"),
                row.s_language,
                (_("Speaks %(language)s.") if row.speaks else _("Does not speak %(language)s."))
                % {"language": request.language},
            )
        )
    if request.area_id:
        parts.append(
            Part(
                _("Area"),
                row.s_area,
                (_("Covers %(area)s.") if row.covers else _("Does not cover %(area)s."))
                % {"area": request.area},
            )
        )
    if row.shared_experience or request.experience_must:
        parts.append(
            Part(
                _("Lived experience"),
                row.s_experience,
                _("Has %(n)d of the kinds of experience asked for.") % {"n": row.shared_experience},
            )
        )
    parts.append(
        Part(
            _("Room to take someone on"),
            row.s_capacity,
            _("Supporting %(live)d of up to %(capacity)d people.")
            % {"live": row.live_count, "capacity": row.capacity},
        )
    )
    return parts


def reasons_not_suggested(request: MatchRequest, mentor: User) -> list[str]:
    """Why a mentor is not among the suggestions, in plain words (for a refused match)."""
    reasons = []
    profile = (
        MentorMatchProfile.objects.select_related("profile").filter(profile__user=mentor).first()
    )
    if profile is None:
        return [_("they have not filled in what they offer for one-to-one matching")]
    if profile.profile.status != MentorStatus.ACTIVE or not mentor.is_active:
        reasons.append(_("they are not an active peer mentor"))
    if not profile.accepting:
        reasons.append(_("they are not taking anyone new on"))
    if DoNotMatch.objects.filter(mentor=mentor, member=request.member_id).exists():
        reasons.append(_("there is a do-not-match entry for the two of them"))
    live = Match.objects.filter(mentor=mentor, status__in=LIVE_MATCH_STATUSES)
    if live.filter(member=request.member_id).exists():
        reasons.append(_("they are already matched with this person"))
    if live.count() >= profile.capacity:
        reasons.append(_("they have no room for anyone else"))
    if mentor.pk == request.member_id:
        reasons.append(_("they are the person asking"))
    return reasons or [_("they do not meet what this person needs")]


# --- Lists and details ------------------------------------------------------------------


def requests_waiting() -> QuerySet[MatchRequest]:
    return (
        MatchRequest.objects.select_related("member", "language", "area")
        .filter(status=MatchRequestStatus.OPEN)
        .order_by("created_at", "id")
    )


def live_matches() -> QuerySet[Match]:
    return (
        Match.objects.select_related("mentor", "member")
        .filter(status__in=LIVE_MATCH_STATUSES)
        .annotate(contact_count=Count("contacts"))
        .order_by("review_date", "id")
    )


def request_detail(*, pk: int) -> MatchRequest:
    return (
        MatchRequest.objects.select_related("member", "requested_by", "language", "area")
        .prefetch_related(
            "experience",
            Prefetch(
                "matches", queryset=Match.objects.select_related("mentor").order_by("-created_at")
            ),
        )
        .get(pk=pk)
    )


def my_requests(*, user: User) -> list[MatchRequest]:
    return list(
        MatchRequest.objects.filter(member=user)
        .prefetch_related(
            Prefetch(
                "matches",
                queryset=Match.objects.select_related("mentor").order_by("-created_at"),
            )
        )
        .order_by("-created_at")[:20]
    )


def mentor_matches(*, user: User) -> list[Match]:
    return list(
        Match.objects.select_related("member", "request")
        .filter(mentor=user)
        .annotate(contact_count=Count("contacts"))
        .order_by("status", "-created_at")[:100]
    )


def match_detail(*, pk: int) -> Match:
    return (
        Match.objects.select_related("mentor", "member", "request", "matched_by")
        .prefetch_related(
            Prefetch("contacts", queryset=ContactLog.objects.order_by("-contact_on", "-id")),
            Prefetch("history", queryset=MatchChange.objects.select_related("changed_by")),
        )
        .get(pk=pk)
    )


def do_not_match_entries() -> QuerySet[DoNotMatch]:
    return DoNotMatch.objects.select_related("mentor", "member", "recorded_by").order_by(
        "-created_at"
    )


# --- Safeguarding concerns ---------------------------------------------------------------

OPEN_CONCERN = ~Q(status=ConcernStatus.CLOSED)


@dataclass(frozen=True)
class ConcernSummary:
    open: int
    new: int
    serious: int
    latest_pk: int | None


def concern_summary() -> ConcernSummary:
    """For the staff banner: how many are not closed, how many nobody has picked up yet."""
    row = SafeguardingConcern.objects.aggregate(
        open=Count("pk", filter=OPEN_CONCERN),
        new=Count("pk", filter=Q(status=ConcernStatus.OPEN)),
        serious=Count(
            "pk",
            filter=Q(status=ConcernStatus.OPEN, severity__in=(Severity.HIGH, Severity.URGENT)),
        ),
        latest=Max("pk", filter=Q(status=ConcernStatus.OPEN)),
    )
    return ConcernSummary(
        open=row["open"], new=row["new"], serious=row["serious"], latest_pk=row["latest"]
    )


def concerns(*, include_closed: bool = False) -> QuerySet[SafeguardingConcern]:
    qs = SafeguardingConcern.objects.select_related("raised_by", "about", "assigned_to")
    if not include_closed:
        qs = qs.filter(OPEN_CONCERN)
    return qs.order_by("-created_at", "-id")


def concern_detail(*, pk: int) -> SafeguardingConcern:
    return (
        SafeguardingConcern.objects.select_related(
            "raised_by", "about", "assigned_to", "match__mentor", "contact"
        )
        .prefetch_related(Prefetch("updates", queryset=ConcernUpdate.objects.select_related("by")))
        .get(pk=pk)
    )
